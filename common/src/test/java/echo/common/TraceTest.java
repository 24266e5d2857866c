package echo.common;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        assertEquals(1, printed.size(), "one event, one line, nothing else: " + printed);
        Trace.Line line = printed.get(0);
        assertEquals("echo-01-blocking-server", line.thread());
        assertTrue(line.format().matches(" *\\d+\\.\\d{3} echo-01-blocking-server  read 5 bytes"), line.format());
    }

    @Test
    void offIsOffAndCountsNothing() {
        assertFalse(Trace.OFF.on());
        Trace.OFF.event("x");
        Trace.OFF.event("y"); // OFF's queue holds one line: were anything queued, this one would be counted
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
        // the other escapes, and both ends of what is shown as is (printable ASCII, 0x20 to 0x7e)
        byte[] edges = {'\r', '\t', '\\', 0x1f, 0x20, 0x7e, 0x7f};
        assertEquals(" \"\\r\\t\\\\\\x1f ~\\x7f\"", bytes.preview(edges, 0, edges.length));
    }

    /** A time is milliseconds since the trace began: {@code 12_345_678} ns is {@code "   12.346"}. */
    @Test
    void aLinesTimeIsMillisecondsWithThreeDecimals() {
        assertEquals("   12.346 echo-01-blocking-server  read 5 bytes",
                new Trace.Line(12_345_678, "echo-01-blocking-server", "read 5 bytes").format());
    }

    /**
     * An event's time, and that of a "not shown" line, is counted from the trace's start: between 0 and the time
     * the test has taken so far.
     */
    @Test
    void timesAreCountedFromTheStartOfTheTrace() {
        List<Trace.Line> printed = new CopyOnWriteArrayList<>();
        long before = System.nanoTime();
        Trace trace = Trace.to(printed::add, 1, false); // not started: the second event finds the queue full
        trace.event("kept");
        trace.event("not shown");
        trace.start();
        trace.close();
        long elapsed = System.nanoTime() - before;
        assertEquals(List.of("kept", Trace.notShown(1)), printed.stream().map(Trace.Line::text).toList());
        for (Trace.Line line : printed) {
            assertTrue(line.nanos() >= 0 && line.nanos() <= elapsed, line + " not within 0.." + elapsed + " ns");
        }
    }

    /** One missing line is "1 event", several are "events". */
    @Test
    void oneMissingLineIsOneEvent() {
        assertEquals("… 1 event not shown (the trace's queue was full; the server did not wait)", Trace.notShown(1));
        assertEquals("… 2 events not shown (the trace's queue was full; the server did not wait)", Trace.notShown(2));
    }

    /** Each "not shown" line counts the lines missed since the previous one, not since the trace began. */
    @Test
    void eachReportCountsOnlyTheLinesMissedSinceThePreviousOne() throws Exception {
        CountDownLatch inA = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> printed = new CopyOnWriteArrayList<>();
        Trace trace = Trace.to(line -> {
            if (line.text().equals("a")) {
                inA.countDown();
                await(release); // the printer is held inside "a" while the test fills the queue again
            }
            printed.add(line.text());
        }, 1, false);
        trace.event("a");
        trace.event("lost 1");
        trace.start();
        assertTrue(inA.await(30, TimeUnit.SECONDS));
        trace.event("b"); // queued after 1 missed
        trace.event("lost 2");
        trace.event("lost 3");
        release.countDown();
        trace.close();
        assertEquals(List.of("a", Trace.notShown(1), "b", Trace.notShown(2)), printed);
    }

    /**
     * The printer does not stop when the queue runs dry: a line queued after a quiet spell is still printed. The
     * "not shown" line is printed only once the printer has found the queue empty, so seeing it is seeing that.
     */
    @Test
    void theTraceKeepsPrintingAfterTheQueueRanDry() throws Exception {
        List<String> printed = new CopyOnWriteArrayList<>();
        Trace trace = Trace.to(line -> printed.add(line.text()), 1, false);
        trace.event("a");
        trace.event("lost");
        trace.start();
        waitUntil(() -> printed.size() == 2); // "a", then, on an empty queue, "1 event not shown"
        trace.event("after a quiet spell");
        trace.close();
        assertEquals(List.of("a", Trace.notShown(1), "after a quiet spell"), printed);
    }

    /** A queue of no lines is a mistake, said as such. */
    @Test
    void aQueueHoldsAtLeastOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trace.to(line -> { }, 0, false));
        assertEquals("capacity must be at least 1, got 0", e.getMessage());
    }

    /**
     * {@code start()} is idempotent and starts one daemon thread {@code echo-trace} (it never keeps a process alive);
     * a trace that is off starts none.
     */
    @Test
    void startStartsOneDaemonPrinterAndNoneWhenOff() {
        Set<Thread> before = printers();
        Trace off = Trace.to(null, 1, false).start();
        assertEquals(before, printers(), "a trace that is off started a printer");
        off.close();

        Trace trace = Trace.to(line -> { }, 1, false).start().start();
        Set<Thread> started = printers();
        started.removeAll(before);
        try {
            assertEquals(1, started.size(), "start() twice: " + started);
            assertTrue(started.iterator().next().isDaemon(), "the printer would keep the process alive");
        } finally {
            trace.close();
        }
    }

    private static Set<Thread> printers() {
        Set<Thread> printers = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("echo-trace") && thread.isAlive()) {
                printers.add(thread);
            }
        }
        return printers;
    }

    /** What {@code --trace} prints: each line formatted, on the stream it was given. */
    @Test
    void printingToPrintsEachLineFormatted() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Trace trace = Trace.printingTo(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                false);
        trace.event("read 5 bytes");
        trace.start();
        trace.close();
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.matches(" *\\d+\\.\\d{3} \\S+  read 5 bytes\\R"), text);
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
