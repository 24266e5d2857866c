package echo.common;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace's promise: a server thread never waits for it; what it cannot queue it counts and says so. */
// A separate thread: an event that blocks (the bug these tests look for) must fail the test, not hang the build.
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS,
        threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TraceTest {

    /** The printer is stuck (a terminal that does not keep up): events still return at once, and are counted. */
    @Test
    void aSlowPrinterMakesEventsDroppedAndCountedNeverBlocked() throws Exception {
        CountDownLatch printerStuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Trace.Line> printed = new CopyOnWriteArrayList<>();
        Trace trace = Trace.to(line -> {
            printerStuck.countDown();
            await(release); // the first line it prints takes "for ever"
            printed.add(line);
        }, 16, false).start();
        trace.event("first");
        assertTrue(printerStuck.await(30, TimeUnit.SECONDS));

        int events = 10_000;
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < events; i++) {
                trace.event("event " + i); // with the queue full and nobody taking: must not wait
            }
        }, "an event waited for the printer");
        assertEquals(events - 16, trace.dropped(), "16 queued, the rest counted");

        release.countDown();
        trace.close();
        long notShown = printed.stream().filter(line -> line.text().startsWith("…")).count();
        assertEquals(1, notShown, printed.toString());
        assertEquals(1 + 16 + 1, printed.size(), "the first line, the 16 queued, one line saying how many were not");
        assertEquals("… 9,984 events not shown (the trace's queue was full; the server did not wait)",
                printed.get(printed.size() - 1).text(), "said after the last line that made it: " + printed);
    }

    /** The count of missing lines is printed where they went missing, before the next line that made it. */
    @Test
    void theMissingLinesAreReportedWhereTheyWentMissing() throws Exception {
        List<String> printed = new CopyOnWriteArrayList<>();
        Trace trace = Trace.to(line -> printed.add(line.text()), 2, false); // not started: nothing takes yet
        trace.event("a");
        trace.event("b");
        trace.event("lost 1");
        trace.event("lost 2");
        trace.start();
        waitUntil(() -> printed.size() == 2);
        trace.event("c");
        trace.close();
        assertEquals(List.of("a", "b", Trace.notShown(2), "c"), printed);
    }

    @Test
    void aLineSaysWhenAndOnWhichThread() throws Exception {
        List<Trace.Line> printed = new CopyOnWriteArrayList<>();
        Trace trace = Trace.to(printed::add, 10, false).start();
        Thread named = new Thread(() -> trace.event("read 5 bytes"), "echo-01-blocking-server");
        named.start();
        named.join();
        trace.close();
        Trace.Line line = printed.get(0);
        assertEquals("echo-01-blocking-server", line.thread());
        assertTrue(line.format().matches(" *\\d+\\.\\d{3} echo-01-blocking-server  read 5 bytes"), line.format());
    }

    @Test
    void offIsOffAndCountsNothing() {
        assertFalse(Trace.OFF.on());
        Trace.OFF.event("x");
        assertEquals(0, Trace.OFF.dropped());
        assertFalse(Watch.NONE.on());
        assertSame(BlockingEvents.NONE, BlockingWatcher.of(Watch.NONE), "nothing watched: the no-op listener");
    }

    /**
     * With --stats alone the watcher exists but the trace is off: an event is a counter increment, and no text is
     * built for it. (With nothing watched at all, the server holds {@code BlockingEvents.NONE}: empty calls.)
     */
    @Test
    void aWatcherWithTheTraceOffBuildsNoText() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean,
                "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        BlockingWatcher watcher = new BlockingWatcher(Trace.OFF);
        try (java.net.Socket socket = new java.net.Socket()) {
            byte[] data = new byte[16];
            for (int i = 0; i < 10_000; i++) { // warm up: the first calls may allocate (class loading, LongAdder cells)
                events(watcher, socket, data);
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 100_000; i++) {
                events(watcher, socket, data);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            assertTrue(allocated < 10_000, "400,000 events allocated " + allocated + " bytes: text built while off?");
            assertEquals(110_000 * 16L, watcher.echoedBytes(), "and still counted, for --stats");
        }
    }

    private static void events(BlockingEvents events, java.net.Socket socket, byte[] data) {
        events.reading(socket);
        events.read(socket, data, data.length);
        events.wrote(socket, data, data.length);
        events.accepting();
    }

    @Test
    void payloadIsShownOnlyWhenAskedShortAndEscaped() {
        Trace lengthsOnly = Trace.to(line -> { }, 1, false);
        Trace bytes = Trace.to(line -> { }, 1, true);
        byte[] data = "hi\n\u0000\"x".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("", lengthsOnly.preview(data, 0, data.length));
        assertEquals(" \"hi\\n\\x00\\\"x\"", bytes.preview(data, 0, data.length));
        byte[] longer = new byte[100];
        java.util.Arrays.fill(longer, (byte) 'a');
        assertEquals(" \"" + "a".repeat(Trace.PREVIEW_BYTES) + "\"…", bytes.preview(longer, 0, 100));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.sleep(5);
        }
    }
}
