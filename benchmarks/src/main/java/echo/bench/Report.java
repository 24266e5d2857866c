package echo.bench;

import echo.bench.ChapterScale.Hold;
import echo.bench.ChapterScale.LoadPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Mode;

/**
 * The markdown report ({@code results/README.md}): where and how the figures were taken, then one table per
 * question, the charts, and every skipped combination with its reason. Plain formatting, so it reads the same
 * on GitHub and in a terminal.
 */
final class Report {
    /** What the report is about: the run's context and its figures. */
    record Run(String preset, String command, Machine machine, String wallTime, String loadAverageAfter,
               List<Integer> connections, int payload, int fewConnections, double idleWindowSeconds,
               List<ChapterScale> scale, List<JmhRunner.Point> jmh, List<String> chartFiles, int largestHold) {
        Run(String preset, String command, Machine machine, String wallTime, String loadAverageAfter,
            List<Integer> connections, int payload, int fewConnections, double idleWindowSeconds,
            List<ChapterScale> scale, List<JmhRunner.Point> jmh, List<String> chartFiles) {
            this(preset, command, machine, wallTime, loadAverageAfter, connections, payload, fewConnections,
                    idleWindowSeconds, scale, jmh, chartFiles, scale.stream().flatMap(c -> c.holds().stream())
                            .mapToInt(ChapterScale.Hold::requested).max().orElse(0));
        }
    }

    private final StringBuilder md = new StringBuilder();

    private Report() {
    }

    static String markdown(Run run) {
        Report report = new Report();
        report.write(run);
        return report.md.toString();
    }

    private void write(Run run) {
        Machine m = run.machine();
        line("# Benchmark results: " + run.preset() + " preset");
        line();
        line("Taken " + m.date() + " on " + m.cores() + " cores (" + m.cpuModel() + "), " + m.jdk() + ", " + m.os()
                + ". Load average (1, 5, 15 min) before: " + m.loadAverageBefore() + "; after: "
                + run.loadAverageAfter() + ". The run took " + run.wallTime() + ".");
        line();
        line("Command: `" + run.command() + "`. What the figures mean and what each chapter's curve teaches:"
                + " [../README.md](../README.md).");
        line();
        if (!run.scale().isEmpty()) {
            int at = Verdict.comparedAt(run.connections());
            line();
            line("## Verdict");
            line();
            line(Verdict.of(run.scale(), at, run.largestHold()));
            line();
            line("Caveats, beside it: client and server share the same " + m.cores() + " cores over loopback, where"
                    + " most CPU time is the kernel's, so msgs/s is bounded by the client more than by the server;"
                    + " one connection is latency-bound; figures move 20–30% from run to run (more on a busy"
                    + " machine: compare the load averages above). Server CPU per round trip and the idle and memory"
                    + " figures are where the models differ. Speed is never a pass/fail test here.");
            line();
            line("### Headline");
            line();
            md.append(headline(run));
            multiReactorGoal(run);
            scaleTables(run);
        } else {
            line();
            line("Client and server share the same " + m.cores() + " cores over loopback. Speed is never a"
                    + " pass/fail test here.");
        }
        if (!run.jmh().isEmpty()) {
            agreement(run);
            jmhTables(run);
        }
        skipped(run);
    }

