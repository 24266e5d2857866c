package echo.selector;

import echo.common.Net;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.SelectorThreads;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Watch it" scenario, with the trace captured: two clients; B sends a large message and reads it
 * back slowly, so a write is partial, OP_WRITE goes on, and once the output drains it goes off; then both sit idle
 * and select() does not wake again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WatchItTest {
    static final String REACTOR = "echo-" + SelectorChapter.ID + "-reactor";

    @Test
    void aPartialWriteTurnsOpWriteOnTheDrainTurnsItOffThenTheLoopSleeps() throws Exception {
        try (TracedServer watched = TracedServer.start(new SelectorChapter(), ServerConfig.defaults().withPort(0));
             SocketChannel b = SocketChannel.open()) {
            TraceCapture trace = watched.trace();
            TestClient a = watched.connect();
            String nameA = TracedServer.name(a);
            assertArrayEquals("hi".getBytes(), a.echo("hi".getBytes()));
            trace.awaitInOrder("select() woke: 1 ready (1 accept)", "accepted " + nameA,
                    "select() woke: 1 ready (1 read)", "read 2 bytes from " + nameA, "wrote 2 bytes to " + nameA)
                    .forEach(line -> assertEquals(REACTOR, line.thread(), "one thread does it all"));

            b.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: a small window, a slow reader
            b.connect(watched.address());
            String nameB = Net.describe(b.getLocalAddress());
            byte[] large = new byte[4 << 20];
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    b.write(ByteBuffer.wrap(large));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // B reads nothing yet: the kernel takes part of an echo, the rest waits, and OP_WRITE goes on.
            trace.awaitInOrder("accepted " + nameB, "read 16384 bytes from " + nameB,
                    " bytes to " + nameB + " (partial: its send buffer is full)",
                    "OP_WRITE on for " + nameB + " (output pending)");
            ByteBuffer back = ByteBuffer.allocate(large.length);
            while (back.hasRemaining()) {
                assertTrue(b.read(back) >= 0, "B gets every byte before the server closes");
            }
            sending.get(60, TimeUnit.SECONDS);
            List<Trace.Line> drained = trace.awaitInOrder("OP_WRITE on for " + nameB,
                    "OP_WRITE: wrote ", "OP_WRITE off for " + nameB + " (drained)");
            drained.forEach(line -> assertEquals(REACTOR, line.thread()));

            // A's echo after B's last byte: every wake-up of B's is traced before the line this one makes.
            assertArrayEquals("ok".getBytes(), a.echo("ok".getBytes()));
            trace.await("A's second echo", line -> trace.count("wrote 2 bytes to " + nameA) == 2);
            SelectorThreads.awaitAsleepInSelect(((SelectorServer) watched.server()).reactorThread());
            long wakeups = trace.count("select() woke");
            // The claim is about time passing with nothing to do: watch a second go by, then count again.
            Thread.sleep(1000);
            assertEquals(wakeups, trace.count("select() woke"),
                    "two idle connections, OP_WRITE off: select() sleeps\n" + trace.dump());
            List<String> last = trace.texts().subList(trace.texts().size() - 3, trace.texts().size());
            assertTrue(last.get(2).startsWith("wrote 2 bytes to " + nameA), "nothing after A's echo: " + last);
            assertEquals(0, trace.trace().dropped(), "nothing flooded the queue");
        }
    }

    @Test
    void lengthsOnlyUnlessBytesAreAskedFor() throws IOException {
        TracedServer.assertLengthsOnlyUnlessBytesAreAskedFor(new SelectorChapter(), ServerConfig.defaults().withPort(0));
    }
}
