package echo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
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
 * {@code forks} JMH forks (JMH's error bars need more than one fork to show fork-to-fork variation), taken in
 * rounds, in turns across the subjects (see {@link #run(List, Path, Path, java.util.function.Consumer)}); the
 * forks of each combination are joined into one result, and all of them into one JSON file.
 *
 * <p>In each round one server process per subject serves all of that subject's combinations: started here, warmed
 * up for {@link Settings#serverWarmup()}, handed to each fork by address ({@link RoundTripBenchmark#RUNNING}), and
 * stopped after the round, as the scale runner measures a warmed server. A server started by each fork measured
 * its JIT's first seconds instead: 08 (Netty, the most code on the hot path) then came out at 0.63 to 0.80 of the
 * runner's figure while 05 and 06 came out at 0.93 to 1.33, which reordered them. Forks taken back to back for
 * one subject let a slow spell of the machine fall on one subject alone: in a fresh clone on 2026-12-03, 05 at 16
 * connections came out at 0.86 of the runner's figure (70,552 ± 3,008 ops/s, all three forks low) while the next
 * subjects measured 1.04 and 1.09 of theirs.
 */
final class JmhRunner {
    /**
     * @param sampleTime also run JMH's SampleTime mode: per-operation times, hence latency percentiles
     * @param throughput also run Throughput mode (ops/s counted directly)
     * @param subjects   only these subject ids (empty: every one the suite measures)
     * @param forks      JMH forks of every combination, one per round
     * @param serverWarmup load on each round's server of a subject before its first fork, so the server's JIT has compiled
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

    /** One benchmark run of one subject: what {@link #run} measures in every round. */
    private record Combination(Subject subject, Mode mode, int payload, int threads) {
        String label() {
            return String.format(Locale.ROOT, "%-22s %6d B  %3d thread%s  %s", subject.id(), payload, threads,
                    threads == 1 ? " " : "s", mode.shortLabel());
        }
    }

    /** Every combination of the subjects this preset runs JMH on, subject by subject. */
    private List<Combination> combinations(List<Subject> all) {
        List<Combination> combinations = new ArrayList<>();
        for (Subject subject : subjects(all)) {
            for (Mode mode : settings.modes()) {
                for (int payload : settings.payloads()) {
                    for (int threads : settings.threads()) {
                        combinations.add(new Combination(subject, mode, payload, threads));
                    }
                }
            }
        }
        return combinations;
    }

    /** The steps {@link #run} goes through, in order (one fork of one combination each): what the progress line counts. */
    List<String> plan(List<Subject> all) {
        List<String> steps = new ArrayList<>();
        for (int round = 1; round <= settings.forks(); round++) {
            for (Combination c : combinations(all)) {
                steps.add(c.subject().id() + " " + c.threads() + "t " + c.mode().shortLabel()
                        + (settings.forks() > 1 ? " fork " + round + "/" + settings.forks() : ""));
            }
        }
        return steps;
    }

    /** The subjects this preset runs JMH on. */
    List<Subject> subjects(List<Subject> all) {
        return all.stream().filter(s -> settings.includes(s.id())).toList();
    }

    /** Seconds one step of {@link #plan} takes, about: one fork's windows, its JVM's start, a share of a server's. */
    double estimatedSecondsPerRun() {
        int perSubject = settings.modes().size() * settings.payloads().size() * settings.threads().size();
        return 2.0 + settings.warmupIterations() * settings.warmupTime().toMillis() / 1e3
                + settings.iterations() * settings.iterationTime().toMillis() / 1e3
                + (1.0 + settings.serverWarmup().toMillis() / 1e3) / Math.max(1, perSubject);
    }

    /** Runs every combination; writes JMH's JSON to {@code json} and its text output to {@code textLog}. */
    List<Point> run(List<Subject> all, Path json, Path textLog) throws IOException {
        return run(all, json, textLog, step -> { });
    }

    /**
     * Runs every combination in {@code forks} rounds of one fork each, in turns across the subjects: round after
     * round, each subject's server is started and warmed anew and each of its combinations gets one JMH fork. A
     * slow spell of the machine (a build's files still being written out, another process's burst) then falls on
     * one fork of every subject rather than on every fork of one, and each fork meets a server JVM of its own, so
     * JMH's error bars cover what differs from one server run to the next (its JIT's choices) as well as from one
     * client fork to the next. The forks of each combination are then joined into one JMH result, with the score
     * and error JMH gives several forks (mean and 99.9% interval over every measured iteration of every fork).
     */
    List<Point> run(List<Subject> all, Path json, Path textLog, java.util.function.Consumer<String> starting)
            throws IOException {
        ServerConfig config = ServerProcess.config();
        Files.createDirectories(textLog.getParent());
        Files.deleteIfExists(textLog);
        List<Combination> combinations = combinations(all);
        Map<Combination, List<BenchmarkResult>> forks = new LinkedHashMap<>();
        Map<Combination, BenchmarkParams> params = new LinkedHashMap<>();
        Map<Combination, String> skipped = new LinkedHashMap<>();
        int total = combinations.size() * settings.forks();
        int done = 0;
        for (int round = 1; round <= settings.forks(); round++) {
            for (Subject subject : subjects(all)) {
                ServerProcess server = null;
                String cannotStart = null;
                try {
                    for (Combination c : combinations.stream().filter(c -> c.subject() == subject).toList()) {
                        done++;
                        starting.accept(subject.id());
                        String what = String.format(Locale.ROOT, "[jmh %d/%d] %s%s", done, total, c.label(),
                                settings.forks() > 1 ? "  fork " + round + "/" + settings.forks() : "");
                        if (skipped.containsKey(c)) { // said in its first round
                            continue;
                        }
                        Optional<String> cannot = Capacity.cannotServe(subject.chapter(), config, c.threads())
                                .or(() -> Capacity.cannotCarry(subject.chapter(), config, c.payload()));
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
                            skipped.put(c, cannot.get());
                            continue;
                        }
                        Fork fork = runOne(c, server, textLog);
                        if (fork.result().isEmpty()) {
                            String problem = firstProblem(fork.output());
                            // A variant the machine cannot have is a skip, as in the scale runner; anything else is a
                            // problem, and one fork without a result leaves the combination without one.
                            String why = problem.startsWith("skipped: ") ? problem.substring("skipped: ".length())
                                    : NO_RESULT + problem + " (see " + textLog + ")";
                            log.println(what + "  " + why);
                            skipped.put(c, why);
                            continue;
                        }
                        RunResult result = fork.result().get();
                        params.putIfAbsent(c, result.getParams());
                        forks.computeIfAbsent(c, k -> new ArrayList<>()).addAll(result.getBenchmarkResults());
                        // One fork's own error bar (a few iterations) is wide and says little; the joined one says it.
                        log.println(what + "  " + describe(point(c, result.getPrimaryResult()), settings.forks() == 1));
                    }
                } finally {
                    if (server != null) {
                        server.close();
                    }
                }
            }
        }
        List<Point> points = new ArrayList<>();
        List<RunResult> joined = new ArrayList<>();
        for (Combination c : combinations) {
            if (skipped.containsKey(c) || !forks.containsKey(c)) {
                points.add(Point.skipped(c.subject().id(), c.payload(), c.threads(), c.mode(),
                        skipped.getOrDefault(c, NO_RESULT + "JMH produced no result")));
                continue;
            }
            RunResult together = new RunResult(params.get(c), forks.get(c));
            joined.add(together);
            Point point = point(c, together.getPrimaryResult());
            if (settings.forks() > 1) {
                log.println("[jmh] " + c.label() + "  " + describe(point, true) + "  (" + forks.get(c).size() + " forks)");
            }
            points.add(point);
        }
        JsonFiles.write(json, joinedJson(joined));
        return points;
    }

    /** The figure of {@code point} for the log, with its error bar if asked for and it has one. */
    private static String describe(Point point, boolean withError) {
        return String.format(Locale.ROOT, "%,.0f%s ops/s%s", point.opsPerSecond(),
                withError && Double.isFinite(point.opsError())
                        ? String.format(Locale.ROOT, " ± %,.0f", point.opsError()) : "",
                point.mode() == Mode.SampleTime ? String.format(Locale.ROOT, ", p50 %.0f µs, p99 %.0f µs",
                        point.p50Micros(), point.p99Micros()) : "");
    }

    /**
     * JMH's own JSON of the joined results, without the raw histograms, each saying how many forks it joined (JMH
     * writes the forks of its parameters: one, as each round ran).
     */
    private static ArrayNode joinedJson(List<RunResult> joined) throws IOException {
        Path file = Files.createTempFile("jmh-", ".json");
        try {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, file.toString()).writeOut(joined);
            ArrayNode results = JsonFiles.array();
            JsonNode written = JsonFiles.withoutRawHistograms(JsonFiles.read(file));
            for (int i = 0; i < written.size(); i++) {
                ObjectNode result = (ObjectNode) written.get(i);
                result.put("forks", joined.get(i).getBenchmarkResults().size());
                results.add(result);
            }
            return results;
        } finally {
            Files.deleteIfExists(file);
        }
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

    /** What one JMH fork gave: its result, if it has one, and its text output. */
    private record Fork(Optional<RunResult> result, String output) {
    }

    /** One JMH fork of {@code c} against {@code server}; its text output is appended to {@code textLog}. */
    private Fork runOne(Combination c, ServerProcess server, Path textLog) throws IOException {
        Path partLog = Files.createTempFile("jmh-", ".txt");
        try {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(Pattern.quote(RoundTripBenchmark.class.getName()) + "\\.roundTrip$")
                    .param("server", c.subject().id())
                    .param("payload", Integer.toString(c.payload()))
                    .threads(c.threads())
                    .forks(1) // the rounds of {@link #run} take the forks, in turns across the subjects
                    // The fork drives the warmed server; the rest are the benchmark's own fork options.
                    .jvmArgsAppend(RoundTripBenchmark.forkOptions(server.where()))
                    .warmupIterations(settings.warmupIterations())
                    .warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
                    .measurementIterations(settings.iterations())
                    .measurementTime(TimeValue.milliseconds(settings.iterationTime().toMillis()))
                    .mode(c.mode())
                    .timeUnit(c.mode() == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.MICROSECONDS)
                    .timeout(TimeValue.seconds(60)) // a stuck iteration is interrupted, never waited on forever
                    .shouldFailOnError(false)
                    .output(partLog.toString());
            Collection<RunResult> ran;
            try {
                ran = new Runner(options.build()).run();
            } catch (RunnerException e) {
                ran = List.of();
            }
            String output = Files.readString(partLog, StandardCharsets.UTF_8);
            Files.writeString(textLog, output, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new Fork(ran.stream().findFirst(), output);
        } finally {
            Files.deleteIfExists(partLog);
        }
    }

    private static Point point(Combination c, Result<?> result) {
        String chapter = c.subject().id();
        int payload = c.payload();
        int threads = c.threads();
        Mode mode = c.mode();
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
