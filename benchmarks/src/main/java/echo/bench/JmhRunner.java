package echo.bench;

import echo.common.Chapter;
import echo.common.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;
import org.openjdk.jmh.annotations.Mode;

/**
 * Runs {@link RoundTripBenchmark} through JMH's API, one combination (chapter, payload, threads, mode) at a time,
 * so that each can be skipped for a reason beforehand and reported as it finishes. Each run is a JMH fork of its
 * own; their JSON results are joined into one file.
 */
final class JmhRunner {
    /**
     * @param sampleTime also run JMH's SampleTime mode: per-operation times, hence latency percentiles
     * @param throughput also run Throughput mode (ops/s counted directly)
     */
    record Settings(List<Integer> threads, List<Integer> payloads, boolean throughput, boolean sampleTime,
                    int warmupIterations, Duration warmupTime, int iterations, Duration iterationTime, int forks) {
        List<Mode> modes() {
            List<Mode> modes = new ArrayList<>();
            if (throughput) {
                modes.add(Mode.Throughput);
            }
            if (sampleTime) {
                modes.add(Mode.SampleTime);
            }
            return modes;
        }
    }

    /**
     * One combination's result. In SampleTime mode ops/s is derived as threads ÷ mean time per operation
     * (each thread does one round trip after another, so this is what it completed per second).
     *
     * @param skipped why it did not run, or null
     */
    record Point(String chapter, int payload, int threads, Mode mode, double opsPerSecond, double meanMicros,
                 double p50Micros, double p99Micros, double p999Micros, String skipped) {
        static Point skipped(String chapter, int payload, int threads, Mode mode, String why) {
            return new Point(chapter, payload, threads, mode, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, why);
        }
    }

    /** How the reason of a run that should have produced a result, and did not, begins. */
    static final String NO_RESULT = "no result: ";

    private final Settings settings;
    private final PrintStream log;

