package echo.testkit;

import echo.common.Stats;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real {@code --stats} thread ({@link Stats}, {@code echo-stats}) on what a chapter's watcher reported, its
 * lines queued for a test to read instead of printed, so that a test asserts the README's stats line without
 * reading stdout:
 *
 * <pre>{@code
 * String line = StatsLines.first(watch.sources());
 * try (StatsLines lines = StatsLines.start(watch.sources())) {
 *     lines.awaitOne("  connections 2  pending output bytes 0  ");
 * }
 * }</pre>
 *
 * The thread prints one line a second, the first a second after it starts. So a test does not sleep and then
 * look: it waits for the next line with a deadline ({@link TestClient#TIMEOUT}, 30 s unless set lower), which a
 * loaded machine still meets and a stats thread that prints nothing fails, with what it was waiting for.
 */
public final class StatsLines implements AutoCloseable {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Stats stats;

    private StatsLines(List<Stats.Source> sources) {
        PrintStream out = new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void println(String line) {
                queue.add(line);
            }
        };
        stats = new Stats(sources, out).start();
    }

    /** Starts the stats thread {@code echo-stats} on these sources; its lines are queued until {@link #close()}. */
    public static StatsLines start(List<Stats.Source> sources) {
        return new StatsLines(sources);
    }

    /** Starts a stats thread on these sources, returns its first line and stops the thread. */
    public static String first(List<Stats.Source> sources) {
        try (StatsLines lines = start(sources)) {
            return lines.next();
        }
    }

    /** The next line; fails if none comes within {@link TestClient#TIMEOUT}. */
    public String next() {
        String line = poll(TestClient.TIMEOUT.toNanos());
        assertNotNull(line, "no --stats line within " + TestClient.TIMEOUT.toSeconds() + " s");
        return line;
    }

    /**
     * Reads lines (one a second) until one contains {@code text}, and returns it; fails, naming the text and the
     * last line read, if none does within {@link TestClient#TIMEOUT}.
     */
    public String awaitOne(String text) {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        String last = null;
        while (true) {
            String line = poll(Math.max(1, deadline - System.nanoTime()));
            if (line == null) {
                fail("no --stats line with '" + text + "' within " + TestClient.TIMEOUT.toSeconds() + " s"
                        + (last == null ? "; no line at all" : "; the last was: " + last));
            }
            if (line.contains(text)) {
                return line;
            }
            last = line;
        }
    }

    private String poll(long nanos) {
        try {
            return queue.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for a --stats line");
        }
    }

    /** Stops the stats thread; lines it printed and nobody read are dropped. */
    @Override
    public void close() {
        stats.close();
    }
}
