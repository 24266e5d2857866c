package echo.selector;

import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Watching costs nothing when off. Nothing watched: the loop holds {@link SelectorEvents#NONE} (empty calls).
 * Counting with the trace off ({@code --stats} alone, or a test's counters): an event is a field update, and no
 * text, no varargs array, no iterator is made for it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectorCountersTest {

    @Test
    void nothingWatchedIsTheNoOpListener() {
        assertSame(SelectorEvents.NONE, SelectorCounters.eventsFor(Watch.NONE));
    }

    @Test
    void countersWithTheTraceOffBuildNoText() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        SelectorCounters counters = new SelectorCounters(Trace.OFF);
        try (Selector selector = Selector.open(); SocketChannel channel = SocketChannel.open()) {
            ByteBuffer input = ByteBuffer.allocateDirect(16).limit(16);
            ByteBuffer[] replies = {input};
            for (int i = 0; i < 10_000; i++) { // warm up: the first calls may allocate (class loading)
                events(counters, selector, channel, input, replies);
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 100_000; i++) {
                events(counters, selector, channel, input, replies);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            assertTrue(allocated < 10_000, "1,100,000 events allocated " + allocated + " bytes: text built while off?");
            assertEquals(110_000, counters.selectWakeups(), "and still counted, for --stats and the tests");
            assertEquals(110_000, counters.pauses());
            assertEquals(0, counters.openConnections());
            assertEquals(0, counters.bufferedBytes(), "what was held, and released with the connection");
            assertEquals(4096, counters.maxPendingSeen());
            assertEquals(110_000, counters.endsWithOutputPending());
        }
    }

    /** The server stops with a paused never-reader: the counters let go of its connections, pause and memory. */
    @Test
    void stoppingReleasesWhatTheConnectionsHeld() throws Exception {
        SelectorCounters counts = new SelectorCounters();
        SelectorServer server = new SelectorServer(echo.common.ServerConfig.defaults().withPort(0), SelectorChapter.ID,
                () -> Processor.RAW_ECHO, counts);
        server.start();
        try (server; SocketChannel neverReads = SocketChannel.open(server.address())) {
            neverReads.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (counts.pausedConnections() == 0) { // write until the server stops reading from it
                assertTrue(System.nanoTime() < deadline, "the server should pause the client that never reads");
                if (neverReads.write(chunk.clear()) == 0) {
                    Thread.onSpinWait();
                }
            }
            assertTrue(counts.bufferedBytes() > 0 && counts.openConnections() == 1);
            server.close(); // with the connection still open on the client's side
            assertEquals(0, counts.openConnections(), "the reactor closed every connection as it stopped");
            assertEquals(0, counts.pausedConnections());
            assertEquals(0, counts.bufferedBytes(), "and their pending output went with them");
        }
    }

    @Test
    void anEndOfInputWithNothingPendingAndAResumeAreNotCounted() throws Exception {
        SelectorCounters counters = new SelectorCounters();
        try (SocketChannel channel = SocketChannel.open()) {
            counters.endOfInput(channel, false);
            assertEquals(0, counters.endsWithOutputPending(), "nothing was pending: not pitfall 5's case");
            counters.readingPaused(channel, true, 4096);
            counters.readingPaused(channel, false, 2048);
            assertEquals(1, counters.pauses(), "a resume is not a pause");
            assertEquals(0, counters.pausedConnections());
        }
    }

    /** The --stats line's four figures, from what the loop reported, for one reactor and for several (09's). */
    @Test
    void theStatsLineShowsConnectionsPendingOutputPausedAndWakeUps() throws Exception {
        SelectorCounters one = new SelectorCounters();
        SelectorCounters other = new SelectorCounters();
        try (Selector selector = Selector.open(); SocketChannel a = SocketChannel.open();
             SocketChannel b = SocketChannel.open()) {
            one.accepted(a);
            one.accepted(b);
            one.held(a, 4096, 4096);
            one.readingPaused(a, true, 4096);
            other.accepted(a);
            other.held(a, 8192, 8192);
            for (int i = 0; i < 1000; i++) {
                one.woke(selector.selectedKeys());
            }
            String line = echo.testkit.StatsLines.first(java.util.List.of(one));
            assertTrue(line.contains("echo-stats  connections 2  pending output bytes 4,096  paused 1"
                    + "  select wake-ups/s "), line);
            java.util.regex.Matcher rate = java.util.regex.Pattern.compile("select wake-ups/s ([\\d,]+)  ")
                    .matcher(line);
            assertTrue(rate.find() && Long.parseLong(rate.group(1).replace(",", "")) > 0,
                    "1,000 wake-ups in the first second or so (a rate, so not exact): " + line);

            String both = echo.testkit.StatsLines.first(java.util.List.of(
                    (Stats.Source) sample -> SelectorCounters.sample(sample, java.util.List.of(one, other))));
            assertTrue(both.contains("echo-stats  connections 3  pending output bytes 12,288  paused 1  "), both);
        }
    }

    private static void events(SelectorEvents events, Selector selector, SocketChannel channel, ByteBuffer input,
                               ByteBuffer[] replies) {
        events.woke(selector.selectedKeys());
        events.accepted(channel);
        events.read(channel, input);
        events.wrote(channel, 16, replies, 1);
        events.held(channel, 4096, 4096);
        events.writeInterest(channel, true);
        events.flushed(channel, 16, input);
        events.readingPaused(channel, true, 4096);
        events.endOfInput(channel, true);
        events.writeInterest(channel, false);
        events.closed(channel, "done", 4096, true);
    }
}