    /**
     * The headline table (also the root README's): per subject, msgs/s and server CPU per round trip at the
     * verdict's connection count, that CPU as a multiple of Netty's on io_uring ("—" when that variant was not
     * measured), idle CPU, and what holding the most idle connections cost.
     */
    static String headline(Run run) {
        int at = Verdict.comparedAt(run.connections());
        int hold = run.largestHold();
        ChapterScale baseline = run.scale().stream().filter(c -> c.id().equals(Subject.BASELINE)).findFirst()
                .orElse(null);
        double base = baseline == null || baseline.loadAt(at) == null ? Double.NaN
                : baseline.loadAt(at).serverMicrosPerMessage();
        Report r = new Report();
        List<List<String>> rows = new ArrayList<>();
        for (ChapterScale c : run.scale()) {
            LoadPoint p = c.loadAt(at);
            ChapterScale.Hold h = c.holdOf(hold);
            String missing = c.unavailable() != null ? "not available here" : c.failure() != null ? "failed"
                    : c.whyNoLoadAt(at) != null ? "cannot serve " + at : "—";
            double cpu = p == null ? Double.NaN : p.serverMicrosPerMessage();
            rows.add(List.of(c.id(),
                    p == null ? missing : count(p.messagesPerSecond()),
                    p == null ? "—" : micros(cpu) + " µs",
                    Double.isFinite(cpu) && Double.isFinite(base) && base > 0
                            ? String.format(Locale.ROOT, "%.2f×", cpu / base) : "—",
                    c.idle() == null ? "—" : percent(c.idle().cpuPercentNoConnections()),
                    h == null || h.held() == 0 ? "—" : count(h.threads()),
                    h == null || h.held() == 0 || c.idle() == null ? "—"
                            : perConnection(h.rssKiBPerConnection(c.idle()), " KiB")));
        }
        r.table(List.of("chapter", "msgs/s, " + at + " conns", "server CPU per msg, " + at + " conns",
                "× of Netty io_uring", "CPU while idle", String.format(Locale.ROOT, "threads at %,d conns", hold),
                "resident memory per idle conn"), rows);
        if (!Double.isFinite(base)) {
            r.line();
            r.line("× of Netty io_uring: — because " + Subject.BASELINE + " was not measured in this run"
                    + (baseline != null && baseline.unavailable() != null ? " (" + baseline.unavailable() + ")" : "")
                    + ".");
        }
        return r.md.toString();
    }

    /** The chapter the multi-reactor goal is set against, and the counts it is checked at. */
    static final String GOAL_BASE = "07-virtual-threads";
    static final List<Integer> GOAL_AT = List.of(64, 256);

    /**
     * Issue 12's goal, checked from the run's own figures: 09 with 2 reactors moves at least as many msgs/s as 07
     * at 64 and 256 connections, at no more server CPU per round trip. One line per 09 subject measured (with its
     * reactor count), the ratios, met or short by how much; then why, from the same figures.
     */
    private void multiReactorGoal(Run run) {
        ChapterScale base = find(run, GOAL_BASE);
        List<ChapterScale> nines = run.scale().stream()
                .filter(c -> c.id().startsWith("09-multi-reactor") && !c.id().contains("framed")).toList();
        if (base == null || nines.isEmpty() || GOAL_AT.stream().anyMatch(n -> base.loadAt(n) == null)) {
            return;
        }
        line();
        line("### Goal: 09 with 2 reactors against 07");
        line();
        line("The goal (issue 12): 09 with 2 reactors at least 1.0× " + GOAL_BASE + "'s msgs/s at "
                + GOAL_AT.get(0) + " and " + GOAL_AT.get(1) + " connections, with server CPU per round trip no higher"
                + " than 07's. From this run's figures:");
        line();
        List<List<String>> rows = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        for (ChapterScale nine : nines) {
            String reactors = reactorsOf(nine.id(), run.machine().cores());
            boolean met = true;
            double worstSpeed = Double.MAX_VALUE;
            double worstCpu = 0;
            for (int n : GOAL_AT) {
                LoadPoint p = nine.loadAt(n);
                LoadPoint b = base.loadAt(n);
                if (p == null) {
                    met = false;
                    rows.add(List.of(nine.id() + " (" + reactors + ")", Integer.toString(n), "not measured", "—"));
                    continue;
                }
                double speed = p.messagesPerSecond() / b.messagesPerSecond();
                double cpu = p.serverMicrosPerMessage() / b.serverMicrosPerMessage();
                met &= speed >= 1.0 && cpu <= 1.0;
                worstSpeed = Math.min(worstSpeed, speed);
                worstCpu = Math.max(worstCpu, cpu);
                rows.add(List.of(nine.id() + " (" + reactors + ")", Integer.toString(n),
                        String.format(Locale.ROOT, "%.2f× (%s against %s)", speed, count(p.messagesPerSecond()),
                                count(b.messagesPerSecond())),
                        String.format(Locale.ROOT, "%.2f× (%s against %s µs)", cpu, micros(p.serverMicrosPerMessage()),
                                micros(b.serverMicrosPerMessage()))));
            }
            if (worstSpeed == Double.MAX_VALUE) {
                verdicts.add(nine.id() + " (" + reactors + "): not measured at these counts.");
            } else if (met) {
                verdicts.add(nine.id() + " (" + reactors + "): **met** at both counts.");
            } else {
                List<String> short_ = new ArrayList<>();
                if (worstSpeed < 1.0) {
                    short_.add("msgs/s short by up to " + shortfall(1 - worstSpeed));
                }
                if (worstCpu > 1.0) {
                    short_.add("CPU per round trip up to " + shortfall(worstCpu - 1) + " over 07's");
                }
                verdicts.add(nine.id() + " (" + reactors + "): **not met**: " + String.join(", ", short_) + ".");
            }
        }
        table(List.of("server", "connections", "msgs/s, × of 07", "server CPU per round trip, × of 07"), rows);
        line();
        verdicts.forEach(v -> line("- " + v));
        line();
        LoadPoint b = base.loadAt(GOAL_AT.get(0));
        LoadPoint p = nines.get(0).loadAt(GOAL_AT.get(0));
        line("Why, as far as these figures tell: client and server share the same " + run.machine().cores()
                + " cores. A second reactor gives 09 a second thread that can run on the other core, but that core"
                + " is the load client's too, so it adds no core of its own: what it can win is fewer round trips"
                + " waiting behind one busy thread, what it costs is a hand-off from the acceptor and two selectors"
                + " to wake." + clientBound(p, b) + " A fair test of the goal needs the client on cores of its own.");
    }

