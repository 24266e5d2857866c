package echo.async;

import echo.common.Net;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Watch it" scenarios, with the trace captured: one client's accept, read, write, next read, end of
 * input and close, in that order, each completion on a thread of the group; and a client that does not read, for
 * which a write stays outstanding and no read is asked for.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WatchItTest {

    @Test
    void oneClientsCycleInOrderOnTheGroupsThreads() throws Exception {
        try (TracedServer watched = TracedServer.start(new AsyncChapter(), ServerConfig.defaults().withPort(0))) {
            TraceCapture trace = watched.trace();
            TestClient client = watched.connect();
            assertArrayEquals("hello".getBytes(), client.echo("hello".getBytes()));
            client.shutdownOutput();
            assertEquals(0, client.readUntilEof().length);
            String a = TracedServer.name(client);
            List<Trace.Line> cycle = trace.awaitInOrder("accept asked for", "accept completed: " + a,
                    "accept asked for", "serving " + a + " with a buffer of its own, 16384 bytes",
                    "read asked for on " + a, "read completed: 5 bytes from " + a,
                    "write asked for: 5 bytes to " + a, "write completed: 5 of 5 bytes to " + a,
                    "read asked for on " + a, "read completed: end of input from " + a,
                    "closed " + a + ": done (end of input, all echoed)");
            for (Trace.Line line : cycle.subList(1, cycle.size())) {
                assertTrue(line.thread().startsWith(Await.GROUP_THREAD), "on a group thread: " + line.format());
            }
        }
    }

    @Test
    void aClientThatDoesNotReadLeavesAWriteOutstandingAndNoReadAskedFor() throws Exception {
        try (TracedServer watched = TracedServer.start(new AsyncChapter(), ServerConfig.defaults().withPort(0));
             SocketChannel client = SocketChannel.open()) {
            TraceCapture trace = watched.trace();
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: it sets the window
            client.connect(watched.address());
            client.configureBlocking(false);
            String a = Net.describe(client.getLocalAddress());
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
            // Until the kernel takes no more and the server stops: its last word on this client is a write asked
            // for and not completed, and no read after it. The trace's lines come from other threads, and the
            // server goes on echoing for a while after our writes first return 0 (its buffers are still filling),
            // so one look can catch a write between asked and completed. A stall is such a look that still holds
            // after another client's echo: every line of this client traced before that echo has arrived by then.
            List<String> seen;
            while (true) {
                assertTrue(System.nanoTime() < deadline, "the writes should stall");
                if (client.write(chunk.clear()) == 0) {
                    List<String> before = trace.texts();
                    if (stalled(before, a)) {
                        try (TestClient probe = watched.connect()) {
                            assertArrayEquals("probe".getBytes(), probe.echo("probe".getBytes()));
                            trace.await("write completed: 5 of 5 bytes to " + TracedServer.name(probe));
                        }
                        seen = trace.texts();
                        if (stalled(seen, a) && count(seen, "write completed", a) == count(before, "write completed", a)) {
                            break;
                        }
                    }
                    Thread.sleep(10);
                }
            }
            assertEquals(count(seen, "write asked for", a) - 1, count(seen, "write completed", a),
                    "exactly one write outstanding: " + String.join("\n", seen));
        }
    }

    /** Whether the last thing asked for on {@code a} is a write that has not completed, and no read after it. */
    private static boolean stalled(List<String> texts, String a) {
        long lastWriteAsked = lastIndexOf(texts, "write asked for", a);
        return lastWriteAsked > lastIndexOf(texts, "write completed", a)
                && lastWriteAsked > lastIndexOf(texts, "read asked for on", a);
    }

    /** Whether {@code line} is an event of {@code what} for the client {@code a} (not one whose port starts alike). */
    private static boolean about(String line, String what, String a) {
        return line.startsWith(what) && (line.endsWith(" " + a) || line.contains(" " + a + " "));
    }

    private static long lastIndexOf(List<String> texts, String what, String a) {
        for (int i = texts.size() - 1; i >= 0; i--) {
            if (about(texts.get(i), what, a)) {
                return i;
            }
        }
        return -1;
    }

    private static long count(List<String> texts, String what, String a) {
        return texts.stream().filter(line -> about(line, what, a)).count();
    }
}
