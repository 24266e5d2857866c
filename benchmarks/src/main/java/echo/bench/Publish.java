package echo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code --publish} changes besides {@code benchmarks/results/}: the headline table of the root README,
 * between two marker comments, so the figures a reader sees first are the ones of the published run, never typed
 * by hand.
 */
final class Publish {
    static final String START = "<!-- benchmarks:headline:start (written by Suite --publish) -->";
    static final String END = "<!-- benchmarks:headline:end -->";

    private Publish() {
    }

    static void headline(Path readme, Report.Run run) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Files.writeString(readme, replaced(text, block(run)), StandardCharsets.UTF_8);
    }

    /** The text between the markers: the run's machine, date and figures. */
    static String block(Report.Run run) {
        Machine m = run.machine();
        return "The latest published run (" + m.date() + ", " + m.cores() + " cores, " + m.cpuModel() + ", " + m.jdk()
                + "; load average before " + m.loadAverageBefore() + ", after " + run.loadAverageAfter() + "; "
                + run.wallTime() + "). Each server ran in its own JVM, driven by the load client from another, with "
                + run.payload() + "-byte ping-pong over loopback:\n\n" + Report.headline(run);
    }

    /** {@code text} with what stands between the markers replaced by {@code block}. */
    static String replaced(String text, String block) {
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("the README has no " + START + " ... " + END + " block to update");
        }
        return text.substring(0, start + START.length()) + "\n" + block + (block.endsWith("\n") ? "" : "\n")
                + text.substring(end);
    }
}
