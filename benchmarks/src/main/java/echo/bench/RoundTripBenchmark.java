package echo.bench;

import echo.clients.EchoConnection;
import echo.clients.Target;
import echo.common.Chapter;
import echo.common.Chapters;
import echo.common.ServerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One operation = one request/response round trip on the calling thread's own connection: write a message, read
 * its whole echo, check every byte. JMH threads ({@code -t}) are the connections.
 *
 * <p>The server under test runs in a JVM of its own ({@link ServerProcess}, the same child the scale runner
 * measures), started in {@code @Setup(Level.Trial)} of JMH's forked benchmark JVM and stopped in
 * {@code @TearDown}, both outside the measured iterations; or, run by the suite, started and warmed once by
 * {@link JmhRunner} and handed to every fork ({@link #RUNNING}). So JMH's threads are the only load in the benchmark
 * JVM: the server's threads, garbage and JIT do not compete with the client's inside one process, and the figure
 * is the one the scale runner measures (a client JVM against a server JVM), with JMH's forks and error bars.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar RoundTrip -p server=05-selector -p payload=64 -t 16}
 *
 * <p>Every chapter and variant id is listed below; one that is not on the class path (07 on JDK 17), a variant
 * its machine cannot have (08 on io_uring without the kernel for it), or a combination a chapter cannot serve (01
 * with more than one connection, 03 with more than its pool, a1 with more than a datagram holds), is skipped with
 * a one-line reason rather than run or hung.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {RoundTripBenchmark.HEAP, RoundTripBenchmark.IPV4, RoundTripBenchmark.QUIET})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoundTripBenchmark {
    static final String HEAP = "-Xmx2g";
    static final String IPV4 = "-Djava.net.preferIPv4Stack=true";
    static final String QUIET = "-Decho.log.level=WARNING";

    /**
     * Where a server that is already running listens ({@link ServerProcess#where()}), so that every fork drives
     * that one rather than starting its own: how {@link JmhRunner} gives JMH a warmed server. Unset, the fork
     * starts one, as a run from the command line does.
     */
    static final String RUNNING = "echo.bench.running";

    /** The forks' JVM options for a server already running at {@code where} (JMH's option replaces @Fork's). */
    static String[] forkOptions(String where) {
        return new String[] {HEAP, IPV4, QUIET, "-D" + RUNNING + "=" + where};
    }

    /** The server under test, shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Server {
        @Param({"01-blocking", "02-thread-per-client", "03-thread-pool", "04-nonblocking-poll", "05-selector",
            "06-length-prefixed", "07-virtual-threads", "08-netty", "08-netty-epoll", "08-netty-framed",
            "08-netty-io_uring", "09-multi-reactor", "09-multi-reactor-1-reactor", "09-multi-reactor-framed", "a1-udp", "a2-unix-sockets", "a3-async-channels"})
        public String server;

        @Param({"64", "4096", "65536"})
        public int payload;

        Target target;
        private ServerProcess running;

        @Setup(Level.Trial)
        public void start(BenchmarkParams params) throws IOException {
            List<Chapter> found = Chapters.all();
            Subject subject = Subject.find(server, found)
                    .orElseThrow(() -> new Skipped(server + " is not on the class path (found: "
                            + Subject.all(found).stream().map(Subject::id).toList() + ")"));
            Chapter chapter = subject.chapter();
            ServerConfig config = ServerProcess.config();
            Capacity.cannotServe(chapter, config, params.getThreads()).ifPresent(why -> {
                throw new Skipped(why);
            });
            Capacity.cannotCarry(chapter, config, payload).ifPresent(why -> {
                throw new Skipped(why);
            });
            String where = System.getProperty(RUNNING);
            if (where != null) { // started and warmed by JmhRunner, and stopped by it after the last fork
                target = new Target(ServerProcess.address(where), chapter.protocol());
                return;
            }
            try {
                running = ServerProcess.start(subject, System.getProperty("java.class.path"));
            } catch (ServerProcess.Unavailable e) {
                throw new Skipped(e.getMessage());
            }
            target = new Target(running.address(), chapter.protocol());
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (running != null) {
                running.close();
            }
        }
    }

    /** One benchmark thread's own connection. */
    @State(Scope.Thread)
    public static class Client {
        EchoConnection connection;

        @Setup(Level.Trial)
        public void connect(Server server) throws IOException {
            connection = EchoConnection.open(server.target, server.payload, Duration.ofSeconds(10));
        }

        @TearDown(Level.Trial)
        public void disconnect() {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @Benchmark
    public int roundTrip(Client client) throws IOException {
        int wrongByte = client.connection.roundTrip();
        if (wrongByte >= 0) {
            // A server that echoes the wrong bytes has no speed worth reporting.
            throw new IOException("wrong echo: byte " + wrongByte + " of " + client.connection.payloadSize());
        }
        return wrongByte; // returned, so JMH's blackhole keeps the call from being optimised away
    }
}
