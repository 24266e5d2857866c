package echo.bench;

import echo.common.Chapter;
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
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Param;

/**
 * The one command: runs JMH and the process-per-server runner over every chapter on the class path, then writes
 * {@code benchmarks/results/}: the JMH JSON, the scale figures as JSON, a markdown report and PNG charts.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar echo.bench.Suite            # quick preset, a few minutes
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
              --out DIR          where to write (default: benchmarks/results, or benchmarks/target/smoke-results)
              --help             print this and exit
            """;

    /** A preset: how much of everything to run. */
    record Preset(String name, JmhRunner.Settings jmh, ScaleRunner.Settings scale) {
        static Preset named(String name) {
            return switch (name) {
                case "smoke" -> new Preset(name,
                        new JmhRunner.Settings(List.of(1), List.of(64), false, true, 0, Duration.ZERO, 1,
                                Duration.ofSeconds(1), 1),
                        new ScaleRunner.Settings(List.of(1, 4), 64, Duration.ofMillis(500), Duration.ofMillis(200),
                                Duration.ofMillis(500), Duration.ofMillis(500), 4, List.of(100),
                                Duration.ofSeconds(10)));
                // About 25 s per chapter on 2 cores, most of it the scale figures; JMH only at 16 connections
                // (the scale runner covers 1 to 256).
                case "quick" -> new Preset(name,
                        new JmhRunner.Settings(List.of(16), List.of(64), false, true, 1, Duration.ofSeconds(1), 1,
                                Duration.ofSeconds(1), 1),
                        new ScaleRunner.Settings(List.of(1, 16, 64, 256), 64, Duration.ofSeconds(1),
                                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(2), 8,
                                List.of(1_000, 10_000), Duration.ofSeconds(60)));
                case "full" -> new Preset(name,
                        new JmhRunner.Settings(List.of(1, 4, 16, 64, 256), List.of(64, 4096, 65536), true, true, 3,
                                Duration.ofSeconds(1), 5, Duration.ofSeconds(1), 1),
                        new ScaleRunner.Settings(List.of(1, 4, 16, 64, 256), 64, Duration.ofSeconds(5),
                                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), 8,
                                List.of(1_000, 10_000), Duration.ofSeconds(120)));
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick", "--full", "--smoke" -> preset = args[i].substring(2);
                case "--chapters" -> wanted = Arrays.asList(value(args, ++i).split(","));
                case "--only" -> only = Set.of(value(args, ++i));
                case "--out" -> outDir = Path.of(value(args, ++i));
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
        if (outDir == null) {
            Path module = moduleDirectory();
            outDir = preset.equals("smoke") ? module.resolve("target/smoke-results") : module.resolve("results");
        }
        List<Chapter> chapters = chapters(wanted, preset.equals("smoke"), out);
        if (chapters.isEmpty()) {
            fail("no chapter to measure on the class path");
        }
        Results results = run(settings, chapters, only, outDir, "java -cp benchmarks/target/benchmarks.jar"
                + " echo.bench.Suite " + String.join(" ", args), out);
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

    /** Everything a run measured. */
    record Results(List<JmhRunner.Point> jmh, List<ChapterScale> scale) {
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

    /** Runs the preset and writes every file. */
    static Results run(Preset preset, List<Chapter> chapters, Set<String> only, Path outDir, String command,
                       PrintStream out) throws IOException {
        long started = System.nanoTime();
        Machine machine = Machine.describe();
        Files.createDirectories(outDir);
        out.println("Echo benchmarks, " + preset.name() + " preset: " + chapters.size() + " chapters on "
                + machine.cores() + " cores, " + machine.jdk() + "; load average " + machine.loadAverageBefore());
        out.println("writing to " + outDir.toAbsolutePath());

        List<JmhRunner.Point> jmh = List.of();
        if (only.contains("jmh")) {
            out.println();
            out.println("== JMH: the server inside the benchmark JVM, one fork per combination");
            jmh = new JmhRunner(preset.jmh(), out).run(chapters, outDir.resolve("jmh.json"),
                    moduleDirectory().resolve("target/jmh-output.txt"));
        }

        List<ChapterScale> scale = new ArrayList<>();
        if (only.contains("scale")) {
            out.println();
            out.println("== Scale: each server in its own JVM, the load from this one");
            ScaleRunner runner = new ScaleRunner(preset.scale(), System.getProperty("java.class.path"), out);
            int n = 0;
            for (Chapter chapter : chapters) {
                out.printf(Locale.ROOT, "[scale %d/%d] %s (%s)%n", ++n, chapters.size(), chapter.id(), chapter.title());
                long chapterStarted = System.nanoTime();
                scale.add(runner.measure(chapter));
                out.printf(Locale.ROOT, "    (%s; %s since the start)%n",
                        minutesAndSeconds(System.nanoTime() - chapterStarted),
                        minutesAndSeconds(System.nanoTime() - started));
            }
            Files.writeString(outDir.resolve("scale.json"), "[\n" + scale.stream().map(c -> c.toJson().toString())
                    .collect(Collectors.joining(",\n")) + "\n]\n", StandardCharsets.UTF_8);
        }

        List<String> charts = new ArrayList<>();
        if (!scale.isEmpty()) {
            ScaleRunner.Settings s = preset.scale();
            Charts.draw(scale, s.connections(), s.fewConnections(), s.holds().get(s.holds().size() - 1), outDir);
            charts.addAll(Charts.FILES.keySet());
        }
        String wallTime = minutesAndSeconds(System.nanoTime() - started);
        ScaleRunner.Settings s = preset.scale();
        Report.Run report = new Report.Run(preset.name(), command.strip(), machine, wallTime, ProcStat.loadAverage(),
                s.connections(), s.payload(), s.fewConnections(), s.idleWindow().toMillis() / 1e3, scale, jmh, charts);
        Files.writeString(outDir.resolve("README.md"), Report.markdown(report), StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("run.json"), new Json().field("preset", preset.name())
                .field("date", machine.date()).field("cores", machine.cores()).field("cpu", machine.cpuModel())
                .field("jdk", machine.jdk()).field("wallTime", wallTime).toString() + "\n", StandardCharsets.UTF_8);
        out.println();
        out.println("done in " + wallTime + "; report: " + outDir.resolve("README.md"));
        return new Results(jmh, scale);
    }

    /**
     * The chapters to run: those asked for, or every one on the class path. Says which of the known chapters
     * (the benchmark's @Param list) are missing, e.g. 07 on a JDK older than 21.
     */
    private static List<Chapter> chapters(List<String> wanted, boolean smoke, PrintStream out) {
        List<Chapter> found;
        try {
            found = Chapters.all();
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
            List<Chapter> chosen = new ArrayList<>();
            for (String id : wanted) {
                chosen.add(found.stream().filter(c -> c.id().equals(id.strip())).findFirst().orElseThrow(
                        () -> new IllegalArgumentException("no chapter '" + id + "' on the class path; found: "
                                + found.stream().map(Chapter::id).toList())));
            }
            return chosen;
        }
        if (smoke) {
            // Seconds, not minutes: one chapter that serves many clients at once.
            return found.stream().filter(c -> Capacity.cannotServe(c, ServerProcess.config(), 4).isEmpty())
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
