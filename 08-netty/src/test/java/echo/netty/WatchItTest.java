package echo.netty;

import echo.common.Frames;
import echo.common.Net;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.common.Transport;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Watch it" scenario, with the trace captured: A echoes while B sends 16 MiB and reads nothing; B's
 * echo piles up past the high watermark, the channel turns unwritable and EchoHandler stops reading from B (the
 * watcher sees auto-read go off), A is served meanwhile; once B reads, writability and auto-read come back on; B's
 * half-close ends the connection once its echo is sent. Then the framed server: a frame, and a refused length.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WatchItTest {
    /** Netty's thread factory names the event loop echo-08-netty-1-1 (echo-08-netty-framed-1-1 when framed). */
    static final String LOOP = "echo-08-netty-";

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aReaderThatLagsIsPausedAtTheHighMarkAndResumedBelowTheLow(Transport transport) throws Exception {
        Available.assume(transport);
        try (TracedServer watched = TracedServer.start(new NettyChapter(),
                ServerConfig.defaults().withPort(0).withTransport(transport));
             Socket b = new Socket()) {
            TraceCapture trace = watched.trace();
            TestClient a = watched.connect();
            String nameA = TracedServer.name(a);
            assertArrayEquals("hi".getBytes(), a.echo("hi".getBytes()));
            trace.awaitInOrder("active " + nameA, "read 2 bytes from " + nameA);

            b.setReceiveBufferSize(4096); // before connect: a small window, a reader that lags
            b.setSoTimeout(60_000);
            b.connect(watched.address());
            String nameB = Net.describe(b.getLocalSocketAddress());
            // More than the server's send buffer can grow to (4 MiB here): in the end B's echo waits in Netty's buffer.
            byte[] large = new byte[16 << 20];
            new Random(8).nextBytes(large);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    b.getOutputStream().write(large);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            // B reads nothing yet: its echo waits in the outbound buffer, past the high mark, and B is not read.
            List<Trace.Line> paused = trace.awaitInOrder("active " + nameB, "read ", "writability off for " + nameB,
                    "auto-read off for " + nameB);
            assertTrue(paused.get(1).text().startsWith("read ") && paused.get(1).text().contains(" from " + nameB),
                    paused.get(1).text());
            // EchoHandler's answer to the writability event, not some later one: the very next line of the loop's.
            List<Trace.Line> lines = trace.lines();
            assertEquals(paused.get(3), lines.get(lines.indexOf(paused.get(2)) + 1), "auto-read goes off on writability off\n"
                    + trace.dump());

            // B pauses and resumes while the kernel's buffers for it still grow; once they are full, B stays paused.
            // A is served then: its echo is traced while B's latest auto-read line is "off".
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int echoes = 2; !servedWhilePaused(trace.texts(), nameA, nameB); echoes++) {
                assertTrue(System.nanoTime() < deadline, "A was never served while B was paused\n" + trace.dump());
                assertArrayEquals("ok".getBytes(), a.echo("ok".getBytes()), "A is served while B is paused");
                int expected = echoes;
                trace.await("A's echo number " + echoes,
                        line -> trace.count("read 2 bytes from " + nameA) == expected);
            }

            byte[] back = new byte[large.length];
            InputStream in = b.getInputStream();
            for (int got = 0; got < back.length; ) {
                int n = in.read(back, got, back.length - got);
                assertTrue(n >= 0, "B gets every byte before the server closes");
                got += n;
            }
            assertArrayEquals(large, back, "pausing loses nothing");
            sending.get(60, TimeUnit.SECONDS);
            List<Trace.Line> resumed = trace.awaitInOrder("auto-read off for " + nameB,
                    "writability on for " + nameB, "auto-read on for " + nameB);
            lines = trace.lines();
            assertEquals(resumed.get(2), lines.get(lines.indexOf(resumed.get(1)) + 1), "auto-read comes back on with writability\n"
                    + trace.dump());

            b.shutdownOutput();
            trace.awaitInOrder("auto-read on for " + nameB, "input shutdown from " + nameB,
                    "inactive " + nameB + ": closed, its input ended");
            assertEquals(-1, in.read(), "the server closes once B's echo is sent");
            assertEquals(trace.count("writability off for " + nameB), trace.count("writability on for " + nameB),
                    "every pause has its resume\n" + trace.dump());
            trace.lines().forEach(line -> assertTrue(line.thread().startsWith(LOOP), "on the event loop: " + line));
            assertEquals(0, trace.trace().dropped(), "nothing flooded the queue");
        }
    }

    /** Whether the latest echo of A's was read after B's auto-read went off, and before it came back on. */
    private static boolean servedWhilePaused(List<String> texts, String nameA, String nameB) {
        int readA = -1;
        for (int i = texts.size() - 1; i >= 0 && readA < 0; i--) {
            readA = texts.get(i).startsWith("read 2 bytes from " + nameA) ? i : -1;
        }
        for (int i = readA - 1; i >= 0; i--) {
            if (texts.get(i).startsWith("auto-read ") && texts.get(i).contains(" for " + nameB + ":")) {
                return texts.get(i).startsWith("auto-read off");
            }
        }
        return false;
    }

    @Test
    void lengthsOnlyUnlessBytesAreAskedFor() throws IOException {
        TracedServer.assertLengthsOnlyUnlessBytesAreAskedFor(new NettyChapter(), ServerConfig.defaults().withPort(0));
    }

    @Test
    void framedTheWatcherSeesEachWholeFrameAndARefusedLength() throws Exception {
        try (TracedServer watched = TracedServer.start(new NettyFramedChapter(),
                ServerConfig.defaults().withPort(0).withMaxFrame(1024))) {
            TraceCapture trace = watched.trace();
            TestClient a = watched.connect();
            String nameA = TracedServer.name(a);
            byte[] payload = new byte[300];
            new Random(6).nextBytes(payload);
            ByteBuffer frame = Frames.encode(payload);
            ByteBuffer first = frame.duplicate().limit(100); // a frame in two pieces: two reads, one frame
            ByteBuffer rest = frame.duplicate().position(100);
            a.write(first);
            trace.await("read 100 bytes from " + nameA);
            a.write(rest);
            assertArrayEquals(frame.array(), a.read(frame.capacity()), "the frame comes back whole");
            trace.awaitInOrder("read 100 bytes from " + nameA, "read 204 bytes from " + nameA,
                    "frame of 300 bytes from " + nameA);
            assertEquals(1, trace.count("frame of "), "one frame, however many reads\n" + trace.dump());

            TestClient b = watched.connect();
            String nameB = TracedServer.name(b);
            b.write(Frames.header(1025));
            assertEquals(0, b.bytesUntilClosed(), "a length over the max closes the connection, nothing echoed");
            trace.awaitInOrder("active " + nameB, "refused a frame from " + nameB,
                    "inactive " + nameB + ": closed, frame refused");
            trace.lines().forEach(line -> assertTrue(line.thread().startsWith(LOOP), "on the event loop: " + line));
            assertEquals(0, trace.trace().dropped(), "nothing flooded the queue");
        }
    }
}
