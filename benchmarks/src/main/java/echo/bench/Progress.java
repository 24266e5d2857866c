package echo.bench;

import java.io.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The suite's live line: the step, the subject and the estimated time left. On a terminal it is one line at the
 * bottom, rewritten in place with {@code \r} (every other line printed through {@link #out()} goes above it);
 * when the output is a file or a pipe, each step prints a plain line instead, so a log has no control codes.
 *
 * <p>The estimate is the planned seconds of the steps left, scaled by how the steps done so far compared with
 * their plan (a busy machine makes every step slower in about the same proportion).
 */
final class Progress {
    /** One step of the plan: what it is and how long it should take. */
    record Step(String what, double plannedSeconds) {
    }

    private final List<Step> steps;
    private final boolean terminal;
    private final StatusStream status;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private double plannedDone;
    private int next;

    Progress(List<Step> steps, PrintStream sink, boolean terminal) {
        this.steps = List.copyOf(steps);
        this.terminal = terminal;
        this.status = new StatusStream(sink);
        this.out = terminal ? new PrintStream(status, true, StandardCharsets.UTF_8) : sink;
    }

    /** Whether standard output is a terminal (JDK 22+ has a Console even when redirected: ask it). */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a Console exists only when both ends are a terminal
        }
    }

    /** Where the rest of the suite prints: above the live line on a terminal. */
    PrintStream out() {
        return out;
    }

    /** The next step starts. */
    void step() {
        if (next > 0) {
            plannedDone += steps.get(next - 1).plannedSeconds();
        }
        Step step = steps.get(Math.min(next, steps.size() - 1));
        next++;
        String line = line(next, steps.size(), step.what(), secondsLeft());
        if (terminal) {
            status.show(line);
        } else {
            out.println(line);
        }
    }

    /** The run is over: the live line goes away. */
    void done() {
        if (terminal) {
            status.show(null);
        }
    }

    /** Seconds left, about: the plan of the steps not yet done, scaled by how the done ones went. */
    double secondsLeft() {
        double plannedLeft = steps.subList(Math.min(next - 1, steps.size()), steps.size()).stream()
                .mapToDouble(Step::plannedSeconds).sum();
        double elapsed = (System.nanoTime() - started) / 1e9;
        double pace = plannedDone > 0 ? elapsed / plannedDone : 1.0;
        return plannedLeft * pace;
    }

    static String line(int step, int of, String what, double secondsLeft) {
        return String.format(Locale.ROOT, "[%d/%d] %s — about %s left", step, of, what,
                Suite.minutesAndSeconds((long) (secondsLeft * 1e9)));
    }

    /** Clears the live line before anything else is written, and draws it again after each complete line. */
    private static final class StatusStream extends OutputStream {
        private final PrintStream sink;
        private String line;
        private boolean shown;
        private boolean atLineStart = true;

        StatusStream(PrintStream sink) {
            this.sink = sink;
        }

        synchronized void show(String newLine) {
            clear();
            line = newLine;
            draw();
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (len == 0) {
                return;
            }
            clear();
            sink.write(b, off, len);
            atLineStart = b[off + len - 1] == '\n';
            draw();
        }

        private void clear() {
            if (shown) {
                sink.print("\r\033[K"); // back to the line's start, erase to its end
                shown = false;
            }
        }

        private void draw() {
            if (line != null && atLineStart) {
                sink.print(line);
                shown = true;
            }
            sink.flush();
        }
    }
}
