package echo.common;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code --stats}: one status line a second, such as
 * {@code    3.001 stats  connections 500  threads 514  cpu 3%}. The chapter's watcher says what it counts
 * (connections, live threads, pending output, loop rounds); this class adds what the process as a whole shows:
 * its live platform threads and the CPU it used in the last second (100% is one core).
 *
 * <p>A watcher keeps running totals; a figure "per second" is worked out here from two samples, so no watcher
 * needs a clock.
 */
public final class Stats implements AutoCloseable {
    /** What a chapter's watcher adds to each line. Called on the stats thread: read counters, change nothing. */
    @FunctionalInterface
    public interface Source {
        void sample(Sample sample);
    }

    private final List<Source> sources;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final Map<String, Long> previous = new HashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private long previousNanos = start;
    private long previousCpu = -1;
    private Thread thread;

    public Stats(List<Source> sources, PrintStream out) {
        this.sources = List.copyOf(sources);
        this.out = out;
    }

    /** Starts the thread {@code echo-stats}, which prints a line a second until {@link #close()}. */
    public synchronized Stats start() {
        if (thread == null) {
            thread = new Thread(this::printEverySecond, "echo-stats");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    private void printEverySecond() {
        try {
            while (!stop.await(1, TimeUnit.SECONDS)) {
                out.println(line(System.nanoTime()));
            }
        } catch (InterruptedException e) {
            // asked to stop
        }
    }

    /** The line for the moment {@code now} ({@link System#nanoTime()}): the sources', then threads and CPU. */
    synchronized String line(long now) {
        double seconds = Math.max(now - previousNanos, 1) / 1e9;
        Sample sample = new Sample(seconds);
        for (Source source : sources) {
            source.sample(sample);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        sample.count("jvm threads", threads.getThreadCount());
        long cpu = processCpuNanos();
        if (cpu >= 0 && previousCpu >= 0) {
            sample.text(String.format(Locale.ROOT, "cpu %.0f%%", 100.0 * (cpu - previousCpu) / (now - previousNanos)));
        }
        previousCpu = cpu;
        previousNanos = now;
        return String.format(Locale.ROOT, "%9.3f %s  %s", (now - start) / 1e6, "echo-stats", sample.text);
    }

    /** CPU time of the whole process in nanoseconds, or -1 where the JVM does not say (not HotSpot). */
    static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            return hotspot.getProcessCpuTime();
        }
        return -1;
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        stop.countDown();
        Threads.join(running);
    }

    /** One line being put together: {@code name value} pairs, two spaces apart. */
    public final class Sample {
        private final double seconds;
        private final StringBuilder text = new StringBuilder();

        private Sample(double seconds) {
            this.seconds = seconds;
        }

        /** A figure as it is now: {@code connections 500}. */
        public Sample count(String name, long value) {
            return text(String.format(Locale.ROOT, "%s %,d", name, value));
        }

        /** A running total shown as its rate since the last line: {@code rounds/s 1,234,567}. */
        public Sample perSecond(String name, long total) {
            Long before = previous.put(name, total);
            long delta = before == null ? total : total - before;
            return text(String.format(Locale.ROOT, "%s/s %,.0f", name, delta / seconds));
        }

        /** Anything else, as is. */
        public Sample text(String part) {
            if (text.length() > 0) {
                text.append("  ");
            }
            text.append(part);
            return this;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
