package echo.clients;

import echo.common.CommandLine;
import echo.common.CommandLine.Flag;
import echo.common.Protocol;
import echo.common.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The load client: N connections, each doing synchronous ping-pong (write a message, read its whole echo, check
 * every byte) on its own thread, as fast as the server answers. It prints msgs/s and round-trip latency
 * percentiles, merged from one HdrHistogram per connection, with a progress line each second. Ctrl-C (or SIGTERM)
 * ends a command-line run early, and it still prints the summary of what it measured so far.
 *
 * <p>Use it from the command line ({@code mvn -q -pl clients exec:java@load -Dexec.args="--connections 16"}) or
 * as a library: {@link #run(LoadOptions, Listener)} returns a {@link LoadResult}; the benchmark runner uses the
 * {@link Listener} to read the server's CPU time exactly when the measured window opens and closes.
 */
public final class LoadClient {
    static final CommandLine LINE = new CommandLine(Stream.concat(Target.FLAGS.stream(), Stream.of(
            Flag.withValue("--connections", "N", "connections, one thread each (default 1)"),
            Flag.withValue("--size", "BYTES", "payload bytes per message (default 64)"),
            Flag.withValue("--duration", "SECONDS", "measure for this long (default 10)"),
            Flag.withValue("--count", "N", "or: measure exactly N round trips per connection"),
            Flag.withValue("--warmup", "SECONDS", "run this long first, unmeasured (default 1)"),
            Flag.withValue("--timeout", "SECONDS", "a reply slower than this is an error and ends its connection"
                    + " (default 10)"),
            Flag.toggle("--json", "print the result as one JSON object instead of text"),
            Flag.toggle("--quiet", "no progress line"))).toList());
    static final String USAGE = """
            usage (from the repository root): mvn -q -pl clients exec:java@load -Dexec.args="[options]"
            N connections, each sending a message and waiting for its whole echo, again and again.
            Ctrl-C (or SIGTERM) stops it early and prints the summary so far.
            options:
            """ + LINE.help() + """
            exit code: 0 when every connection was served and every echo was right, 2 when there were errors
                       or unserved connections (connected but never echoed), 1 when it could not run
            """;

    /** The line printed before the summary of a run that Ctrl-C or SIGTERM stopped early. */
    static final String STOPPED_EARLY = "load client: stopped early (Ctrl-C or SIGTERM); the summary so far:";

    /** How long Ctrl-C waits for the run to stop and give its summary (the connections are closed at once). */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** Errors described in full; past this many only the count grows. */
    static final int ERROR_SAMPLES = 10;

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private LoadClient() {
    }

    /** Hooks for a caller that measures something alongside (the benchmark runner reads the server's CPU). */
    public interface Listener {
        /** Called on the coordinating thread as the measured window opens (after the warm-up). */
        default void measurementStarted() {
        }

        /** Called on the coordinating thread as the measured window closes. */
        default void measurementEnded() {
        }

        /** One progress line, about once a second. */
        default void progress(String line) {
        }
    }

    /** A listener that prints progress on stderr. */
    public static Listener printingProgress() {
        return new Listener() {
            @Override
            public void progress(String line) {
                System.err.println(line);
            }
        };
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        LoadOptions options;
        boolean json;
        try {
            CommandLine.Parsed line = LINE.parse(args);
            json = line.has("--json");
            options = options(line);
        } catch (CommandLine.HelpRequested help) {
            out.print(USAGE);
            return 0;
        } catch (UsageException | IllegalArgumentException e) {
            err.println("load client: " + e.getMessage() + " (try --help)");
            return 1;
        }
        Report report = new Report(out, err, json);
        Stop stop = new Stop();
        CompletableFuture<LoadResult> finished = new CompletableFuture<>();
        // Ctrl-C (SIGINT) or SIGTERM: the JVM runs this hook and exits when it returns, whatever main is doing.
        // It stops the run and prints what was measured so far: a long run cut short still says what it saw.
        Thread onCtrlC = new Thread(() -> {
            stop.request();
            try {
                report.once(finished.get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS), true);
            } catch (TimeoutException e) {
                report.none("load client: stopped early; the run did not end within " + STOP_WAIT.toSeconds()
                        + " s, no summary");
            } catch (ExecutionException e) {
                // the run failed (main says why on stderr): there is no summary to give
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "load-client-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            LoadResult result;
            try {
                result = run(options, new Listener() {
                    @Override
                    public void progress(String line) {
                        err.println(line);
                    }
                }, stop);
            } catch (Throwable failed) {
                finished.completeExceptionally(failed); // the hook, if it waits, gives up at once
                throw failed;
            }
            finished.complete(result);
            report.once(result, stop.requested());
            return result.clean() ? 0 : 2;
        } catch (IOException e) {
            err.println("load client: " + e.getMessage());
            return 1;
        } finally {
            // Only once the summary is out: a Ctrl-C just before this still finds the hook, which prints nothing.
            removeHook(onCtrlC);
        }
    }

    /** A normal end needs no hook; during a shutdown the hook is running (or ran) and cannot be removed. */
    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook prints the summary, or this thread does: Report prints it once either way
        }
    }

    /**
     * Prints the summary exactly once, whoever gets there first: main at the end of the run, or the Ctrl-C hook.
     * Synchronized, so that the hook, which the JVM waits for before it exits, also waits until main's summary
     * is whole. Neither holds the lock while waiting for the other: no deadlock with a normal exit.
     */
    private static final class Report {
        private final PrintStream out;
        private final PrintStream err;
        private final boolean json;
        private boolean printed;

        Report(PrintStream out, PrintStream err, boolean json) {
            this.out = out;
            this.err = err;
            this.json = json;
        }

        synchronized void once(LoadResult result, boolean stoppedEarly) {
            if (printed) {
                return;
            }
            printed = true;
            if (stoppedEarly) {
                (json ? err : out).println(STOPPED_EARLY); // stdout stays one JSON object with --json
            }
            out.println(json ? result.toJson() : result.summary());
            out.flush();
        }

        synchronized void none(String why) {
            if (!printed) {
                printed = true;
                out.println(why);
                out.flush();
            }
        }
    }

    /**
     * A request to end a run early (Ctrl-C). The run may not have begun when it comes (connections are still
     * being opened): it then ends as soon as it begins.
     */
    static final class Stop {
        private volatile boolean requested;
        private Run run;

        void request() {
            Run current;
            synchronized (this) {
                requested = true;
                current = run;
            }
            if (current != null) {
                current.wake();
            }
        }

        boolean requested() {
            return requested;
        }

        synchronized void attach(Run run) {
            this.run = run;
        }
    }

    private static LoadOptions options(CommandLine.Parsed line) {
        if (line.has("--duration") && line.has("--count")) {
            throw new UsageException("give --duration or --count, not both");
        }
        LoadOptions options = LoadOptions.defaults(Target.from(line))
                .withConnections(line.number("--connections", 1, 1, LoadOptions.MAX_CONNECTIONS))
                .withPayloadSize(line.number("--size", 64, 0, 64 << 20))
                .withWarmup(Duration.ofSeconds(line.number("--warmup", 1, 0, 3600)))
                .withReplyTimeout(Duration.ofSeconds(line.number("--timeout", 10, 1, 3600)))
                .withProgress(!line.has("--quiet"));
        if (line.has("--count")) {
            options = options.withCountPerConnection(line.number("--count", 1L, 1L, Long.MAX_VALUE / 2));
        } else {
            options = options.withDuration(Duration.ofSeconds(line.number("--duration", 10, 1, 86_400)));
        }
        if (options.target().protocol() == Protocol.DATAGRAM
                && options.payloadSize() > EchoConnection.MAX_DATAGRAM_PAYLOAD) {
            throw new UsageException("--size: a UDP datagram carries at most " + EchoConnection.MAX_DATAGRAM_PAYLOAD
                    + " bytes");
        }
        return options;
    }

    /** Runs the load with progress on stderr when the options ask for it. */
    public static LoadResult run(LoadOptions options) throws IOException {
        return run(options, printingProgress());
    }

    /**
     * Opens every connection (failing fast, with one clear message, if one cannot be opened), runs the warm-up and
     * the measured window, and returns what was measured. Bounded in time: a round trip that takes longer than
     * the reply time-out has its connection closed and counted as an error.
     */
    public static LoadResult run(LoadOptions options, Listener listener) throws IOException {
        return run(options, listener, new Stop());
    }

    /** The same, ended early (with what was measured so far) when {@code stop} is requested. */
    static LoadResult run(LoadOptions options, Listener listener, Stop stop) throws IOException {
        List<EchoConnection> connections = openAll(options);
        try {
            Run run = new Run(options, connections, options.progress() ? listener : quiet(listener), stop);
            stop.attach(run);
            return run.execute();
        } finally {
            connections.forEach(EchoConnection::close);
        }
    }

    private static Listener quiet(Listener listener) {
        return new Listener() {
            @Override
            public void measurementStarted() {
                listener.measurementStarted();
            }

            @Override
            public void measurementEnded() {
                listener.measurementEnded();
            }
        };
    }

    private static List<EchoConnection> openAll(LoadOptions options) throws IOException {
        List<EchoConnection> connections = new ArrayList<>(options.connections());
        try {
            for (int i = 0; i < options.connections(); i++) {
                connections.add(EchoConnection.open(options.target(), options.payloadSize(), options.replyTimeout()));
            }
            return connections;
        } catch (IOException e) {
            connections.forEach(EchoConnection::close);
            String which = options.connections() == 1 ? ""
                    : "connection " + (connections.size() + 1) + " of " + options.connections() + ": ";
            throw new IOException(which + e.getMessage(), e);
        }
    }

    private enum Phase { WARMING_UP, MEASURING, FINISHED }

    /** One run: the coordinating thread (phases, progress, watchdog) and one worker thread per connection. */
    private static final class Run {
        private final LoadOptions options;
        private final Listener listener;
        private final List<Worker> workers = new ArrayList<>();
        private final CountDownLatch workersDone;
        private final Stop stop;
        /** Released when a worker ends or a stop is requested, so this thread wakes up at once for either. */
        private final Semaphore wakeUps = new Semaphore(0);
        /** Set once a stop is requested and the connections are being closed: a failing read is no error then. */
        private volatile boolean stopping;
        private final Errors errors = new Errors();
        private final Histogram measured = new Histogram(3);
        private final Histogram interval = new Histogram(3);
        private volatile Phase phase = Phase.WARMING_UP;
        /**
         * When the measured window closes (System.nanoTime()), for a timed run. The workers watch it themselves:
         * on a machine so busy that this coordinating thread runs late, the load still stops on time.
         */
        private volatile long measureUntil = Long.MAX_VALUE;

        Run(LoadOptions options, List<EchoConnection> connections, Listener listener, Stop stop) {
            this.options = options;
            this.listener = listener;
            this.stop = stop;
            for (int i = 0; i < connections.size(); i++) {
                workers.add(new Worker(this, i + 1, connections.get(i)));
            }
            this.workersDone = new CountDownLatch(workers.size());
        }

        // The timeline, in System.nanoTime(); read and written by the coordinating thread only.
        private long started;
        private long measureFrom;
        private long measureStarted;
        private long measureEnded;
        private long nextTick;
        private long lastTick;
        private long lastRoundTrips;

        LoadResult execute() {
            started = System.nanoTime();
            measureFrom = started + options.warmup().toNanos();
            nextTick = started + SECOND;
            lastTick = started;
            if (options.warmup().isZero()) {
                // Open the window before the first round trip, or with --count the first ones would go uncounted.
                startMeasuring();
            }
            for (Worker worker : workers) {
                Thread thread = new Thread(worker, "load-" + worker.index);
                thread.setDaemon(true); // a stuck worker must never keep the JVM alive
                thread.start();
            }
            long lastPass = started;
            try {
                while (true) {
                    long now = System.nanoTime();
                    // On an overloaded machine this thread itself may not run for seconds; a round trip then looks
                    // slow only because nobody was scheduled to see its reply. Judge slowness on a timely pass only.
                    boolean ranLate = now - lastPass > 2 * SECOND;
                    lastPass = now;
                    if (now >= nextTick) {
                        reportProgress(now);
                    }
                    if (phase == Phase.WARMING_UP && now >= measureFrom) {
                        drainRecorders(null); // nothing is recorded during warm-up; this just starts clean
                        startMeasuring();
                    }
                    boolean allDone = workersDone.getCount() == 0;
                    if (stop.requested() && !stopping) {
                        // Ctrl-C: the window closes now, then every connection, so a worker blocked in a read
                        // ends at once instead of at the reply time-out.
                        measureUntil = Math.min(measureUntil, now);
                        finishMeasuring();
                        stopping = true;
                        workers.forEach(w -> w.connection.close());
                    }
                    if (phase != Phase.FINISHED && (now >= measureUntil || allDone)) {
                        finishMeasuring();
                    }
                    if (allDone) {
                        break;
                    }
                    if (!ranLate && !stopping) {
                        stopSlowRoundTrips(now);
                    }
                    wakeUps.tryAcquire(Math.max(1, nextEvent() - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.forEach(w -> w.connection.close());
            }
            drainRecorders(null);
            return result((measureEnded - measureStarted) / 1e9);
        }

        /** Wakes the coordinating thread (a worker ended, or a stop was requested). */
        void wake() {
            wakeUps.release();
        }

        /** When this thread next has something to do (unless a worker ends or a stop comes first). */
        private long nextEvent() {
            return switch (phase) {
                case WARMING_UP -> Math.min(nextTick, measureFrom);
                case MEASURING -> Math.min(nextTick, measureUntil);
                case FINISHED -> nextTick; // waiting for the workers; the watchdog looks once a second
            };
        }

        /** The progress line for the second that just ended, labelled with its phase. */
        private void reportProgress(long now) {
            long roundTrips = workers.stream().mapToLong(w -> w.roundTrips).sum();
            interval.reset();
            drainRecorders(interval);
            listener.progress(progressLine(now - started, (roundTrips - lastRoundTrips) * (double) SECOND
                    / (now - lastTick)));
            lastRoundTrips = roundTrips;
            lastTick = now;
            nextTick = now + SECOND;
        }

        /** Closes the measured window: the workers stop counting, then the listener hears of it (CPU time). */
        private void finishMeasuring() {
            if (phase == Phase.FINISHED) {
                return;
            }
            phase = Phase.FINISHED;
            listener.measurementEnded();
            // The workers stopped at measureUntil even if this thread got here later.
            measureEnded = Math.min(System.nanoTime(), measureUntil);
            if (measureStarted == 0) {
                measureStarted = measureEnded; // every connection failed during the warm-up
            }
        }

        /** Opens the measured window: the listener first (it reads CPU time), then the workers start counting. */
        private void startMeasuring() {
            listener.measurementStarted();
            measureStarted = System.nanoTime();
            if (options.duration() != null) {
                measureUntil = measureStarted + options.duration().toNanos();
            }
            phase = Phase.MEASURING;
        }

        /** Moves what every connection recorded into the measured total (and into {@code alsoInto}, if given). */
        private void drainRecorders(Histogram alsoInto) {
            for (Worker worker : workers) {
                worker.spare = worker.latencies.getIntervalHistogram(worker.spare);
                measured.add(worker.spare);
                if (alsoInto != null) {
                    alsoInto.add(worker.spare);
                }
            }
        }

        /**
         * The watchdog: a blocking read has no time limit of its own, so a round trip that has waited longer than
         * the reply time-out gets its connection closed from here, which makes the blocked read fail at once.
         * (This is also what ends a connection that a one-client-at-a-time server never serves.)
         */
        private void stopSlowRoundTrips(long now) {
            long limit = options.replyTimeout().toNanos();
            for (Worker worker : workers) {
                long since = worker.inFlightSince;
                if (since != 0 && now - since > limit && !worker.timedOut && !worker.isDatagram()) {
                    worker.timedOut = true;
                    errors.add("connection " + worker.index + ": no reply within "
                            + options.replyTimeout().toSeconds() + " s; closed it");
                    worker.connection.close();
                }
            }
        }

        private String progressLine(long elapsed, double perSecond) {
            String when = phase == Phase.WARMING_UP ? "warm-up" : phase == Phase.MEASURING ? "measuring" : "ending";
            String connections = options.connections() + (options.connections() == 1 ? " conn " : " conns");
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%3d s %-9s] %s  %,10.0f msgs/s",
                    elapsed / SECOND, when, connections, perSecond));
            if (interval.getTotalCount() > 0) {
                line.append(String.format(Locale.ROOT, "  p50 %s  p99 %s", LoadResult.micros(
                        interval.getValueAtPercentile(50) / 1e3), LoadResult.micros(
                        interval.getValueAtPercentile(99) / 1e3)));
            }
            line.append("  errors ").append(errors.count());
            return line.toString();
        }

        private LoadResult result(double seconds) {
            int lost = (int) workers.stream().filter(w -> w.lost).count();
            int unserved = (int) workers.stream().filter(w -> w.measuredRoundTrips == 0).count();
            long messages = workers.stream().mapToLong(w -> w.measuredRoundTrips).sum();
            return new LoadResult(options.target().describe(), options.connections(), options.payloadSize(),
                    workers.isEmpty() ? 0 : workers.get(0).connection.messageBytes(),
                    options.warmup().toMillis() / 1e3, seconds, messages, errors.count(), lost,
                    unserved, micros(measured.getMean()), micros(measured.getValueAtPercentile(50)),
                    micros(measured.getValueAtPercentile(90)), micros(measured.getValueAtPercentile(99)),
                    micros(measured.getValueAtPercentile(99.9)), micros(measured.getMaxValue()),
                    errors.samples());
        }

        private static double micros(double nanos) {
            return nanos / 1e3;
        }
    }

    /** One connection's ping-pong loop, on its own thread. */
    private static final class Worker implements Runnable {
        private final Run run;
        private final int index;
        private final EchoConnection connection;
        // Packed: memory grows with the latencies actually seen, not with the trackable range (256 connections).
        private final SingleWriterRecorder latencies = new SingleWriterRecorder(3, true);
        private Histogram spare; // recycled by the coordinating thread only

        // Written by this worker only, read by the coordinating thread.
        private volatile long roundTrips;
        private volatile long measuredRoundTrips;
        private volatile long inFlightSince; // System.nanoTime() when the current round trip began, 0 between
        private volatile boolean lost;
        // Written by the coordinating thread (watchdog) when it closes this connection.
        private volatile boolean timedOut;

        Worker(Run run, int index, EchoConnection connection) {
            this.run = run;
            this.index = index;
            this.connection = connection;
        }

        boolean isDatagram() {
            return connection instanceof EchoConnection.Datagram;
        }

        @Override
        public void run() {
            long count = run.options.countPerConnection();
            try {
                while (run.phase != Phase.FINISHED && (count == 0 || measuredRoundTrips < count)) {
                    long start = System.nanoTime();
                    inFlightSince = start;
                    int wrongByte;
                    try {
                        wrongByte = connection.roundTrip();
                    } catch (SocketTimeoutException lostDatagram) {
                        // Only datagrams time out here (see EchoConnection); the connection goes on.
                        inFlightSince = 0;
                        run.errors.add("connection " + index + ", message " + (roundTrips + 1) + ": "
                                + lostDatagram.getMessage());
                        continue;
                    }
                    long end = System.nanoTime();
                    inFlightSince = 0;
                    roundTrips++;
                    if (wrongByte >= 0) {
                        run.errors.add("connection " + index + ", message " + roundTrips + ": wrong byte at offset "
                                + wrongByte + " of " + connection.payloadSize());
                    }
                    if (run.phase == Phase.MEASURING) {
                        if (end > run.measureUntil) {
                            break; // the window closed during this round trip: not counted, and no more load
                        }
                        latencies.recordValue(end - start);
                        measuredRoundTrips++;
                    }
                }
            } catch (IOException e) {
                if (run.stopping) {
                    return; // Ctrl-C closed the connection under this read: the run is over, nothing was lost
                }
                lost = true;
                if (!timedOut) {
                    run.errors.add("connection " + index + " lost after " + roundTrips + " round trips: "
                            + e.getMessage());
                }
            } finally {
                inFlightSince = 0;
                run.workersDone.countDown();
                run.wake();
            }
        }
    }

    /** Every error counted, the first few described. */
    private static final class Errors {
        private final List<String> samples = new ArrayList<>();
        private long count;

        synchronized void add(String description) {
            count++;
            if (samples.size() < ERROR_SAMPLES) {
                samples.add(description);
            }
        }

        synchronized long count() {
            return count;
        }

        synchronized List<String> samples() {
            return List.copyOf(samples);
        }
    }
}