    JmhRunner(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** Runs every combination; writes JMH's JSON to {@code json} and its text output to {@code textLog}. */
    List<Point> run(List<Chapter> chapters, Path json, Path textLog) throws IOException {
        ServerConfig config = ServerProcess.config();
        List<Point> points = new ArrayList<>();
        List<String> jsonParts = new ArrayList<>();
        Files.createDirectories(textLog.getParent());
        Files.deleteIfExists(textLog);
        int total = chapters.size() * settings.payloads().size() * settings.threads().size() * settings.modes().size();
        int done = 0;
        for (Mode mode : settings.modes()) {
            for (int payload : settings.payloads()) {
                for (int threads : settings.threads()) {
                    for (Chapter chapter : chapters) {
                        done++;
                        String what = String.format(Locale.ROOT, "[jmh %d/%d] %-22s %6d B  %3d thread%s  %s",
                                done, total, chapter.id(), payload, threads, threads == 1 ? " " : "s",
                                mode.shortLabel());
                        Optional<String> cannot = Capacity.cannotServe(chapter, config, threads)
                                .or(() -> Capacity.cannotCarry(chapter, config, payload));
                        if (cannot.isPresent()) {
                            log.println(what + "  skipped: " + cannot.get());
                            points.add(Point.skipped(chapter.id(), payload, threads, mode, cannot.get()));
                            continue;
                        }
                        log.print(what + " ... ");
                        log.flush();
                        Point point = runOne(chapter.id(), payload, threads, mode, jsonParts, textLog);
                        log.println(point.skipped() != null ? point.skipped()
                                : String.format(Locale.ROOT, "%,.0f ops/s%s", point.opsPerSecond(),
                                mode == Mode.SampleTime ? String.format(Locale.ROOT, ", p50 %.0f µs, p99 %.0f µs",
                                        point.p50Micros(), point.p99Micros()) : ""));
                        points.add(point);
                    }
                }
            }
        }
        Files.writeString(json, "[\n" + String.join(",\n", jsonParts) + "\n]\n", StandardCharsets.UTF_8);
        return points;
    }

    private Point runOne(String chapter, int payload, int threads, Mode mode, List<String> jsonParts, Path textLog)
            throws IOException {
        Path partJson = Files.createTempFile("jmh-", ".json");
        Path partLog = Files.createTempFile("jmh-", ".txt");
        try {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(Pattern.quote(RoundTripBenchmark.class.getName()) + "\\.roundTrip$")
                    .param("server", chapter)
                    .param("payload", Integer.toString(payload))
                    .threads(threads)
                    .forks(settings.forks())
                    .warmupIterations(settings.warmupIterations())
                    .warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
                    .measurementIterations(settings.iterations())
                    .measurementTime(TimeValue.milliseconds(settings.iterationTime().toMillis()))
                    .mode(mode)
                    .timeUnit(mode == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.MICROSECONDS)
                    .timeout(TimeValue.seconds(60)) // a stuck iteration is interrupted, never waited on forever
                    .shouldFailOnError(false)
                    .output(partLog.toString())
                    .resultFormat(ResultFormatType.JSON)
                    .result(partJson.toString());
            Collection<RunResult> results;
            try {
                results = new Runner(options.build()).run();
            } catch (RunnerException e) {
                results = List.of();
            }
            String text = Files.readString(partLog, StandardCharsets.UTF_8);
            Files.writeString(textLog, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (results.isEmpty()) {
                return Point.skipped(chapter, payload, threads, mode, NO_RESULT + firstProblem(text) + " (see "
                        + textLog + ")");
            }
            String part = withoutRawHistograms(Files.readString(partJson, StandardCharsets.UTF_8)).strip();
            if (part.startsWith("[") && part.endsWith("]")) {
                jsonParts.add(part.substring(1, part.length() - 1).strip());
            }
            return point(chapter, payload, threads, mode, results.iterator().next().getPrimaryResult());
        } finally {
            Files.deleteIfExists(partJson);
            Files.deleteIfExists(partLog);
        }
    }

    private static Point point(String chapter, int payload, int threads, Mode mode, Result<?> result) {
        if (mode == Mode.Throughput) {
            return new Point(chapter, payload, threads, mode, result.getScore(), threads * 1e6 / result.getScore(),
                    Double.NaN, Double.NaN, Double.NaN, null);
        }
        Statistics times = result.getStatistics(); // µs per operation, every sampled operation
        return new Point(chapter, payload, threads, mode, threads * 1e6 / times.getMean(), times.getMean(),
                times.getPercentile(50), times.getPercentile(99), times.getPercentile(99.9), null);
    }

    /**
     * JMH's JSON with every {@code "rawDataHistogram"} field left out. In SampleTime mode that field lists every
     * sampled time bucket (tens of kilobytes per run); the percentiles JMH computed from it stay, under
     * {@code "scorePercentiles"}. Its arrays hold only numbers, so matching brackets is enough to find its end.
     */
    static String withoutRawHistograms(String json) {
        String field = "\"rawDataHistogram\"";
        StringBuilder kept = new StringBuilder(json.length());
        int from = 0;
        int at;
        while ((at = json.indexOf(field, from)) >= 0) {
            int cut = kept.length() + (at - from);
            kept.append(json, from, at);
            int comma = kept.lastIndexOf(",");
            if (comma >= 0 && kept.substring(comma + 1, cut).isBlank()) {
                kept.setLength(comma); // the comma that separated it from the field before
            }
            int open = json.indexOf('[', at);
            int depth = 0;
            int i = open;
            do {
                char c = json.charAt(i++);
                depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            } while (depth > 0);
            from = i;
        }
        return kept.append(json, from, json.length()).toString();
    }

    /** The line of JMH's output that says what went wrong, for a one-line report. */
    static String firstProblem(String jmhOutput) {
        for (String line : jmhOutput.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("skipped:") || trimmed.contains("Exception") || trimmed.contains("Error")) {
                return trimmed;
            }
        }
        return "JMH produced no result";
    }
}
