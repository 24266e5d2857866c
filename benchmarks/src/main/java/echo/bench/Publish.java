package echo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --publish} changes besides {@code benchmarks/results/}: the headline table of the root README,
 * between two marker comments, so the figures a reader sees first are the ones of the published run, never typed
 * by hand.
 */
final class Publish {
    static final String START = "<!-- benchmarks:headline:start (written by Suite --publish) -->";
    static final String END = "<!-- benchmarks:headline:end -->";
    /** 08-netty/README.md's block in "Transports: readiness or completion": NIO, epoll and io_uring side by side. */
    static final String TRANSPORTS_START = "<!-- benchmarks:transports:start (written by Suite --publish) -->";
    static final String TRANSPORTS_END = "<!-- benchmarks:transports:end -->";
    /** The transports' subjects, in the table's order, with the name a reader of chapter 08 knows them by. */
    static final List<List<String>> TRANSPORTS = List.of(List.of("08-netty", "NIO (selector)"),
            List.of("08-netty-epoll", "epoll"), List.of("08-netty-io_uring", "io_uring"));
    static final List<Integer> TRANSPORT_COUNTS = List.of(16, 64, 256);

    private Publish() {
    }

    static void headline(Path readme, Report.Run run) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Files.writeString(readme, replaced(text, block(run)), StandardCharsets.UTF_8);
    }

    /** 08's README: the transports table between its markers. */
    static void transports(Path readme, Report.Run run) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Files.writeString(readme, replaced(text, TRANSPORTS_START, TRANSPORTS_END, transportsBlock(run)),
                StandardCharsets.UTF_8);
    }

    /**
     * Chapter 08 on each transport from the run's scale figures: msgs/s and the server's CPU per round trip at
     * 16, 64 and 256 connections; "—" where a transport was not measured (say, io_uring on an older kernel).
     */
    static String transportsBlock(Report.Run run) {
        Machine m = run.machine();
        StringBuilder md = new StringBuilder("From the project's own benchmark (`Suite --publish`, " + m.date() + ", "
                + m.cores() + " cores, " + m.cpuModel() + ", " + m.jdk() + "; load average before "
                + m.loadAverageBefore() + "): chapter 08's server on each transport in a JVM of its own, driven by the"
                + " load client from another over loopback, " + run.payload() + "-byte ping-pong. Client and server"
                + " share the cores, so msgs/s is bounded by the client; the server's CPU per round trip is the"
                + " fairer figure. Single numbers move 20–30% between runs. All figures:"
                + " [benchmarks/results](../benchmarks/results/README.md).\n\n");
        StringBuilder header = new StringBuilder("| transport |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (int n : TRANSPORT_COUNTS) {
            header.append(" msgs/s, ").append(n).append(" conns |");
            rule.append(" ---: |");
        }
        for (int n : TRANSPORT_COUNTS) {
            header.append(" server CPU per msg, ").append(n).append(" conns |");
            rule.append(" ---: |");
        }
        md.append(header).append('\n').append(rule).append('\n');
        List<String> missing = new ArrayList<>();
        for (List<String> t : TRANSPORTS) {
            ChapterScale c = run.scale().stream().filter(x -> x.id().equals(t.get(0))).findFirst().orElse(null);
            md.append("| ").append(t.get(1)).append(" (`").append(t.get(0)).append("`) |");
            for (int n : TRANSPORT_COUNTS) {
                ChapterScale.LoadPoint p = c == null ? null : c.loadAt(n);
                md.append(' ').append(p == null ? "—" : Report.count(p.messagesPerSecond())).append(" |");
            }
            for (int n : TRANSPORT_COUNTS) {
                ChapterScale.LoadPoint p = c == null ? null : c.loadAt(n);
                md.append(' ').append(p == null ? "—" : Report.micros(p.serverMicrosPerMessage()) + " µs").append(" |");
            }
            md.append('\n');
            if (c == null || c.unavailable() != null) {
                missing.add(t.get(0) + (c == null ? " was not in this run" : ": " + c.unavailable()));
            }
        }
        if (!missing.isEmpty()) {
            md.append("\n— = not measured: ").append(String.join("; ", missing)).append(".\n");
        }
        return md.toString();
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
        return replaced(text, START, END, block);
    }

    /** {@code text} with what stands between the markers {@code startMarker} and {@code endMarker} replaced. */
    static String replaced(String text, String startMarker, String endMarker, String block) {
        int start = text.indexOf(startMarker);
        int end = text.indexOf(endMarker);
        if (start < 0 || end < start) {
            throw new IllegalStateException("the README has no " + startMarker + " ... " + endMarker
                    + " block to update");
        }
        return text.substring(0, start + startMarker.length()) + "\n" + block + (block.endsWith("\n") ? "" : "\n")
                + text.substring(end);
    }
}