    /** What the client's CPU per round trip says about msgs/s at the goal's first count, from the figures. */
    private static String clientBound(LoadPoint nine, LoadPoint base) {
        if (nine == null || base == null) {
            return "";
        }
        boolean clientBusier = nine.clientMicrosPerMessage() > nine.serverMicrosPerMessage()
                && base.clientMicrosPerMessage() > base.serverMicrosPerMessage();
        return String.format(Locale.ROOT, " At %d connections the load client spent %s µs of CPU per round trip"
                        + " against 09 and %s against 07, the servers %s and %s µs%s", nine.connections(),
                micros(nine.clientMicrosPerMessage()), micros(base.clientMicrosPerMessage()),
                micros(nine.serverMicrosPerMessage()), micros(base.serverMicrosPerMessage()), clientBusier
                        ? ": the client needs more CPU than either server, so msgs/s is bounded by the client and"
                        + " cannot rank these two; server CPU per round trip can, within its 20–30% run-to-run"
                        + " noise."
                        : ".");
    }

    /** "2 reactors": from a variant's --reactors option, else the chapter's default, one per core. */
    static String reactorsOf(String id, int cores) {
        for (Subject.Variant v : Subject.VARIANTS) {
            int at = v.args().indexOf("--reactors");
            if (v.id().equals(id) && at >= 0) {
                int n = Integer.parseInt(v.args().get(at + 1));
                return n + (n == 1 ? " reactor" : " reactors");
            }
        }
        return cores + (cores == 1 ? " reactor" : " reactors") + ", its default of one per core";
    }

