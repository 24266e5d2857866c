package echo.udp;

import echo.common.Net;
import echo.common.Trace;
import echo.common.Watch;
import echo.testkit.StatsLines;
import echo.testkit.TraceCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code --trace} prints for each event, word for word, and what {@code --stats} counts, told the events one
 * by one. {@link WatchItTest} runs the scenario on the server's thread; this pins each line and figure, including
 * the {@code --trace=bytes} preview and the "could not answer" line that no test can make the kernel cause.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpWatcherTest {
    private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 40000);
    private static final String A = Net.describe(SENDER);

    @Test
    void eachEventIsOneLineWithThePayloadOnlyWhenBytesAreAskedFor() {
        for (boolean bytes : new boolean[]{false, true}) {
            try (TraceCapture capture = new TraceCapture(1 << 10, bytes)) {
                UdpWatcher watcher = new UdpWatcher(capture.trace(), 100);
                // The datagram is the buffer's remaining bytes, wherever they start in its array: here 8 bytes in
                // (a slice) and 2 more (its position). The preview shows those, not the array's first bytes.
                ByteBuffer buffer = ByteBuffer.allocate(8 + 100).position(8).slice();
                buffer.put("--hello\n".getBytes(StandardCharsets.US_ASCII)).flip().position(2);

                watcher.received(SENDER, buffer);
                watcher.echoed(SENDER, 6);
                watcher.notAnswered(SENDER);
                capture.trace().event("end"); // one queue, one printer: once this is captured, so is every line before
                capture.await("end");

                String preview = bytes ? " \"hello\\n\"" : "";
                assertEquals(List.of("datagram from " + A + ", 6 bytes" + preview,
                        "echoed 6 bytes to " + A,
                        "could not answer " + A, "end"), capture.texts(), "--trace" + (bytes ? "=bytes" : ""));
                assertEquals(2, buffer.position(), "the watcher looks at the datagram, it does not move it");
            }
        }
    }

    @Test
    void statsCountDatagramsBytesAndTruncations() throws Exception {
        assertSame(UdpEvents.NONE, UdpWatcher.eventsFor(Watch.NONE, 100), "nothing watched: the no-op events");

        UdpWatcher watcher = new UdpWatcher(Trace.OFF, 100);
        watcher.received(SENDER, ByteBuffer.allocate(5));
        watcher.received(SENDER, ByteBuffer.allocate(100));
        watcher.received(SENDER, ByteBuffer.allocate(101)); // the spare byte filled: more than 100
        watcher.truncated(SENDER, 100);
        String line = StatsLines.first(List.of(watcher)); // its first line, after a second
        // The rates are the totals over the first line's second or so (not exact); truncations are a count.
        Matcher m = Pattern.compile("echo-stats  datagrams/s ([\\d,]+)  bytes/s ([\\d,]+)  truncated 1  ").matcher(line);
        assertTrue(m.find(), line);
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, "3 datagrams in about a second: " + line);
        assertTrue(Long.parseLong(m.group(2).replace(",", "")) > 0, "206 bytes in about a second: " + line);
    }
}
