package echo.common;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

// A separate thread: a stats thread that never stops (a bug looked for here) must fail the test, not hang the build.
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS,
        threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class StatsTest {
    private static final PrintStream NOWHERE = new PrintStream(new ByteArrayOutputStream());

    /** A running total becomes a rate over the time between two lines; a gauge is shown as it is. */
    @Test
    void aLineHasTheChaptersFiguresThenThreadsAndCpu() {
        AtomicLong rounds = new AtomicLong();
        Stats stats = new Stats(List.of(sample -> sample.count("connections", 500).perSecond("rounds", rounds.get())),
                NOWHERE);
        long t0 = System.nanoTime();
        stats.line(t0);
        rounds.set(3_000_000);
        String line = stats.line(t0 + 2_000_000_000L); // two seconds later
        assertTrue(line.contains("echo-stats  connections 500  rounds/s 1,500,000  jvm threads "), line);
        assertTrue(line.matches(".* cpu \\d+%$"), "the process's CPU over the last interval: " + line);
    }

    /**
     * "A running total shown as its rate since the last line": what was counted before the previous line is not
     * counted again (1,000,000 then 3,000,000 two seconds later is 1,000,000 a second); a sample goes on after a
     * rate; a sample reads as the line so far.
     */
    @Test
    void aRateIsWhatWasAddedSinceThePreviousLine() {
        AtomicLong rounds = new AtomicLong(1_000_000);
        List<String> sofar = new ArrayList<>();
        Stats stats = new Stats(List.of(sample -> {
            sample.perSecond("rounds", rounds.get()).count("connections", 2);
            sofar.add(sample.toString());
        }), NOWHERE);
        long t0 = System.nanoTime();
        stats.line(t0);
        rounds.set(3_000_000);
        String line = stats.line(t0 + 2_000_000_000L);
        assertTrue(line.contains("echo-stats  rounds/s 1,000,000  connections 2  jvm threads "), line);
        assertEquals("rounds/s 1,000,000  connections 2", sofar.get(1));
    }

    /**
     * A line starts with the milliseconds since the stats began (like a trace line), then the process's live
     * threads; the CPU share needs two samples, so the first line has none.
     */
    @Test
    void aLineSaysWhenSinceTheStartAndTheThreadsLive() {
        long before = System.nanoTime();
        Stats stats = new Stats(List.of(), NOWHERE);
        long after = System.nanoTime();
        String line = stats.line(after + 5_000_000_000L); // 5 s after the stats began, give or take the construction
        Matcher m = Pattern.compile(" *(\\d+\\.\\d{3}) echo-stats  jvm threads (\\d+)").matcher(line);
        assertTrue(m.matches(), "no CPU share on the first line, one figure: " + line);
        double millis = Double.parseDouble(m.group(1));
        assertTrue(millis >= 5_000 && millis <= 5_000 + (after - before) / 1e6 + 0.001, line);
        assertTrue(Long.parseLong(m.group(2)) >= 1, "this thread at least is live: " + line);
    }

    /**
     * "the CPU it used in the last second (100% is one core)": the share is the process's CPU time between two
     * lines over the time between them. The test burns at least 0.3 s of CPU between two lines one second apart,
     * and reads the process's CPU time just before and after each line, which bounds the figure from both sides.
     */
    @Test
    void theCpuShareIsCpuTimeOverTheIntervalBetweenLines() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Stats.processCpuNanos() >= 0, "needs HotSpot's CPU time");
        Stats stats = new Stats(List.of(), NOWHERE);
        long t0 = System.nanoTime() + 1_000_000_000_000L; // any instant will do: line() is handed its "now"
        long c0a = Stats.processCpuNanos();
        stats.line(t0);
        long c0b = Stats.processCpuNanos();
        long sink = 0;
        while (Stats.processCpuNanos() - c0b < 300_000_000L) {
            for (int i = 0; i < 100_000; i++) {
                sink += i * 31L ^ sink;
            }
        }
        long c1a = Stats.processCpuNanos();
        String line = stats.line(t0 + 1_000_000_000L);
        long c1b = Stats.processCpuNanos();
        Matcher m = Pattern.compile(".* cpu (\\d+)%").matcher(line);
        assertTrue(m.matches(), line + " (" + sink + ")");
        long percent = Long.parseLong(m.group(1));
        double low = 100.0 * (c1a - c0b) / 1e9;
        double high = 100.0 * (c1b - c0a) / 1e9;
        assertTrue(percent >= Math.floor(low) && percent <= Math.ceil(high),
                "cpu " + percent + "% not within " + low + ".." + high + ": " + line);
    }

    /**
     * {@code start()} starts one daemon thread {@code echo-stats} (idempotent), which prints a line a second on the
     * stream it was given until {@code close()}, which waits for it to end.
     */
    @Test
    void theStatsThreadPrintsALineASecondUntilClosed() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        PrintStream out = new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void println(String line) {
                lines.add(line);
            }
        };
        Set<Thread> before = statsThreads();
        Stats stats = new Stats(List.of(sample -> sample.count("connections", 7)), out);
        assertSame(stats, stats.start());
        stats.start();
        Set<Thread> started = statsThreads();
        started.removeAll(before);
        assertEquals(1, started.size(), "start() twice: " + started);
        Thread thread = started.iterator().next();
        assertTrue(thread.isDaemon(), "the stats thread would keep the process alive");
        try {
            String line = lines.poll(30, TimeUnit.SECONDS);
            assertNotNull(line, "no line within 30 s");
            assertTrue(line.matches(" *\\d+\\.\\d{3} echo-stats  connections 7  jvm threads \\d+.*"), line);
        } finally {
            stats.close();
        }
        assertFalse(thread.isAlive(), "close() returned before the stats thread ended");
    }

    private static Set<Thread> statsThreads() {
        Set<Thread> found = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("echo-stats") && thread.isAlive()) {
                found.add(thread);
            }
        }
        return found;
    }
}
