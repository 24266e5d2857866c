package echo.testkit;

import echo.common.Trace;
import echo.common.Watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Records the lines a server's watcher traces, through the real {@link Trace} (its queue and its printing
 * thread), so that a test asserts the events of a scenario in their order without reading stdout or sleeping:
 *
 * <pre>{@code
 * try (TraceCapture trace = new TraceCapture();
 *      EchoServer server = chapter.create(config, trace.watch())) {
 *     ...
 *     trace.awaitInOrder("accepted", "read 2 bytes", "wrote 2 bytes", "done");
 * }
 * }</pre>
 *
 * Every wait is bounded (30 s) and a failure prints every line captured so far.
 */
public final class TraceCapture implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final List<Trace.Line> lines = new ArrayList<>();
    private final Trace trace;

    /** A trace with room for plenty of lines: nothing a test scenario does should be dropped. */
    public TraceCapture() {
        this(1 << 16, false);
    }

    /** With {@code bytes}, as {@code --trace=bytes}: read and write lines carry a preview of the payload. */
    public TraceCapture(int capacity, boolean bytes) {
        trace = Trace.to(this::add, capacity, bytes).start();
    }

    private synchronized void add(Trace.Line line) {
        lines.add(line);
        notifyAll();
    }

    public Trace trace() {
        return trace;
    }

    /** What to hand a chapter's {@code create(config, watch)}: this trace, no stats. */
    public Watch watch() {
        return Watch.tracing(trace);
    }

    /** Every line so far, in order. */
    public synchronized List<Trace.Line> lines() {
        return List.copyOf(lines);
    }

    /** The text of every line so far (without time and thread), in order. */
    public List<String> texts() {
        return lines().stream().map(Trace.Line::text).toList();
    }

    /** Waits until some line satisfies {@code test} and returns the first that does. */
    public Trace.Line await(String what, Predicate<Trace.Line> test) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (this) {
            while (true) {
                for (Trace.Line line : lines) {
                    if (test.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("no trace line " + what + " within " + PATIENCE.toSeconds() + " s; the trace was:\n" + dump());
                }
                waitNanos(left);
            }
        }
    }

    /** Waits for a line containing {@code text}, and returns it. */
    public Trace.Line await(String text) {
        return await("containing '" + text + "'", line -> line.text().contains(text));
    }

    /**
     * Waits until lines containing each of {@code texts} have appeared in this order (other lines may come between
     * them), and returns the matching lines. Each text is looked for after the line that matched the one before.
     */
    public List<Trace.Line> awaitInOrder(String... texts) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (this) {
            while (true) {
                List<Trace.Line> found = findInOrder(texts);
                if (found.size() == texts.length) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("expected trace lines containing, in this order, " + List.of(texts) + "; found only the first "
                            + found.size() + " within " + PATIENCE.toSeconds() + " s; the trace was:\n" + dump());
                }
                waitNanos(left);
            }
        }
    }

    private List<Trace.Line> findInOrder(String... texts) {
        List<Trace.Line> found = new ArrayList<>();
        int next = 0;
        for (Trace.Line line : lines) {
            if (next < texts.length && line.text().contains(texts[next])) {
                found.add(line);
                next++;
            }
        }
        return found;
    }

    /** How many lines so far contain {@code text}. */
    public synchronized long count(String text) {
        return lines.stream().filter(line -> line.text().contains(text)).count();
    }

    /** Every line so far, formatted as {@code --trace} prints them. */
    public synchronized String dump() {
        return lines.stream().map(Trace.Line::format).collect(Collectors.joining("\n"));
    }

    private void waitNanos(long nanos) {
        try {
            long millis = Math.max(1, Math.min(nanos / 1_000_000, 1000));
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for the trace");
        }
    }

    /** Stops the trace's thread once the lines queued so far are captured. */
    @Override
    public void close() {
        trace.close();
    }
}
