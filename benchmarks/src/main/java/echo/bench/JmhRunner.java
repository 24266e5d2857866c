package echo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import echo.clients.Target;
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
import java.util.Set;
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
 * Runs {@link RoundTripBenchmark} through JMH's API, one combination (subject, payload, threads, mode) at a time,
 * so that each can be skipped for a reason beforehand and reported as it finishes. Each combination runs in
 * {@code forks} JMH forks (JMH's error bars need more than one fork to show fork-to-fork variation); their JSON
 * results are joined into one file.
 *
 * <p>One server process per subject serves all of that subject's combinations and forks: started here, warmed
 * up for {@link Settings#serverWarmup()}, handed to each fork by address ({@link RoundTripBenchmark#RUNNING}),
 * and stopped after its last fork, as the scale runner measures one warmed server at every count. A server
 * started by each fork measured its JIT's first seconds instead: 08 (Netty, the most code on the hot path) then
 * came out at 0.63 to 0.80 of the runner's figure while 05 and 06 came out at 0.93 to 1.33, which reordered them.
 */
final class JmhRunner {
    /**
     * @param sampleTime also run JMH's SampleTime mode: per-operation times, hence latency percentiles
     * @param throughput also run Throughput mode (ops/s counted directly)
     * @param subjects   only these subject ids (empty: every one the suite measures)
     * @param serverWarmup load on each subject's server before its first fork, so the server's JIT has compiled
     *                     its hot path (as the scale runner's is) before JMH measures it; zero: none
     */
    record Settings(List<Integer> threads, List<Integer> payloads, boolean throughput, boolean sampleTime,
                    int warmupIterations, Duration warmupTime, int iterations, Duration iterationTime, int forks,
                    Set<String> subjects, Duration serverWarmup) {
        Settings(List<Integer> threads, List<Integer> payloads, boolean throughput, boolean sampleTime,
                 int warmupIterations, Duration warmupTime, int iterations, Duration iterationTime, int forks,
                 Set<String> subjects) {
            this(threads, payloads, throughput, sampleTime, warmupIterations, warmupTime, iterations, iterationTime,
                    forks, subjects, Duration.ZERO);
        }

        Settings(List<Integer> threads, List<Integer> payloads, boolean throughput, boolean sampleTime,
                 int warmupIterations, Duration warmupTime, int iterations, Duration iterationTime, int forks) {
            this(threads, payloads, throughput, sampleTime, warmupIterations, warmupTime, iterations, iterationTime,
                    forks, Set.of());
        }

        /** Whether this preset runs JMH on {@code id}. */
        boolean includes(String id) {
            return subjects.isEmpty() || subjects.contains(id);
        }

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
     * @param opsError JMH's error of ops/s (half the 99.9% confidence interval over every measured iteration of
     *                 every fork; Throughput mode only), NaN when it has none (one iteration in all)
     * @param skipped  why it did not run, or null
     */
    record Point(String chapter, int payload, int threads, Mode mode, double opsPerSecond, double opsError,
                 double meanMicros, double p50Micros, double p99Micros, double p999Micros, String skipped) {
        static Point skipped(String chapter, int payload, int threads, Mode mode, String why) {
            return new Point(chapter, payload, threads, mode, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, why);
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

    /** The combinations {@link #run} goes through, in order: what the progress line counts. */
    List<String> plan(List<Subject> all) {
        List<String> steps = new ArrayList<>();
        for (Subject subject : subjects(all)) {
            for (Mode mode : settings.modes()) {
                for (int payload : settings.payloads()) {
                    for (int threads : settings.threads()) {
                        steps.add(subject.id() + " " + threads + "t " + mode.shortLabel());
                    }
                }
            }
        }
        return steps;
    }

    /** The subjects this preset runs JMH on. */
    List<Subject> subjects(List<Subject> all) {
        return all.stream().filter(s -> settings.includes(s.id())).toList();
    }

    /** Seconds one combination takes, about: JMH's windows plus starting a fork and a server for each fork. */
    double estimatedSecondsPerRun() {
        int perSubject = settings.modes().size() * settings.payloads().size() * settings.threads().size();
        return settings.forks() * (2.0 + settings.warmupIterations() * settings.warmupTime().toMillis() / 1e3
                + settings.iterations() * settings.iterationTime().toMillis() / 1e3)
                + (1.0 + settings.serverWarmup().toMillis() / 1e3) / Math.max(1, perSubject);
    }

    /** Runs every combination; writes JMH's JSON to {@code json} and its text output to {@code textLog}. */
    List<Point> run(List<Subject> all, Path json, Path textLog) throws IOException {
        return run(all, json, textLog, step -> { });
    }

    List<Point> run(List<Subject> all, Path json, Path textLog, java.util.function.Consumer<String> starting)
            throws IOException {
        ServerConfig config = ServerProcess.config();
        List<Subject> subjects = subjects(all);
        List<Point> points = new ArrayList<>();
        ArrayNode results = JsonFiles.array();
        Files.createDirectories(textLog.getParent());
        Files.deleteIfExists(textLog);
        int total = subjects.size() * settings.payloads().size() * settings.threads().size() * settings.modes().size();
        int done = 0;
        for (Subject subject : subjects) {
            var chapter = subject.chapter();
            ServerProcess server = null;
            String cannotStart = null;
            try {
                for (Mode mode : settings.modes()) {
                    for (int payload : settings.payloads()) {
                        for (int threads : settings.threads()) {
                            done++;
                            starting.accept(subject.id());
                            String what = String.format(Locale.ROOT, "[jmh %d/%d] %-22s %6d B  %3d thread%s  %s",
                                    done, total, subject.id(), payload, threads, threads == 1 ? " " : "s",
                                    mode.shortLabel());
                            Optional<String> cannot = Capacity.cannotServe(chapter, config, threads)
                                    .or(() -> Capacity.cannotCarry(chapter, config, payload));
                            if (cannot.isEmpty() && server == null && cannotStart == null) {
                                try {
                                    server = startWarm(subject, config);
                                } catch (IOException e) { // the subject's every combination says why
                                    cannotStart = e.getMessage();
                                }
                            }
                            if (cannot.isEmpty() && cannotStart != null) {
                                cannot = Optional.of(cannotStart);
                            }
                            if (cannot.isPresent()) {
                                log.println(what + "  skipped: " + cannot.get());
                                points.add(Point.skipped(subject.id(), payload, threads, mode, cannot.get()));
                                continue;
                            }
                            Point point = runOne(subject.id(), server, payload, threads, mode, results, textLog);
                            log.println(what + "  " + (point.skipped() != null ? point.skipped()
                                    : String.format(Locale.ROOT, "%,.0f%s ops/s%s", point.opsPerSecond(),
                                    Double.isFinite(point.opsError())
                                            ? String.format(Locale.ROOT, " ± %,.0f", point.opsError()) : "",
                                    mode == Mode.SampleTime ? String.format(Locale.ROOT,
                                            ", p50 %.0f µs, p99 %.0f µs", point.p50Micros(), point.p99Micros())
                                            : "")));
                            points.add(point);
                        }
                    }
                }
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
        JsonFiles.write(json, results);
        return points;
    }

    /** The subject's server, in a JVM of its own, loaded for {@link Settings#serverWarmup()} before it is used. */
    private ServerProcess startWarm(Subject subject, ServerConfig config) throws IOException {
        ServerProcess server = ServerProcess.start(subject, System.getProperty("java.class.path"));
        try {
            if (!settings.serverWarmup().isZero()) {
                Target target = new Target(server.address(), subject.chapter().protocol());
                ScaleRunner.warmUp(subject.chapter(), config, target, settings.payloads().get(0),
                        settings.serverWarmup(), log, "[jmh] " + subject.id() + ": server ");
            }
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private Point runOne(String chapter, ServerProcess server, int payload, int threads, Mode mode,
                         ArrayNode results, Path textLog) throws IOException {
        Path partJson = Files.createTempFile("jmh-", ".json");
        Path partLog = Files.createTempFile("jmh-", ".txt");
        try {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(Pattern.quote(RoundTripBenchmark.class.getName()) + "\\.roundTrip$")
                    .param("server", chapter)
                    .param("payload", Integer.toString(payload))
                    .threads(threads)
                    .forks(settings.forks())
                    // Every fork drives the one warmed server; the rest are the benchmark's own fork options.
                    .jvmArgsAppend(RoundTripBenchmark.forkOptions(server.where()))
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
            Collection<RunResult> ran;
            try {
                ran = new Runner(options.build()).run();
            } catch (RunnerException e) {
                ran = List.of();
            }
            String text = Files.readString(partLog, StandardCharsets.UTF_8);
            Files.writeString(textLog, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (ran.isEmpty()) {
                String problem = firstProblem(text);
                // A variant the machine cannot have is a skip, as in the scale runner; anything else is a problem.
                return Point.skipped(chapter, payload, threads, mode, problem.startsWith("skipped: ")
                        ? problem.substring("skipped: ".length()) : NO_RESULT + problem + " (see " + textLog + ")");
            }
            JsonFiles.withoutRawHistograms(JsonFiles.read(partJson)).forEach(results::add);
            return point(chapter, payload, threads, mode, ran.iterator().next().getPrimaryResult());
        } finally {
            Files.deleteIfExists(partJson);
            Files.deleteIfExists(partLog);
        }
    }

    private static Point point(String chapter, int payload, int threads, Mode mode, Result<?> result) {
        if (mode == Mode.Throughput) {
            double error = result.getScoreError(); // NaN with a single measured iteration
            return new Point(chapter, payload, threads, mode, result.getScore(), error,
                    threads * 1e6 / result.getScore(), Double.NaN, Double.NaN, Double.NaN, null);
        }
        Statistics times = result.getStatistics(); // µs per operation, every sampled operation
        return new Point(chapter, payload, threads, mode, threads * 1e6 / times.getMean(), Double.NaN,
                times.getMean(), times.getPercentile(50), times.getPercentile(99), times.getPercentile(99.9), null);
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
