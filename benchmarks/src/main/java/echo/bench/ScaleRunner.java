package echo.bench;

import echo.bench.ChapterScale.Hold;
import echo.bench.ChapterScale.Idle;
import echo.bench.ChapterScale.LoadPoint;
import echo.bench.ChapterScale.SkippedPoint;
import echo.clients.LoadClient;
import echo.clients.LoadOptions;
import echo.clients.LoadResult;
import echo.clients.Target;
import echo.common.Chapter;
import echo.common.Net;
import echo.common.Protocol;
import echo.common.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The process-per-server runner: each chapter's server in a JVM of its own ({@link ServerProcess}), driven from
 * this JVM by the load client and by {@link IdleConnections}, and watched through {@code /proc/PID}.
 *
 * <p>For each chapter, in this order: a short warm-up (the server's JIT compiles the hot path); round trips at
 * each connection count, reading the server's CPU time exactly at the opening and closing of the measured window;
 * CPU while idle, with no connections and with a few idle ones; then threads, heap and resident memory while
 * holding many idle connections.
 */
final class ScaleRunner {
    /**
     * @param connections     connection counts for the round-trip figures
     * @param payload         bytes per message
     * @param serverWarmup    load before the first figure, so the server's JIT has compiled its hot path
     * @param warmup          unmeasured load at the start of each figure (connections settle, caches warm)
     * @param measure         the measured window of each figure
     * @param idleWindow      how long idle CPU is watched
     * @param fewConnections  the "few idle connections" of the idle figure
     * @param holds           idle connections to hold, e.g. 1,000 and 10,000
     * @param holdLimit       how long opening them may take at most
     * @param repeated        subjects measured more than once at {@code repeatedAt} (JMH's agreement set): their
     *                        windows there are taken by {@link #repeated}, in turns across these subjects, not by
     *                        {@link #measure}
     * @param repeatedAt      the connection counts measured repeatedly
     * @param repeats         windows per subject and count there (the median is the figure)
     * @param repeatedWarmup  the server warm-up of the repeated windows' servers: as long as JMH's
     *                        ({@link JmhRunner.Settings#serverWarmup()}), so that both halves compare servers whose
     *                        JIT is as warm (Netty's needs seconds)
     */
    record Settings(List<Integer> connections, int payload, Duration serverWarmup, Duration warmup,
                    Duration measure, Duration idleWindow, int fewConnections, List<Integer> holds,
                    Duration holdLimit, Set<String> repeated, List<Integer> repeatedAt, int repeats,
                    Duration repeatedWarmup) {
        Settings(List<Integer> connections, int payload, Duration serverWarmup, Duration warmup, Duration measure,
                 Duration idleWindow, int fewConnections, List<Integer> holds, Duration holdLimit,
                 Set<String> repeated, List<Integer> repeatedAt, int repeats) {
            this(connections, payload, serverWarmup, warmup, measure, idleWindow, fewConnections, holds, holdLimit,
                    repeated, repeatedAt, repeats, serverWarmup);
        }

        Settings(List<Integer> connections, int payload, Duration serverWarmup, Duration warmup, Duration measure,
                 Duration idleWindow, int fewConnections, List<Integer> holds, Duration holdLimit) {
            this(connections, payload, serverWarmup, warmup, measure, idleWindow, fewConnections, holds, holdLimit,
                    Set.of(), List.of(), 1);
        }

        /** Whether {@link #measure} leaves {@code subject} at {@code connections} to {@link #repeated}. */
        boolean repeatedAt(String subject, int connections) {
            return repeats > 1 && repeated.contains(subject) && repeatedAt.contains(connections)
                    && this.connections.contains(connections);
        }
    }

    /** A server's warm-up uses the first of these that it can serve. */
    private static final List<Integer> WARM_UP_CONNECTIONS = List.of(16, 4, 1);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);
    private static final Duration SETTLED_AFTER = Duration.ofMillis(300);
    private static final Duration HOLD_CPU_WINDOW = Duration.ofMillis(500);

    private final Settings settings;
    private final String classPath;
    private final PrintStream log;

    ScaleRunner(Settings settings, String classPath, PrintStream log) {
        this.settings = settings;
        this.classPath = classPath;
        this.log = log;
    }

    /** Measures one subject. Never throws: a failure part-way is kept in the result beside what was measured. */
    ChapterScale measure(Subject subject) {
        Chapter chapter = subject.chapter();
        ServerConfig config = ServerProcess.config();
        List<LoadPoint> load = new ArrayList<>();
        List<SkippedPoint> skipped = new ArrayList<>();
        List<Hold> holds = new ArrayList<>();
        Idle idle = null;
        String holdSkipped = Capacity.cannotHold(chapter).orElse(null);
        String failure = null;
        try (ServerProcess server = ServerProcess.start(subject, classPath)) {
            log.println("    server process " + server.pid() + " listening on " + Net.describe(server.address()));
            Target target = new Target(server.address(), chapter.protocol());
            warmUp(chapter, config, target, settings.serverWarmup());
            for (int connections : settings.connections()) {
                Optional<String> cannot = Capacity.cannotServe(chapter, config, connections);
                if (cannot.isPresent()) {
                    skipped.add(new SkippedPoint(connections, cannot.get()));
                    log.println("    " + connections + " connections: skipped: " + cannot.get());
                } else if (settings.repeatedAt(subject.id(), connections)) {
                    log.println("    " + connections + " connections: measured " + settings.repeats()
                            + " times later, in turns with " + String.join(", ", settings.repeated().stream()
                            .sorted().filter(id -> !id.equals(subject.id())).toList()));
                } else {
                    load.add(roundTrips(server, target, connections));
                }
            }
            idle = idle(server, chapter);
            if (holdSkipped == null) {
                for (int count : settings.holds()) {
                    Hold hold = hold(server, count);
                    if (hold.held() < count / 2 && count < settings.holds().get(settings.holds().size() - 1)) {
                        // It will not hold more when asked for more: say so rather than spend the time.
                        String notTried = "held fewer than half, so larger counts were not tried";
                        hold = hold.withNote(hold.note() == null ? notTried : hold.note() + "; " + notTried);
                        holds.add(hold);
                        log.println("    (" + notTried + ")");
                        break;
                    }
                    holds.add(hold);
                }
            } else {
                log.println("    idle connections: skipped: " + holdSkipped);
            }
        } catch (ServerProcess.Unavailable e) {
            log.println("    skipped: " + e.getMessage());
            return ChapterScale.unavailable(subject.id(), title(subject), e.getMessage());
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage();
            log.println("    FAILED: " + failure);
        }
        return new ChapterScale(subject.id(), title(subject), load, skipped, idle, holds, holdSkipped, failure);
    }

    /**
     * The repeated windows: every subject's server started and warmed up, then, {@code repeats} times over, each
     * count in turn for each subject, so a slow spell of the machine falls on all of them rather than on one.
     * The figure at each count is the median window ({@link LoadPoint#median}). Subjects that cannot serve a count,
     * or cannot be started, are left out here (their {@link #measure} says why).
     *
     * @return by subject id, its median points at the repeated counts
     */
    Map<String, List<LoadPoint>> repeated(List<Subject> subjects) {
        ServerConfig config = ServerProcess.config();
        Map<String, ServerProcess> servers = new TreeMap<>();
        Map<String, Map<Integer, List<LoadPoint>>> windows = new TreeMap<>();
        Map<String, List<LoadPoint>> medians = new TreeMap<>();
        try {
            for (Subject subject : subjects) {
                try {
                    ServerProcess server = ServerProcess.start(subject, classPath);
                    servers.put(subject.id(), server);
                    log.println("    " + subject.id() + ": server process " + server.pid());
                    warmUp(subject.chapter(), config, new Target(server.address(), subject.chapter().protocol()),
                            settings.repeatedWarmup());
                } catch (IOException | RuntimeException e) {
                    log.println("    " + subject.id() + ": left out of the repeated windows: " + e.getMessage());
                }
            }
            for (int round = 1; round <= settings.repeats(); round++) {
                for (int connections : settings.repeatedAt()) {
                    for (Subject subject : subjects) {
                        ServerProcess server = servers.get(subject.id());
                        if (server == null || !settings.repeatedAt(subject.id(), connections)
                                || Capacity.cannotServe(subject.chapter(), config, connections).isPresent()) {
                            continue;
                        }
                        log.printf(Locale.ROOT, "    window %d/%d, %s:%n", round, settings.repeats(), subject.id());
                        try {
                            LoadPoint point = roundTrips(server, new Target(server.address(),
                                    subject.chapter().protocol()), connections);
                            windows.computeIfAbsent(subject.id(), k -> new TreeMap<>())
                                    .computeIfAbsent(connections, k -> new ArrayList<>()).add(point);
                        } catch (IOException | RuntimeException e) {
                            log.println("    FAILED: " + e.getMessage());
                        }
                    }
                }
            }
        } finally {
            servers.values().forEach(ServerProcess::close);
        }
        windows.forEach((id, byCount) -> medians.put(id, byCount.values().stream().map(LoadPoint::median).toList()));
        medians.forEach((id, points) -> points.forEach(p -> log.printf(Locale.ROOT,
                "    %s, %d connections: median %,.0f msgs/s of %s%n", id, p.connections(), p.messagesPerSecond(),
                p.windows().stream().map(w -> String.format(Locale.ROOT, "%,.0f", w)).toList())));
        return medians;
    }

    /** Seconds one subject takes, about, on 2 cores (for the progress line's estimate). */
    static double estimatedSeconds(Settings s) {
        double holds = s.holds().stream().mapToDouble(n -> 1.5 + n / 4000.0).sum();
        return 1.0 + s.serverWarmup().toMillis() / 1e3 + perCount(s) * s.connections().size()
                + 2 * s.idleWindow().toMillis() / 1e3 + 2.0 + holds;
    }

    /** Seconds the repeated windows of {@code subjects} take, about (the main pass's own windows there saved). */
    static double estimatedRepeatedSeconds(Settings s, int subjects) {
        long counts = s.repeatedAt().stream().filter(s.connections()::contains).count();
        return subjects * (1.0 + s.repeatedWarmup().toMillis() / 1e3 + perCount(s) * counts * (s.repeats() - 1));
    }

    private static double perCount(Settings s) {
        return (s.warmup().toMillis() + s.measure().toMillis()) / 1e3 + 0.3;
    }

    static String title(Subject subject) {
        return subject.chapter().title() + (subject.isVariant() ? ", " + String.join(" ", subject.args()) : "");
    }

    private void warmUp(Chapter chapter, ServerConfig config, Target target, Duration warmup) throws IOException {
        warmUp(chapter, config, target, settings.payload(), warmup, log, "    ");
    }

    /**
     * Loads a server for {@code warmup}, unmeasured, from 16 connections (4 or 1 where the chapter serves no more), so
     * that its JIT has compiled the hot path before anything is measured; says so on {@code log}, after
     * {@code indent}. The scale runner and {@link JmhRunner} warm their servers with this.
     *
     * <p>The load comes in rounds of {@link #WARM_UP_ROUND}, each on fresh connections, because every measurement
     * after it opens connections of its own and closes them at the end. Warmed on one set of connections, 08's JIT
     * compiled Netty's read loop for a server whose connections never close: when they closed, the JVM threw that
     * code away, and the next measurement ran at about half speed for its first one to two seconds (the figures are
     * in the benchmarks README, under "JIT").
     */
    static void warmUp(Chapter chapter, ServerConfig config, Target target, int payload, Duration warmup,
                       PrintStream log, String indent) throws IOException {
        // As many connections as the first compared count (16) where the chapter can serve them: with 4, the JIT
        // compiled the server for a lighter load than it was then measured under, and on JDK 17 one run put 05 at
        // 70,106 ops/s for its first 12 s of JMH at 16 threads, then 85,000 (2026-12-02).
        int connections = WARM_UP_CONNECTIONS.stream().filter(n -> Capacity.cannotServe(chapter, config, n).isEmpty())
                .findFirst().orElse(1);
        List<Duration> rounds = warmUpRounds(warmup);
        log.printf(Locale.ROOT, "%swarm-up: %d connection%s for %.1f s, in %d round%s of fresh connections (not"
                        + " measured)%n", indent, connections, connections == 1 ? "" : "s", warmup.toMillis() / 1e3,
                rounds.size(), rounds.size() == 1 ? "" : "s");
        for (Duration round : rounds) {
            LoadClient.run(LoadOptions.defaults(target).withConnections(connections).withPayloadSize(payload)
                    .withWarmup(Duration.ZERO).withDuration(round).withReplyTimeout(REPLY_TIMEOUT)
                    .withProgress(false));
        }
    }

    /** How long each round of a warm-up's fresh connections lasts (the last round takes what is left). */
    static final Duration WARM_UP_ROUND = Duration.ofMillis(500);

    /** {@code warmup} cut into rounds of {@link #WARM_UP_ROUND}, the remainder joined to the last: 3.2 s is 6 rounds. */
    static List<Duration> warmUpRounds(Duration warmup) {
        long count = Math.max(1, warmup.toMillis() / WARM_UP_ROUND.toMillis());
        List<Duration> rounds = new ArrayList<>();
        for (long i = 1; i < count; i++) {
            rounds.add(WARM_UP_ROUND);
        }
        rounds.add(warmup.minus(WARM_UP_ROUND.multipliedBy(count - 1)));
        return rounds;
    }

    private LoadOptions options(Target target, int connections, Duration warmup, Duration measure) {
        return LoadOptions.defaults(target).withConnections(connections).withPayloadSize(settings.payload())
                .withWarmup(warmup).withDuration(measure).withReplyTimeout(REPLY_TIMEOUT);
    }

    /** Reads both processes' CPU time as the load client opens and closes its measured window. */
    private final class CpuWindow implements LoadClient.Listener {
        private final long serverPid;
        private final long selfPid = ProcessHandle.current().pid();
        private long serverStart;
        private long serverEnd;
        private long selfStart;
        private long selfEnd;

        CpuWindow(long serverPid) {
            this.serverPid = serverPid;
        }

        @Override
        public void measurementStarted() {
            serverStart = ticks(serverPid);
            selfStart = ticks(selfPid);
        }

        @Override
        public void measurementEnded() {
            serverEnd = ticks(serverPid);
            selfEnd = ticks(selfPid);
        }

        @Override
        public void progress(String line) {
            log.println("      " + line);
        }

        double serverSeconds() {
            return (double) (serverEnd - serverStart) / ProcStat.TICKS_PER_SECOND;
        }

        double selfSeconds() {
            return (double) (selfEnd - selfStart) / ProcStat.TICKS_PER_SECOND;
        }

        private static long ticks(long pid) {
            try {
                return ProcStat.cpuTicks(pid);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read /proc/" + pid + "/stat", e);
            }
        }
    }

    private LoadPoint roundTrips(ServerProcess server, Target target, int connections) throws IOException {
        CpuWindow cpu = new CpuWindow(server.pid());
        LoadResult result = LoadClient.run(options(target, connections, settings.warmup(), settings.measure()), cpu);
        double perMessage = result.messages() == 0 ? Double.NaN : 1e6 / result.messages();
        LoadPoint point = new LoadPoint(connections, settings.payload(), result.messagesPerSecond(),
                cpu.serverSeconds() * perMessage, cpu.selfSeconds() * perMessage, result.p50Micros(),
                result.p99Micros(), result.p999Micros(), result.messages(), result.errors(), result.errorSamples());
        log.printf(Locale.ROOT, "    %d connection%s: %,.0f msgs/s, server CPU %.1f µs/msg (client %.1f),"
                        + " p99 %.0f µs%s%n",
                connections, connections == 1 ? "" : "s", point.messagesPerSecond(), point.serverMicrosPerMessage(),
                point.clientMicrosPerMessage(), point.p99Micros(),
                result.errors() == 0 ? "" : ", " + result.errors() + " ERRORS, e.g. " + result.errorSamples().get(0));
        return point;
    }

    private Idle idle(ServerProcess server, Chapter chapter) throws IOException {
        awaitSettled(server); // the load's connections are closed; let their threads end
        double none = cpuPercent(server.pid(), settings.idleWindow());
        double few = Double.NaN;
        if (chapter.protocol() != Protocol.DATAGRAM) {
            try (IdleConnections connections = IdleConnections.open(server.address(), settings.fewConnections(),
                    Duration.ofSeconds(10), n -> { })) {
                awaitSettled(server);
                few = cpuPercent(server.pid(), settings.idleWindow());
            }
            awaitSettled(server);
        }
        ProcStat.Sample rest = ProcStat.sample(server.pid());
        long heap = server.heapUsedAfterGc();
        Idle idle = new Idle(settings.idleWindow().toMillis() / 1e3, none, settings.fewConnections(), few,
                rest.threads(), rest.rssKiB(), heap);
        log.printf(Locale.ROOT, "    idle: %.1f%% of a core with no connections, %s with %d idle ones;"
                        + " %d threads, RSS %,d KiB, heap %,d KiB%n", none,
                Double.isNaN(few) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", few), settings.fewConnections(),
                rest.threads(), rest.rssKiB(), heap / 1024);
        return idle;
    }

    private Hold hold(ServerProcess server, int count) throws IOException {
        log.printf(Locale.ROOT, "    holding %,d idle connections...%n", count);
        try (IdleConnections connections = IdleConnections.open(server.address(), count, settings.holdLimit(),
                n -> log.printf(Locale.ROOT, "      %,d open%n", n))) {
            awaitSettled(server, true);
            int closed = connections.closedByServer();
            double cpu = cpuPercent(server.pid(), HOLD_CPU_WINDOW);
            ProcStat.Sample sample = ProcStat.sample(server.pid());
            long heap = server.heapUsedAfterGc();
            String note = connections.stoppedBecause();
            if (closed > 0) {
                note = (note == null ? "" : note + "; ") + closed + " closed by the server";
            }
            Hold hold = new Hold(count, connections.established(), closed, sample.threads(), sample.rssKiB(), heap,
                    cpu, note);
            log.printf(Locale.ROOT, "    holding %,d: %,d held, %d threads, RSS %,d KiB, heap %,d KiB,"
                            + " %.1f%% of a core%s%n", count, hold.held(), hold.threads(), hold.rssKiB(), heap / 1024,
                    cpu, note == null ? "" : " (" + note + ")");
            return hold;
        } finally {
            awaitSettled(server);
        }
    }

    /** Server CPU over {@code window}, in % of one core. */
    /**
     * The server's CPU over {@code window}, as the lower of its two halves: a loop that spins with nothing to do
     * shows in both, while a one-off burst of the JVM's own work after the load (the JIT compiling, a GC) shows in
     * one only. In a quick run's 1 s windows such a burst read as 27% "idle" CPU for a server that sleeps.
     */
    private static double cpuPercent(long pid, Duration window) throws IOException {
        Duration half = window.dividedBy(2);
        return Math.min(cpuPercentOver(pid, half), cpuPercentOver(pid, half));
    }

    private static double cpuPercentOver(long pid, Duration window) throws IOException {
        long before = ProcStat.cpuTicks(pid);
        long start = System.nanoTime();
        pause(window);
        long after = ProcStat.cpuTicks(pid);
        double seconds = (System.nanoTime() - start) / 1e9;
        return 100.0 * (after - before) / ProcStat.TICKS_PER_SECOND / seconds;
    }

    /**
     * Waits until the server's thread count has not changed for {@link #SETTLED_AFTER} (a thread-per-connection
     * server starts or ends one thread per connection, after the client side is already done), at most
     * {@link #SETTLE_LIMIT}.
     */
    private static void awaitSettled(ServerProcess server) throws IOException {
        awaitSettled(server, false);
    }

    /**
     * As {@link #awaitSettled(ServerProcess)}, and with {@code allAccepted} also until the server's accept queue is
     * empty: every connection the kernel completed (which is all the client side can see) has been accept()ed.
     * Not for a server that takes one connection at a time: its queue stays full by design. (A Unix domain
     * socket's queue is not in /proc; there the thread count alone decides.)
     */
    private static void awaitSettled(ServerProcess server, boolean allAccepted) throws IOException {
        long pid = server.pid();
        int port = allAccepted && server.address() instanceof InetSocketAddress inet ? inet.getPort() : -1;
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        int threads = ProcStat.sample(pid).threads();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            pause(Duration.ofMillis(100));
            int now = ProcStat.sample(pid).threads();
            boolean waitingToBeAccepted = port > 0 && ProcStat.acceptQueue(port) > 0;
            if (now != threads || waitingToBeAccepted) {
                threads = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= SETTLED_AFTER.toNanos()) {
                return;
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
