package echo.async;

import echo.common.Net;
import echo.testkit.StatsLines;
import echo.testkit.TraceCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code --trace} prints for each event, word for word, and what {@code --stats} and the tests read from the
 * counters, told a connection's events one by one (the order the server tells them in: see {@link Connection}).
 * The scenarios end to end, on the server's threads, are {@link WatchItTest}'s; this pins each line and figure, so
 * that a line that says the wrong count or drops its detail fails here.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncWatcherTest {

    @Test
    void eachEventIsOneLineThatSaysWhatHappenedAndTheCountersFollow() throws Exception {
        try (Pair pair = Pair.open(); TraceCapture capture = new TraceCapture(1 << 10, true)) {
            AsyncWatcher watcher = new AsyncWatcher(capture.trace());
            AsynchronousSocketChannel served = pair.served;
            String a = Net.describe(served.getRemoteAddress());
            // A read buffer that starts 8 bytes into its array: the preview must start where the buffer does.
            ByteBuffer buffer = ByteBuffer.allocate(8 + 8192).position(8).slice();

            watcher.accepting();
            watcher.accepted(served);
            watcher.serving(served, buffer);
            assertEquals(8192, watcher.bufferBytes(), "one read buffer for the connection");
            watcher.reading(served, buffer);
            assertEquals(1, watcher.pendingReads(), "a read asked for and not completed");
            buffer.put("hello, async".getBytes(StandardCharsets.US_ASCII));
            watcher.read(served, buffer, 12);
            assertEquals(0, watcher.pendingReads());
            buffer.flip();
            watcher.writing(served, buffer);
            assertEquals(1, watcher.pendingWrites(), "a write asked for and not completed");
            buffer.position(5); // the kernel took 5 of the 12
            watcher.wrote(served, buffer, 5);
            assertEquals(1, watcher.partialWrites());
            watcher.writing(served, buffer);
            buffer.position(12);
            watcher.wrote(served, buffer, 7);
            assertEquals(1, watcher.partialWrites(), "a write that finishes the buffer is no partial one");
            assertEquals(12, watcher.echoedBytes());
            buffer.clear();
            watcher.reading(served, buffer);
            watcher.read(served, buffer, -1);
            assertEquals(1, watcher.endsOfInput());
            watcher.reading(served, buffer);
            watcher.readFailed(served, new IOException("Connection reset"));
            watcher.writing(served, buffer);
            watcher.writeFailed(served, new IOException("Broken pipe"));
            assertEquals(0, watcher.pendingReads(), "a read that failed is no longer outstanding");
            assertEquals(0, watcher.pendingWrites(), "a write that failed is no longer outstanding");
            assertEquals(1, watcher.open());
            watcher.ended(served, buffer, AsyncEvents.End.DROPPED);

            List<String> expected = List.of(
                    "accept asked for",
                    "accept completed: " + a + " (open: 1)",
                    "serving " + a + " with a buffer of its own, 8192 bytes",
                    "read asked for on " + a + " (up to 8192 bytes)",
                    "read completed: 12 bytes from " + a + " \"hello, async\"",
                    "write asked for: 12 bytes to " + a,
                    "write completed: 5 of 12 bytes to " + a + " (partial: the rest is asked for next)",
                    "write asked for: 7 bytes to " + a,
                    "write completed: 7 of 7 bytes to " + a,
                    "read asked for on " + a + " (up to 8192 bytes)",
                    "read completed: end of input from " + a,
                    "read asked for on " + a + " (up to 8192 bytes)",
                    "read failed on " + a + ": java.io.IOException: Connection reset",
                    "write asked for: 8192 bytes to " + a,
                    "write failed on " + a + ": java.io.IOException: Broken pipe",
                    "closed " + a + ": dropped (reset or gone) (open: 0)");
            capture.awaitInOrder(expected.get(expected.size() - 1));
            assertEquals(expected, capture.texts());
            assertEquals(1, watcher.acceptedTotal());
            assertEquals(0, watcher.open());
            assertEquals(0, watcher.bufferBytes(), "the closed connection's buffer is no longer counted");
        }
    }

    @Test
    void everyWayAConnectionEndsIsSaidAndAClosedChannelHasNoAddress() throws Exception {
        try (Pair pair = Pair.open(); TraceCapture capture = new TraceCapture()) {
            AsyncWatcher watcher = new AsyncWatcher(capture.trace());
            ByteBuffer buffer = ByteBuffer.allocate(16);
            String a = Net.describe(pair.served.getRemoteAddress());
            for (int i = 0; i < 3; i++) {
                watcher.accepted(pair.served);
            }
            watcher.ended(pair.served, buffer, AsyncEvents.End.DONE);
            watcher.ended(pair.served, buffer, AsyncEvents.End.CLOSED_BY_SERVER);
            pair.served.close();
            watcher.ended(pair.served, buffer, AsyncEvents.End.AFTER_A_BUG);
            capture.awaitInOrder("after a bug");
            assertEquals(List.of("closed " + a + ": done (end of input, all echoed) (open: 2)",
                    "closed " + a + ": closed by the server (open: 1)",
                    "closed (closed): after a bug in a handler (open: 0)"),
                    capture.texts().stream().filter(text -> text.startsWith("closed")).toList());
        }
    }

    @Test
    void aDirectBufferHasNoArrayToPreview() throws Exception {
        try (Pair pair = Pair.open(); TraceCapture capture = new TraceCapture(1 << 10, true)) {
            AsyncWatcher watcher = new AsyncWatcher(capture.trace());
            ByteBuffer direct = ByteBuffer.allocateDirect(16).put((byte) 'x');
            watcher.read(pair.served, direct, 1);
            String line = capture.await("read completed").text();
            assertEquals("read completed: 1 bytes from " + Net.describe(pair.served.getRemoteAddress()), line);
        }
    }

    @Test
    void statsShowsTheOpenConnectionsWhatIsOutstandingTheBuffersAndTheEchoRate() throws Exception {
        try (Pair pair = Pair.open()) {
            AsyncWatcher watcher = new AsyncWatcher(echo.common.Trace.OFF);
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            watcher.accepted(pair.served);
            watcher.serving(pair.served, buffer);
            watcher.reading(pair.served, buffer); // a read outstanding
            buffer.position(buffer.limit() - 1000);
            watcher.writing(pair.served, buffer);
            watcher.wrote(pair.served, buffer.position(buffer.limit() - 400), 600); // partial
            watcher.writing(pair.served, buffer); // and a write outstanding
            String line = StatsLines.first(List.of(watcher)); // its first line, after a second
            Matcher m = Pattern.compile("connections 1  reads outstanding 1  writes outstanding 1  buffer bytes 8,192"
                    + "  bytes echoed/s ([\\d,]+)  partial writes 1  ").matcher(line);
            assertTrue(m.find(), line);
            assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, "600 bytes echoed in the first second: " + line);
        }
    }

    /** A connected pair of channels on loopback: {@code served} is the server's end. */
    private record Pair(AsynchronousServerSocketChannel listener, AsynchronousSocketChannel client,
                        AsynchronousSocketChannel served) implements AutoCloseable {
        static Pair open() throws Exception {
            AsynchronousServerSocketChannel listener = AsynchronousServerSocketChannel.open()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            AsynchronousSocketChannel client = AsynchronousSocketChannel.open();
            client.connect(listener.getLocalAddress()).get(30, TimeUnit.SECONDS);
            return new Pair(listener, client, listener.accept().get(30, TimeUnit.SECONDS));
        }

        @Override
        public void close() throws IOException {
            served.close();
            client.close();
            listener.close();
        }
    }
}