    private static ChapterScale find(Run run, String id) {
        return run.scale().stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    /** JMH beside the runner: the same experiment through two harnesses; where their rankings differ, and why. */
    private void agreement(Run run) {
        List<Agreement.Row> rows = Agreement.rows(run.jmh(), run.scale(), run.payload());
        if (rows.isEmpty()) {
            return;
        }
        line();
        line("## JMH beside the process runner");
        line();
        line("Both run the server in a JVM of its own and drive it with blocking ping-pong connections from another"
                + " JVM, " + run.payload() + "-byte messages; JMH's error is half its 99.9% confidence interval over"
                + " every measured iteration of every fork.");
        line();
        int windows = rows.stream().mapToInt(Agreement.Row::runnerWindows).max().orElse(1);
        if (windows > 1) {
            line();
            line("The runner took " + windows + " windows of each of these, in turns across the chapters (each"
                    + " round goes through every chapter at one count before the next round), so a slow spell of the"
                    + " machine falls on all of them; its figure is the median window, beside the lowest and highest."
                    + " These servers were started for the repeated windows on their own, after the other figures.");
        }
        line();
        List<List<String>> cells = new ArrayList<>();
        for (Agreement.Row row : rows) {
            cells.add(List.of(row.subject(), Integer.toString(row.connections()),
                    count(row.jmhOps()) + (Double.isFinite(row.jmhError()) ? " ± " + count(row.jmhError()) : ""),
                    count(row.runnerMessages()), row.runnerWindows() > 1 ? count(row.runnerLow()) + "–"
                            + count(row.runnerHigh()) : "one window",
                    String.format(Locale.ROOT, "%.2f", row.ratio())));
        }
        table(List.of("chapter", "connections", "JMH ops/s ± error", "runner msgs/s" + (windows > 1 ? " (median of "
                + windows + ")" : ""), "runner's windows, lowest–highest", "ratio (JMH ÷ runner)"), cells);
        line();
        Agreement.findings(rows).forEach(f -> line("- " + f));
        line();
        line("Where they differ, why: the runner's load client times every round trip into a latency histogram"
                + " and watches for stuck replies, which JMH's harness does not (a ratio above 1); each JMH fork is"
                + " a fresh client JVM with its own warm-up iteration, against a server JVM started and warmed for"
                + " its round (JMH's forks are taken in rounds, one fork of each chapter per round, so a slow spell"
                + " of the machine falls on every chapter rather than on one; the runner measures one server per"
                + " chapter, in turns across the chapters); and the two ran minutes apart on a machine whose other"
                + " load changes (see the load averages).");
    }

    /** A shortfall as a whole percentage; one that rounds to 0 is "less than 1%", not "0%". */
    static String shortfall(double fraction) {
        return fraction < 0.005 ? "less than 1%" : String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    private void scaleTables(Run run) {
        line();
        line("## Round trips, each server in its own process");
        line();
        line(run.payload() + "-byte messages, synchronous ping-pong, TCP_NODELAY on; the load client runs in"
                + " another JVM. Server CPU is the server process's user + system time (all its threads, from"
                + " /proc/PID/stat) over the measured window, divided by the round trips in it.");
        pivot(run, "Round trips per second", point -> count(point.messagesPerSecond()));
        pivot(run, "Server CPU per round trip (µs)", point -> micros(point.serverMicrosPerMessage()));
        pivot(run, "Client CPU per round trip (µs)", point -> micros(point.clientMicrosPerMessage()));
        pivot(run, "p99 round-trip latency (µs)", point -> micros(point.p99Micros()));
        idleTable(run);
        holdTable(run);
        line();
        line("## Charts");
        for (String file : run.chartFiles()) {
            line();
            line("![" + Charts.FILES.getOrDefault(file, file) + "](" + file + ")");
        }
    }

    /** One figure, chapters down, connection counts across. */
    private void pivot(Run run, String title, Function<LoadPoint, String> cell) {
        line();
        line("### " + title);
        line();
        List<String> header = new ArrayList<>(List.of("chapter"));
        run.connections().forEach(c -> header.add(c + (c == 1 ? " connection" : " connections")));
        List<List<String>> rows = new ArrayList<>();
        for (ChapterScale chapter : run.scale()) {
            List<String> row = new ArrayList<>(List.of(chapter.id()));
            for (int c : run.connections()) {
                LoadPoint point = chapter.loadAt(c);
                if (point != null) {
                    row.add(cell.apply(point) + (point.errors() > 0 ? " (" + point.errors() + " errors)" : ""));
                } else {
                    row.add(chapter.whyNoLoadAt(c) != null ? "skipped" : chapter.failure() != null ? "failed"
                            : chapter.unavailable() != null ? "not available" : "—");
                }
            }
            rows.add(row);
        }
        table(header, rows);
    }

    private void idleTable(Run run) {
        line();
        line("### Idle");
        line();
        line(String.format(Locale.ROOT, "Server CPU over %s s with no connections, then with %d idle ones, in %%"
                + " of one core (100%% = a core kept busy); then its threads and memory at rest.",
                oneDecimal(run.idleWindowSeconds()).replace(".0", ""), run.fewConnections()));
        line();
        List<List<String>> rows = new ArrayList<>();
        for (ChapterScale chapter : run.scale()) {
            var idle = chapter.idle();
            if (idle == null) {
                rows.add(List.of(chapter.id(), "failed", "", "", "", ""));
                continue;
            }
            rows.add(List.of(chapter.id(), percent(idle.cpuPercentNoConnections()),
                    percent(idle.cpuPercentFewConnections()), Integer.toString(idle.threads()),
                    mib(idle.rssKiB() * 1024.0), mib(idle.heapBytes())));
        }
        table(List.of("chapter", "CPU, no connections", "CPU, " + run.fewConnections() + " idle connections",
                "threads", "RSS (MiB)", "heap after GC (MiB)"), rows);
    }

    private void holdTable(Run run) {
        line();
        line("### Holding idle connections");
        line();
        line("Connections opened from another process and left idle. Per connection = (figure while holding −"
                + " figure at rest) ÷ connections held. A figure at or below zero is marked *below resolution*: the"
                + " server's memory moved by more between the two readings (the JVM gave back heap, the allocator"
                + " returned pages) than the connections added, so it is no cost of zero or less, and is not ranked.");
        line();
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ChapterScale chapter : run.scale()) {
            if (chapter.holdSkipped() != null) {
                notes.add(chapter.id() + ": not measured: " + chapter.holdSkipped() + ".");
                continue;
            }
            for (Hold hold : chapter.holds()) {
                rows.add(List.of(chapter.id(), count(hold.requested()), count(hold.held()), count(hold.threads()),
                        mib(hold.rssKiB() * 1024.0), mib(hold.heapBytes()),
                        perConnection(hold.rssKiBPerConnection(chapter.idle()), ""),
                        perConnection(hold.heapKiBPerConnection(chapter.idle()), ""), percent(hold.cpuPercent())));
                if (hold.note() != null) {
                    notes.add(chapter.id() + " asked to hold " + count(hold.requested()) + ": " + hold.note() + ".");
                }
            }
        }
        table(List.of("chapter", "asked", "held", "threads", "RSS (MiB)", "heap after GC (MiB)",
                "RSS per connection (KiB)", "heap per connection (KiB)", "CPU while holding"), rows);
        if (!notes.isEmpty()) {
            line();
            notes.forEach(note -> line("- " + note));
        }
    }

    private void jmhTables(Run run) {
        line();
        line("## JMH: every combination it ran");
        line();
        line("One operation = one round trip on the thread's own connection; JMH threads = connections; the"
                + " server in a JVM of its own, started and warmed before a round of forks (one per chapter) and"
                + " stopped after it, outside every measurement."
                + " Raw JMH output: [jmh.json](jmh.json).");
        List<Integer> threads = run.jmh().stream().map(JmhRunner.Point::threads).distinct().sorted().toList();
        boolean throughputRun = run.jmh().stream().anyMatch(p -> p.mode() == Mode.Throughput);
        Mode opsMode = throughputRun ? Mode.Throughput : Mode.SampleTime;
        jmhPivot(run, threads, opsMode, throughputRun ? "Operations per second ± error (Throughput mode)"
                : "Operations per second (SampleTime mode: threads ÷ mean time per operation)",
                p -> count(p.opsPerSecond()) + (Double.isFinite(p.opsError()) ? " ± " + count(p.opsError()) : ""));
        if (run.jmh().stream().anyMatch(p -> p.mode() == Mode.SampleTime)) {
            jmhPivot(run, threads, Mode.SampleTime, "p50 / p99 time per operation (µs, SampleTime mode)",
                    p -> micros(p.p50Micros()) + " / " + micros(p.p99Micros()));
        }
    }

    private void jmhPivot(Run run, List<Integer> threads, Mode mode, String title,
                          Function<JmhRunner.Point, String> cell) {
        line();
        line("### " + title);
        line();
        List<String> header = new ArrayList<>(List.of("chapter", "payload"));
        threads.forEach(t -> header.add(t + (t == 1 ? " thread" : " threads")));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (JmhRunner.Point point : run.jmh()) {
            if (point.mode() != mode) {
                continue;
            }
            String key = point.chapter() + " " + point.payload();
            List<String> row = rows.computeIfAbsent(key, k -> {
                List<String> fresh = new ArrayList<>(List.of(point.chapter(), bytes(point.payload())));
                threads.forEach(t -> fresh.add("—"));
                return fresh;
            });
            row.set(2 + threads.indexOf(point.threads()), point.skipped() != null ? "skipped" : cell.apply(point));
        }
        table(header, new ArrayList<>(rows.values()));
    }

    /** Every combination that did not run, grouped by chapter and reason. */
    private void skipped(Run run) {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (ChapterScale chapter : run.scale()) {
            for (ChapterScale.SkippedPoint s : chapter.loadSkipped()) {
                reasons.computeIfAbsent(s.why(), k -> new ArrayList<>()).add("scale " + s.connections());
            }
            if (chapter.failure() != null) {
                reasons.computeIfAbsent(chapter.id() + " failed: " + chapter.failure(), k -> new ArrayList<>())
                        .add("scale");
            }
            if (chapter.unavailable() != null) {
                reasons.computeIfAbsent(chapter.unavailable(), k -> new ArrayList<>()).add("scale");
            }
        }
        for (JmhRunner.Point p : run.jmh()) {
            if (p.skipped() != null) {
                reasons.computeIfAbsent(p.skipped(), k -> new ArrayList<>())
                        .add("jmh " + p.threads() + "t/" + bytes(p.payload()));
            }
        }
        if (reasons.isEmpty()) {
            return;
        }
        line();
        line("## Not measured, and why");
        line();
        reasons.forEach((why, where) -> line("- " + why + " (" + String.join(", ", where) + ")"));
    }

    private void table(List<String> header, List<List<String>> rows) {
        line("| " + String.join(" | ", header) + " |");
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < header.size(); i++) {
            rule.append(i == 0 ? " --- |" : " ---: |");
        }
        line(rule.toString());
        for (List<String> row : rows) {
            line("| " + String.join(" | ", row) + " |");
        }
    }

    static String count(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.0f", value) : "—";
    }

    /** Microseconds: one decimal while small enough for it to matter. */
    static String micros(double value) {
        if (!Double.isFinite(value)) {
            return "—";
        }
        return value < 100 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String percent(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f%%", value) : "—";
    }

    /**
     * A memory figure per connection, with its unit: "below resolution" where it is at or below zero
     * ({@link ChapterScale.Hold#resolved}), with the figure measured beside it.
     */
    static String perConnection(double kib, String unit) {
        if (!Double.isFinite(kib)) {
            return "—";
        }
        return ChapterScale.Hold.resolved(kib) ? oneDecimal(kib) + unit
                : "below resolution (" + oneDecimal(kib) + unit + ")";
    }

    static String oneDecimal(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.1f", value) : "—";
    }

    static String mib(double bytes) {
        return Double.isFinite(bytes) ? String.format(Locale.ROOT, "%,.1f", bytes / (1024 * 1024)) : "—";
    }

    static String bytes(int n) {
        return n % 1024 == 0 && n > 0 ? (n / 1024) + " KiB" : n + " B";
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

    private void line() {
        md.append('\n');
    }
}
