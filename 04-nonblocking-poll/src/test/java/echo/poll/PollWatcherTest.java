package echo.poll;

import echo.common.Net;
import echo.common.Trace;
import echo.common.Watch;
import echo.testkit.StatsLines;
import echo.testkit.TraceCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code --trace} prints for each event, word for word, the once-a-second summary's figures, and what
 * {@code --stats} counts, with {@link PollWatcher} told the events one by one (as the loop would tell them).
 * {@link WatchItTest} runs the scenario on the loop's own thread, where the figures are whatever the loop turned;
 * here they are exact. (Not one of the classes that judge exercise 04.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PollWatcherTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private ServerSocketChannel listener;
    private SocketChannel client; // the server's end of a real loopback connection: the watcher names its peer
    private SocketChannel peer;
    private String name;

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer = SocketChannel.open(listener.getLocalAddress());
        client = listener.accept();
        name = Net.describe(client.getRemoteAddress());
    }

    @AfterEach
    void disconnect() throws IOException {
        client.close();
        peer.close();
        listener.close();
    }

    /** Each event is one line; a read shows its bytes with --trace=bytes; a write that took nothing is no line. */
    @Test
    void eachEventIsOneLineWithThePayloadOnlyWhenBytesAreAskedFor() throws IOException {
        for (boolean bytes : new boolean[]{false, true}) {
            try (TraceCapture capture = new TraceCapture(1 << 10, bytes)) {
                PollWatcher watcher = new PollWatcher(capture.trace());
                // The read bytes are the last n before the buffer's position, wherever the buffer starts in its
                // array: here it starts 8 bytes in (a slice) and the 6 bytes read follow 2 others.
                ByteBuffer buffer = ByteBuffer.allocate(8 + 100).position(8).slice();
                buffer.put("--hello\n".getBytes(StandardCharsets.US_ASCII));

                watcher.accepted(client);
                watcher.read(client, buffer, 6);
                watcher.wrote(client, 6, 0);
                watcher.wrote(client, 4, 2);
                watcher.wrote(client, 0, 2); // a retry the full send buffer refused: counted, not traced
                watcher.finished(client, false);
                watcher.finished(client, true);
                client.close();
                watcher.finished(client, false);
                capture.trace().event("-- end --"); // one queue, one printer: once this is captured, so is every line before
                capture.await("-- end --");

                String preview = bytes ? " \"hello\\n\"" : "";
                assertEquals(List.of("accepted " + name + " (non-blocking; asked every round from now on)",
                        "read 6 bytes from " + name + preview,
                        "wrote 6 bytes to " + name,
                        "wrote 4 bytes to " + name
                                + "; its send buffer is full: 2 bytes pending, nothing read from it until they go",
                        "client " + name + " done (end of stream)",
                        "client " + name + " dropped (reset or gone)",
                        "client (closed) done (end of stream)",
                        "-- end --"), capture.texts(), "--trace" + (bytes ? "=bytes" : ""));
                assertEquals(8, buffer.position(), "the watcher looks at the bytes, it does not move them");
            }
            disconnect();
            connect();
        }
    }

    /** "pending output bytes": what partial writes left, over every connection, until written or the client left. */
    @Test
    void pendingOutputIsWhatPartialWritesLeftUntilWrittenOrGone() throws IOException {
        PollWatcher watcher = new PollWatcher(Trace.OFF);
        SocketChannel other = SocketChannel.open(); // only a key here: never traced, Trace.OFF
        watcher.wrote(client, 10, 0);
        assertEquals(0, watcher.pendingBytes(), "all of it written: nothing pending");
        watcher.wrote(client, 3, 7);
        watcher.wrote(other, 1, 5);
        assertEquals(12, watcher.pendingBytes(), "7 left by one, 5 by the other");
        watcher.wrote(client, 0, 7);
        assertEquals(12, watcher.pendingBytes(), "a retry that took nothing leaves it as it was");
        watcher.wrote(client, 4, 3);
        assertEquals(8, watcher.pendingBytes(), "a retry that took 4: 3 and 5");
        watcher.wrote(client, 3, 0);
        assertEquals(5, watcher.pendingBytes(), "the rest of it written");
        watcher.finished(other, true);
        assertEquals(0, watcher.pendingBytes(), "a client gone with output pending takes it along");
        watcher.finished(client, false);
        assertEquals(0, watcher.pendingBytes(), "and one gone with nothing pending changes nothing");
        other.close();
    }

    /**
     * The summary: none on the first round, then on the first round a second or more later, one line with the
     * rounds, the idle ones and their share, the connections asked, and the retried writes that took nothing
     * since the last summary (said only when there were any). The clock is the JVM's, so real seconds pass; the
     * rounds meant to share a window are checked to have come within a second (else the test tries again).
     */
    @Test
    void theSummaryCountsTheRoundsSinceTheLastOne() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (TraceCapture capture = new TraceCapture()) {
                PollWatcher watcher = new PollWatcher(capture.trace());
                long t0 = System.nanoTime();
                watcher.round(1, 1, true); // the first: starts the count, says nothing
                watcher.round(2, 2, false);
                watcher.round(2, 2, false);
                watcher.wrote(client, 0, 4);
                watcher.wrote(client, 0, 4);
                if (System.nanoTime() - t0 >= SECOND) {
                    assertTrue(attempt < 5, "the test thread stalled a second, " + attempt + " times in a row");
                    continue; // a round came a second late and started a window of its own: not this scenario
                }
                waitASecond();
                watcher.round(2, 2, true); // three since the first: two idle, two stalled writes
                watcher.wrote(client, 0, 4);
                waitASecond();
                watcher.round(2, 3, true); // one, busy, one stalled write
                waitASecond();
                watcher.round(3, 3, false); // one, idle, none stalled
                capture.trace().event("-- end --");
                capture.await("-- end --");

                List<String> texts = capture.texts();
                assertEquals(4, texts.size(), String.join("\n", texts));
                Pattern summary = Pattern.compile("last (\\d+\\.\\d\\d) s: (.*)");
                List<String> figures = new java.util.ArrayList<>();
                for (String text : texts.subList(0, 3)) {
                    Matcher m = summary.matcher(text);
                    assertTrue(m.matches(), text);
                    double seconds = Double.parseDouble(m.group(1));
                    assertTrue(seconds >= 1.0 && seconds < 60, "the time since the last line, a second or more: " + text);
                    figures.add(m.group(2));
                }
                assertEquals(List.of(
                        "3 rounds, 2 of them found nothing to do (66.7%); 2 connections asked each round;"
                                + " 2 retried writes took nothing (send buffer full)",
                        "1 rounds, 0 of them found nothing to do (0.0%); 3 connections asked each round;"
                                + " 1 retried writes took nothing (send buffer full)",
                        "1 rounds, 1 of them found nothing to do (100.0%); 3 connections asked each round"), figures);
                assertEquals(6, watcher.rounds());
                assertEquals(3, watcher.idleRounds());
                assertEquals(3, watcher.askedLastRound());
                assertEquals(3, watcher.open());
                assertSame(Thread.currentThread(), watcher.loopThread(), "the thread that turned the first round");
                return;
            }
        }
    }

    /** The --stats figures: connections and pending bytes as they are now, rounds, idle rounds, stalled writes per second. */
    @Test
    void statsShowConnectionsPendingBytesAndTheRates() throws Exception {
        PollWatcher watcher = new PollWatcher(Trace.OFF);
        for (int i = 0; i < 1000; i++) {
            watcher.round(3, 3, i % 2 == 0);
            watcher.wrote(client, 0, 9);
        }
        String line = StatsLines.first(List.of(watcher));
        Matcher m = Pattern.compile("  connections 3  pending output bytes 9  rounds/s ([\\d,]+)  idle rounds/s ([\\d,]+)"
                + "  writes that took nothing/s ([\\d,]+)").matcher(line);
        assertTrue(m.find(), line);
        for (int group = 1; group <= 3; group++) {
            assertTrue(Long.parseLong(m.group(group).replace(",", "")) > 0, "a thousand or so in about a second: " + line);
        }
    }

    /** Neither --trace nor --stats: the no-op events; either of them: a watcher, reported to the watch. */
    @Test
    void aWatcherOnlyWhenSomethingWatches() {
        assertSame(PollEvents.NONE, PollWatcher.eventsFor(Watch.NONE), "nothing watched: the server pays nothing");
        Watch watch = new Watch(Trace.OFF, true);
        PollEvents events = PollWatcher.eventsFor(watch);
        PollWatcher watcher = assertInstanceOf(PollWatcher.class, events, "--stats: a watcher");
        assertEquals(List.of(watcher), watch.sources(), "and --stats reads it");
        watcher.round(1, 1, true); // on the watch's trace (off here): no line, and no trouble
        assertEquals(1, watcher.rounds());
    }

    /** Waits until a second has passed since now: the summary's clock is the JVM's, so real time must pass. */
    private static void waitASecond() throws InterruptedException {
        long until = System.nanoTime() + SECOND + TimeUnit.MILLISECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }
}
