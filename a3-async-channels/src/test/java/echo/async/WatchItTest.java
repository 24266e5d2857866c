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
            // Until the kernel takes no more: the server is not reading from this client any longer.
            while (true) {
                assertTrue(System.nanoTime() < deadline, "the writes should stall");
                if (client.write(chunk.clear()) == 0) {
                    long lastWriteAsked = lastIndexOf(trace, "write asked for");
                    long lastWriteDone = lastIndexOf(trace, "write completed");
                    long lastReadAsked = lastIndexOf(trace, "read asked for on " + a);
                    if (lastWriteAsked > lastWriteDone && lastWriteAsked > lastReadAsked) {
                        break; // the last thing asked for is a write that has not completed, and no read after it
                    }
                    Thread.sleep(10);
                }
            }
            assertEquals(trace.count("write asked for") - 1, trace.count("write completed"),
                    "exactly one write outstanding: " + trace.dump());
        }
    }

    private static long lastIndexOf(TraceCapture trace, String text) {
        List<String> texts = trace.texts();
        for (int i = texts.size() - 1; i >= 0; i--) {
            if (texts.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
