package echo.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import echo.common.Chapters;
import echo.common.Logs;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;
import org.openjdk.jmh.annotations.Param;

/**
 * The one command: runs JMH and the process-per-server runner over every chapter (and variant) on the class path,
 * then writes the JMH JSON, the scale figures as JSON, a markdown report and PNG charts, into
 * {@code benchmarks/target/results/} (or {@code --out DIR}). Only {@code --publish} writes the committed
 * {@code benchmarks/results/} and the root README's headline table, so an ordinary run leaves the work tree clean.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar echo.bench.Suite            # quick preset, under 5 minutes
 * java -cp benchmarks/target/benchmarks.jar echo.bench.Suite --full     # longer, steadier figures
 * java -cp benchmarks/target/benchmarks.jar echo.bench.Suite --smoke    # seconds; CI's check that it runs
 * </pre>
 */
public final class Suite {
    static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar echo.bench.Suite [options]
              --quick            the short preset (default): a few minutes on 2 cores
              --full             longer runs, every payload and thread count: about an hour
              --smoke            seconds, one chapter: checks that everything runs (CI); writes to target/
              --chapters A,B     only these chapter ids (default: every chapter on the class path)
              --only jmh|scale   run one half
              --out DIR          where to write (default: benchmarks/target/results, or target/smoke-results)
              --publish          write the committed benchmarks/results/ and the root README's headline table
                                 instead (for figures taken on a quiet machine)
              --help             print this and exit
            """;

    /** The subjects the quick preset runs JMH on: enough to check the runner's ranking of loops and Netty. */
    static final Set<String> QUICK_JMH = Set.of("05-selector", "06-length-prefixed", "08-netty");

    /**
     * How long the quick preset warms a server before its figures count, in both halves where they are compared:
     * JMH's one server per chapter, and the runner's repeated windows. The same in both, so that neither half
     * measures a colder JIT than the other.
     */
    static final Duration QUICK_SERVER_WARMUP = Duration.ofSeconds(2);

    /** A preset: how much of everything to run. */
    record Preset(String name, JmhRunner.Settings jmh, ScaleRunner.Settings scale) {
        static Preset named(String name) {
            return switch (name) {
                case "smoke" -> new Preset(name,
                        new JmhRunner.Settings(List.of(1), List.of(64), true, false, 0, Duration.ZERO, 1,
                                Duration.ofSeconds(1), 1),
                        new ScaleRunner.Settings(List.of(1, 4), 64, Duration.ofMillis(500), Duration.ofMillis(200),
                                Duration.ofMillis(500), Duration.ofMillis(500), 4, List.of(100),
                                Duration.ofSeconds(10)));
                // Under 5 minutes on 2 cores with the build (5 min 8 s on 2026-12-02 with a 1 s server warm-up and
                // 1 s idle windows, hence 0.5 s and 0.6 s now; 4 min 57 s on 2026-12-03 with 0.8 s idle windows and
                // 3 s of warm-up for the compared servers, hence 2 s, in rounds of fresh connections; 4 min 48 s
                // from a fresh clone on JDK 25 that afternoon with 1 s windows and a 1 s JMH warm-up iteration,
                // hence 0.8 s and 0.6 s): the scale figures for every subject (about 10 s each; 10,000 idle
                // connections held), and where JMH checks the runner (05, 06 and 08 at 16 and 64 connections) both
                // halves measure more than once: the runner 3 windows per count, in turns across the three servers
                // (the median is the figure), and JMH 3 forks × 3 iterations of 0.5 s after a 0.6 s warm-up, so its
                // error bars cover fork-to-fork variation, against one server per chapter and round warmed for 2 s
                // first (with
                // a 1 s warm-up in a fresh server per fork, 08's JIT was still cold: 24,247 ops/s at 16 threads,
                // 44,537 after 4 s of warm-up, where 05 moved from 48,844 to 53,193; 2026-12-02, JDK 25.0.3), and
                // the runner's repeated windows warm their servers as long.
                case "quick" -> new Preset(name,
                        new JmhRunner.Settings(List.of(16, 64), List.of(64), true, false, 1, Duration.ofMillis(600),
                                3, Duration.ofMillis(500), 3, QUICK_JMH, QUICK_SERVER_WARMUP),
                        new ScaleRunner.Settings(List.of(1, 16, 64, 256), 64, Duration.ofMillis(500),
                                Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofMillis(600), 8,
                                List.of(10_000), Duration.ofSeconds(60), QUICK_JMH, List.of(16, 64), 3,
                                QUICK_SERVER_WARMUP));
                // About an hour: JMH on every subject, 1 to 256 connections, 64 B and 4 KiB, 3 forks each.
                case "full" -> new Preset(name,
                        new JmhRunner.Settings(List.of(1, 16, 64, 256), List.of(64, 4096), true, false, 2,
                                Duration.ofSeconds(1), 3, Duration.ofSeconds(1), 3, Set.of(), Duration.ofSeconds(5)),
                        new ScaleRunner.Settings(List.of(1, 4, 16, 64, 256), 64, Duration.ofSeconds(5),
                                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), 8,
                                List.of(1_000, 10_000), Duration.ofSeconds(120), QUICK_JMH, List.of(16, 64), 5));
                default -> throw new IllegalArgumentException("no preset '" + name + "'");
            };
        }
    }

    private Suite() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true"); // charts are drawn off-screen, with or without a display
        Logs.init();
        PrintStream out = System.out;
        String preset = "quick";
        Set<String> only = Set.of("jmh", "scale");
        List<String> wanted = null;
        Path outDir = null;
        boolean publish = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick", "--full", "--smoke" -> preset = args[i].substring(2);
                case "--chapters" -> wanted = Arrays.asList(value(args, ++i).split(","));
                case "--only" -> only = Set.of(value(args, ++i));
                case "--out" -> outDir = Path.of(value(args, ++i));
                case "--publish" -> publish = true;
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return;
                }
                default -> fail("unknown option '" + args[i] + "' (try --help)");
            }
        }
        if (!only.stream().allMatch(Set.of("jmh", "scale")::contains)) {
            fail("--only takes jmh or scale");
        }
        Preset settings = Preset.named(preset);
        Path module = moduleDirectory();
        try {
            outDir = outputDirectory(module, preset, outDir, publish);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
        List<Subject> subjects = subjects(wanted, preset.equals("smoke"), out);
        if (subjects.isEmpty()) {
            fail("no chapter to measure on the class path");
        }
        Results results = run(settings, subjects, only, outDir, "java -cp benchmarks/target/benchmarks.jar"
                + " echo.bench.Suite " + String.join(" ", args), out, Progress.stdoutIsTerminal());
        if (publish && results.report() != null) {
            Path readme = module.toAbsolutePath().getParent().resolve("README.md");
            Publish.headline(readme, results.report());
            out.println("updated the headline table in " + readme);
            Path netty = module.toAbsolutePath().getParent().resolve("08-netty").resolve("README.md");
            if (Files.exists(netty)) {
                Publish.transports(netty, results.report());
                out.println("updated the transports table in " + netty);
            }
        }
        List<String> problems = results.problems();
        if (!problems.isEmpty()) {
            out.println();
            out.println("problems (details in the report):");
            problems.forEach(p -> out.println("  " + p));
            if (preset.equals("smoke")) {
                System.exit(2); // CI's check that the benchmarks still run: a broken run must not pass
            }
        }
    }

    /**
     * Where a run writes. Only {@code --publish} writes the committed {@code benchmarks/results/}; every other run
     * writes under {@code benchmarks/target/} (ignored by git), or where {@code --out} says, so running the
     * README's command leaves {@code git status} clean.
     *
     * @throws IllegalArgumentException for {@code --publish} with {@code --out} or {@code --smoke}, or an
     *                                  {@code --out} that is the committed results folder
     */
    static Path outputDirectory(Path module, String preset, Path out, boolean publish) {
        Path committed = module.resolve("results");
        if (publish) {
            if (out != null) {
                throw new IllegalArgumentException("--publish writes " + committed + "; it takes no --out");
            }
            if (preset.equals("smoke")) {
                throw new IllegalArgumentException("--publish takes the quick or full preset, not --smoke");
            }
            return committed;
        }
        if (out != null) {
            if (out.toAbsolutePath().normalize().equals(committed.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(out + " holds the published figures: write there with --publish");
            }
            return out;
        }
        return module.resolve("target").resolve(preset.equals("smoke") ? "smoke-results" : "results");
    }

    /** Everything a run measured, and the report made of it (null if nothing was written). */
    record Results(List<JmhRunner.Point> jmh, List<ChapterScale> scale, Report.Run report) {
        /** What went wrong (as opposed to what was skipped for a reason): failures, missing results, bad echoes. */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            for (JmhRunner.Point p : jmh) {
                if (p.skipped() != null && p.skipped().startsWith(JmhRunner.NO_RESULT)) {
                    problems.add("jmh " + p.chapter() + " " + p.threads() + " threads: " + p.skipped());
                }
            }
            for (ChapterScale c : scale) {
                if (c.failure() != null) {
                    problems.add(c.id() + ": " + c.failure());
                }
                for (ChapterScale.LoadPoint p : c.load()) {
                    if (p.errors() > 0) {
                        problems.add(c.id() + " at " + p.connections() + " connections: " + p.errors()
                                + " errors, e.g. " + p.errorSamples().get(0));
                    }
                }
            }
            return problems;
        }
    }

    /** Runs the preset and writes every file (progress as plain lines: for tests). */
    static Results run(Preset preset, List<Subject> subjects, Set<String> only, Path outDir, String command,
                       PrintStream out) throws IOException {
        return run(preset, subjects, only, outDir, command, out, false);
    }

    /** Runs the preset and writes every file; on a terminal the progress is one live line. */
    static Results run(Preset preset, List<Subject> subjects, Set<String> only, Path outDir, String command,
                       PrintStream sink, boolean terminal) throws IOException {
        long started = System.nanoTime();
        Machine machine = Machine.describe();
        Files.createDirectories(outDir);
        JmhRunner jmhRunner = new JmhRunner(preset.jmh(), null);
        ScaleRunner.Settings s = preset.scale();
        List<Progress.Step> plan = new ArrayList<>();
        if (only.contains("jmh")) {
            jmhRunner.plan(subjects).forEach(step -> plan.add(new Progress.Step("jmh " + step,
                    jmhRunner.estimatedSecondsPerRun())));
        }
        List<Subject> repeated = subjects.stream().filter(x -> s.repeated().contains(x.id())).toList();
        if (only.contains("scale")) {
            subjects.forEach(subject -> plan.add(new Progress.Step("scale " + subject.id(),
                    ScaleRunner.estimatedSeconds(s))));
            if (s.repeats() > 1 && !repeated.isEmpty()) {
                plan.add(new Progress.Step("scale, repeated windows",
                        ScaleRunner.estimatedRepeatedSeconds(s, repeated.size())));
            }
        }
        plan.add(new Progress.Step("report and charts", 3));
        Progress progress = new Progress(plan, sink, terminal);
        PrintStream out = progress.out();
        out.println("Echo benchmarks, " + preset.name() + " preset: " + subjects.size() + (subjects.size() == 1 ? " server on " : " servers on ")
                + machine.cores() + " cores, " + machine.jdk() + "; load average " + machine.loadAverageBefore());
        out.println("writing to " + outDir.toAbsolutePath());

        List<String> phases = new ArrayList<>();
        List<JmhRunner.Point> jmh = List.of();
        if (only.contains("jmh")) {
            long jmhStarted = System.nanoTime();
            out.println();
            out.println("== JMH: each server in its own JVM, the benchmark threads the only load in JMH's fork");
            jmh = new JmhRunner(preset.jmh(), out).run(subjects, outDir.resolve("jmh.json"),
                    moduleDirectory().resolve("target/jmh-output.txt"), id -> progress.step());
            phases.add("JMH " + minutesAndSeconds(System.nanoTime() - jmhStarted));
        }

        List<ChapterScale> scale = new ArrayList<>();
        if (only.contains("scale")) {
            out.println();
            out.println("== Scale: each server in its own JVM, the load from this one");
            long scaleStarted = System.nanoTime();
            ScaleRunner runner = new ScaleRunner(s, System.getProperty("java.class.path"), out);
            int n = 0;
            for (Subject subject : subjects) {
                progress.step();
                out.printf(Locale.ROOT, "[scale %d/%d] %s (%s)%n", ++n, subjects.size(), subject.id(),
                        ScaleRunner.title(subject));
                long chapterStarted = System.nanoTime();
                scale.add(runner.measure(subject));
                out.printf(Locale.ROOT, "    (%s; %s since the start)%n",
                        minutesAndSeconds(System.nanoTime() - chapterStarted),
                        minutesAndSeconds(System.nanoTime() - started));
            }
            phases.add("scale " + minutesAndSeconds(System.nanoTime() - scaleStarted));
            if (s.repeats() > 1 && !repeated.isEmpty()) {
                progress.step();
                long repeatedStarted = System.nanoTime();
                out.printf(Locale.ROOT, "[scale, repeated windows] %s at %s connections, %d windows each, in"
                                + " turns%n", repeated.stream().map(Subject::id).toList(), s.repeatedAt(),
                        s.repeats());
                Map<String, List<ChapterScale.LoadPoint>> medians = runner.repeated(repeated);
                scale.replaceAll(c -> medians.containsKey(c.id()) ? c.withLoad(medians.get(c.id())) : c);
                phases.add("repeated windows " + minutesAndSeconds(System.nanoTime() - repeatedStarted));
                out.printf(Locale.ROOT, "    (%s; %s since the start)%n",
                        minutesAndSeconds(System.nanoTime() - repeatedStarted),
                        minutesAndSeconds(System.nanoTime() - started));
            }
            ArrayNode json = JsonFiles.array();
            scale.forEach(c -> json.add(c.toJson()));
            JsonFiles.write(outDir.resolve("scale.json"), json);
        }

        progress.step();
        List<String> charts = new ArrayList<>();
        if (!scale.isEmpty()) {
            Charts.draw(scale, s.connections(), s.fewConnections(), s.holds().get(s.holds().size() - 1),
                    subtitle(machine), outDir);
            charts.addAll(Charts.FILES.keySet());
        }
        String wallTime = minutesAndSeconds(System.nanoTime() - started);
        Report.Run report = new Report.Run(preset.name(), command.strip(), machine,
                wallTime + (phases.isEmpty() ? "" : " (" + String.join(", ", phases) + ")"), ProcStat.loadAverage(),
                s.connections(), s.payload(), s.fewConnections(), s.idleWindow().toMillis() / 1e3, scale, jmh, charts,
                s.holds().get(s.holds().size() - 1));
        Files.writeString(outDir.resolve("README.md"), Report.markdown(report), StandardCharsets.UTF_8);
        JsonFiles.write(outDir.resolve("run.json"), JsonFiles.object().put("preset", preset.name())
                .put("date", machine.date()).put("cores", machine.cores()).put("cpu", machine.cpuModel())
                .put("jdk", machine.jdk()).put("loadAverageBefore", machine.loadAverageBefore())
                .put("loadAverageAfter", report.loadAverageAfter()).put("wallTime", wallTime)
                .put("phases", String.join(", ", phases)));
        progress.done();
        out.println();
        out.println("done in " + wallTime + " (" + String.join(", ", phases) + "); report: "
                + outDir.resolve("README.md"));
        return new Results(jmh, scale, report);
    }

    /** Every chart's second line: numbers mean little without the machine, the JDK and the date. */
    static String subtitle(Machine m) {
        return m.cores() + " cores (" + m.cpuModel() + "), " + m.jdk() + ", " + m.date() + "; load average before "
                + m.loadAverageBefore();
    }

    /**
     * The subjects to run: those asked for, or every chapter on the class path and its variants. Says which of
     * the known ids (the benchmark's @Param list) are missing, e.g. 07 on a JDK older than 21.
     */
    private static List<Subject> subjects(List<String> wanted, boolean smoke, PrintStream out) {
        List<Subject> found;
        try {
            found = Subject.all(Chapters.all());
        } catch (ServiceConfigurationError e) {
            // A chapter jar whose registration names a class it does not contain: a broken or half-done build.
            fail("a chapter on the class path is broken (rebuild it): " + e.getMessage());
            return List.of();
        }
        List<String> known = knownChapterIds();
        List<String> missing = known.stream().filter(id -> found.stream().noneMatch(c -> c.id().equals(id))).toList();
        if (!missing.isEmpty()) {
            out.println("not on the class path (left out): " + String.join(", ", missing)
                    + (missing.stream().anyMatch(id -> id.startsWith("07")) && Runtime.version().feature() < 21
                    ? " (07 needs JDK 21+: build and run with one)" : ""));
        }
        if (wanted != null) {
            List<Subject> chosen = new ArrayList<>();
            for (String id : wanted) {
                Subject subject = found.stream().filter(c -> c.id().equals(id.strip())).findFirst().orElse(null);
                if (subject == null) {
                    fail("no chapter '" + id + "' on the class path; found: "
                            + found.stream().map(Subject::id).toList());
                }
                chosen.add(subject);
            }
            return chosen;
        }
        if (smoke) {
            // Seconds, not minutes: one chapter that serves many clients at once.
            return found.stream().filter(c -> !c.isVariant())
                    .filter(c -> Capacity.cannotServe(c.chapter(), ServerProcess.config(), 4).isEmpty())
                    .limit(1).toList();
        }
        return found;
    }

    /** The chapter ids the JMH benchmark lists in its @Param. */
    static List<String> knownChapterIds() {
        try {
            return List.of(RoundTripBenchmark.Server.class.getField("server").getAnnotation(Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** benchmarks/, found from where this class was loaded: benchmarks/target/classes or benchmarks.jar. */
    static Path moduleDirectory() {
        try {
            Path location = Path.of(Suite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = location; dir != null; dir = dir.getParent()) {
                if (dir.getFileName() != null && dir.getFileName().toString().equals("target")) {
                    return dir.getParent();
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Path.of("benchmarks");
    }

    static String minutesAndSeconds(long nanos) {
        long seconds = Math.round(nanos / 1e9);
        return seconds >= 60 ? (seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            fail(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("benchmarks: " + message);
        System.exit(1);
    }
}
