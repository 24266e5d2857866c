package echo.pool;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.common.Watch;
import echo.testkit.StatsLines;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static echo.testkit.NonBlockingRobustnessContract.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's {@code --stats} line, built in this JVM from what the chapter reported to its {@link Watch}: the
 * blocking figures, then the pool's (busy workers, waiting connections, refusals, idle time-outs). Each state is
 * reached and seen by the watcher's own counts before the first line is read, so the line is that state's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsLineTest {

    /**
     * {@code --trace --stats --pool 1 --queue 2 --idle-timeout 0}: N comes and goes, A holds the worker, B and C
     * wait, D is refused. Then A leaves and the worker takes B, with C still waiting.
     */
    @Test
    void busyWaitingAndRefusedAreCountedAndAClientThatLeavesIsNoIdleTimeOut() throws Exception {
        try (TraceCapture trace = new TraceCapture()) {
            Watch watch = new Watch(trace.trace(), true);
            EchoServer server = new ThreadPoolChapter().create(ServerConfig.defaults().withPort(0).withPoolSize(1)
                    .withQueueSize(2).withIdleTimeout(Duration.ZERO), watch);
            PoolWatcher watcher = (PoolWatcher) watch.sources().get(0);
            List<TestClient> clients = new ArrayList<>();
            try {
                server.start();
                try (TestClient n = TestClient.connect(server.address())) {
                    assertArrayEquals("n".getBytes(), n.writeAndHalfCloseThenReadUntilEof("n".getBytes()));
                }
                await(() -> watcher.open() == 0 && watcher.busyWorkers() == 0, "N done, its place given back");

                TestClient a = connect(server, clients);
                assertArrayEquals("a".getBytes(), a.echo("a".getBytes())); // the one worker has A
                TestClient b = connect(server, clients);
                TestClient c = connect(server, clients);
                b.write("b".getBytes());
                c.write("c".getBytes());
                TestClient d = connect(server, clients);
                assertEquals(0, d.bytesUntilClosed(), "pool and queue full: D is refused");
                // Accepted in order, so B and C are queued before D; D's refusal is counted once open() is 3.
                await(() -> watcher.open() == 3 && watcher.waiting() == 2, "A served, B and C waiting, D refused");

                String line = StatsLines.first(watch.sources());
                assertTrue(line.contains("  connections 3  bytes echoed/s "), "the blocking figures: " + line);
                assertTrue(line.contains("  busy workers 1  waiting 2  refused 1  idle time-outs 0  "),
                        "the pool's figures (N left by itself: no idle time-out): " + line);

                a.close();
                assertArrayEquals("b".getBytes(), b.read(1), "B is served once A leaves");
                String takesB = trace.await("worker takes " + echo.testkit.TracedServer.name(b)).text();
                assertTrue(takesB.endsWith(" (1 of 1 busy, 1 waiting)"), "C still waits: " + takesB);
            } finally {
                for (TestClient client : clients) {
                    client.close();
                }
                server.close();
            }
        }
    }

    /** {@code --stats --pool 1 --idle-timeout 1}: a client that stays silent is closed, and counted. */
    @Test
    void anIdleTimeOutIsCounted() throws Exception {
        Watch watch = new Watch(Trace.OFF, true);
        EchoServer server = new ThreadPoolChapter().create(ServerConfig.defaults().withPort(0).withPoolSize(1)
                .withIdleTimeout(Duration.ofSeconds(1)), watch);
        PoolWatcher watcher = (PoolWatcher) watch.sources().get(0);
        try {
            server.start();
            try (TestClient silent = TestClient.connect(server.address())) {
                assertArrayEquals("then silence".getBytes(), silent.echo("then silence".getBytes()));
                assertEquals(0, silent.bytesUntilClosed(), "closed by the idle time-out");
            }
            await(() -> watcher.open() == 0, "the time-out's end counted");
            String line = StatsLines.first(watch.sources());
            assertTrue(line.contains("  connections 0  ") && line.contains("  idle time-outs 1  "), line);
        } finally {
            server.close();
        }
    }

    @Test
    void nothingWatchedMeansNoWatcher() {
        assertSame(PoolEvents.NONE, PoolWatcher.eventsFor(Watch.NONE, ServerConfig.defaults()),
                "neither --trace nor --stats: the server gets the no-op listener and pays nothing");
    }

    private static TestClient connect(EchoServer server, List<TestClient> clients) throws Exception {
        TestClient client = TestClient.connect(server.address());
        clients.add(client);
        return client;
    }
}
