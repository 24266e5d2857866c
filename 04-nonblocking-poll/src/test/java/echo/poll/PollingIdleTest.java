package echo.poll;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chapter's limit, measured: with nothing to do, the poll loop still asks every channel, as fast as it can.
 * The loop thread's CPU time over an idle second (ThreadMXBean) is close to the whole second; its round count is
 * in the hundreds of thousands. The bounds are an order of magnitude away from both the expected value and from
 * what a sleeping server shows (chapter 05), so a loaded 2-core machine still passes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PollingIdleTest {
    private static final long IDLE_MILLIS = 1000;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<TestClient> clients = new ArrayList<>();
    private PollingServer server;
    private PollWatcher watcher; // the rounds and the loop's thread, as the loop tells them

    @AfterEach
    void stop() throws IOException {
        for (TestClient client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theLoopBurnsACoreWhileIdle() throws Exception {
        server = start(Duration.ZERO);
        Idle idle = measureIdle();
        System.out.printf("04 idle %d ms with %d open connections: loop CPU %.0f ms, %d rounds%n",
                IDLE_MILLIS, clients.size(), idle.cpuNanos / 1e6, idle.rounds);
        assertTrue(idle.cpuNanos > TimeUnit.MILLISECONDS.toNanos(100),
                "the poll loop should burn CPU while idle, but used only " + idle.cpuNanos / 1_000_000 + " ms");
        assertTrue(idle.rounds > 1000, "the poll loop should go round and round: " + idle.rounds);
    }

    /**
     * The obvious fix, and its price: sleep a little after a round that found nothing. Idle CPU falls to almost
     * nothing; but a message that arrives during the nap waits for its end. CPU is asserted; the latency is only
     * printed (timing is the benchmarks' business), for the README.
     */
    @Test
    void backingOffSavesCpuAndCostsLatency() throws Exception {
        server = start(Duration.ZERO);
        long[] spinning = roundTrips();
        server.close();
        for (TestClient client : clients) {
            client.close();
        }
        clients.clear();

        server = start(Duration.ofMillis(1));
        Idle idle = measureIdle();
        long[] backingOff = roundTrips();
        System.out.printf("04 with a 1 ms back-off: idle %d ms: loop CPU %.1f ms, %d rounds; round trip of 64 B"
                        + " after 3 ms of quiet: median %d us, p99 %d us (spinning: median %d us, p99 %d us)%n",
                IDLE_MILLIS, idle.cpuNanos / 1e6, idle.rounds, percentile(backingOff, 50) / 1000,
                percentile(backingOff, 99) / 1000, percentile(spinning, 50) / 1000, percentile(spinning, 99) / 1000);
        assertTrue(idle.cpuNanos < TimeUnit.MILLISECONDS.toNanos(250),
                "backing off should leave the idle loop nearly asleep: " + idle.cpuNanos / 1_000_000 + " ms");
        assertTrue(idle.rounds < 2000, "at most about one round per millisecond: " + idle.rounds);
    }

    private PollingServer start(Duration backoff) throws IOException {
        watcher = new PollWatcher(echo.common.Trace.OFF);
        PollingServer started = new PollingServer(ServerConfig.defaults().withPort(0), backoff, watcher);
        started.start();
        for (int i = 0; i < 10; i++) {
            clients.add(TestClient.connect(started.address()));
            assertArrayEquals("hi".getBytes(), clients.get(i).echo("hi".getBytes()));
        }
        return started;
    }

    private record Idle(long cpuNanos, long rounds) {
    }

    private Idle measureIdle() throws InterruptedException {
        long id = watcher.loopThread().getId();
        long cpu = threads.getThreadCpuTime(id);
        long rounds = watcher.rounds();
        Thread.sleep(IDLE_MILLIS); // the measurement window: nothing happens in it, by design
        return new Idle(threads.getThreadCpuTime(id) - cpu, watcher.rounds() - rounds);
    }

    /**
     * 300 round trips of 64 bytes on one connection, each timed (nanoseconds), each after 3 ms of quiet: a person
     * typing, not a benchmark hammering, so the server has gone idle (and, backing off, to sleep) each time.
     */
    private long[] roundTrips() throws IOException, InterruptedException {
        TestClient client = clients.get(0);
        byte[] message = new byte[64];
        long[] nanos = new long[300];
        for (int i = 0; i < nanos.length; i++) {
            Thread.sleep(3);
            long start = System.nanoTime();
            client.echo(message);
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }
}
