package echo.pool;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Watch it" scenario, with the trace captured: one worker, a queue of one. A is served, B waits in
 * the queue, C is refused; A stays silent until the idle time-out fires, which frees the worker for B. The acceptor
 * goes back to accept() after each hand-over; each line's counts are that instant's (B is taken with 1 of 1 busy
 * and nobody waiting, after a wait no longer than B has been connected).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchItTest {
    private static final String WORKER = "echo-" + ThreadPoolChapter.ID + "-worker-1";
    private static final String ACCEPTOR = "echo-" + ThreadPoolChapter.ID + "-acceptor";

    @Test
    void servedQueuedRefusedAndAnIdleTimeOutFreesTheWorker() throws IOException {
        ServerConfig config = ServerConfig.defaults().withPort(0).withPoolSize(1).withQueueSize(1)
                .withIdleTimeout(Duration.ofSeconds(3)); // long enough that C is surely refused before it fires
        try (TracedServer watched = TracedServer.start(new ThreadPoolChapter(), config)) {
            TraceCapture trace = watched.trace();
            TestClient a = watched.connect();
            String nameA = TracedServer.name(a);
            assertArrayEquals("a".getBytes(), a.echo("a".getBytes())); // the worker has A
            long beforeB = System.nanoTime();
            try (TestClient b = TestClient.connect(watched.address());
                 TestClient c = TestClient.connect(watched.address())) {
                String nameB = TracedServer.name(b);
                String nameC = TracedServer.name(c);
                b.write("b".getBytes());
                assertEquals(0, c.readUntilEof().length, "C: closed at once");
                List<Trace.Line> lines = trace.awaitInOrder(
                        "handed " + nameA + " to the pool: a worker is free (0 of 1 busy)",
                        "worker takes " + nameA,
                        "handed " + nameB + " to the pool: every worker busy (1), it waits in the queue (1 of 1)",
                        "refused " + nameC + ": every worker busy (--pool 1) and the queue full (--queue 1)");
                assertEquals(WORKER, lines.get(1).thread());
                // The acceptor only accepts and hands over: A, back to accept(), B.
                List<Trace.Line> accepting = trace.awaitInOrder("accepted " + nameA + " (open: 1)",
                        "handed " + nameA + " to the pool", "waiting in accept() for the next connection",
                        "accepted " + nameB + " (open: 2)", "handed " + nameB + " to the pool");
                for (Trace.Line line : accepting) {
                    assertEquals(ACCEPTOR, line.thread(), line.format());
                }

                assertArrayEquals("b".getBytes(), b.read(1), "B is served once A's time-out frees the worker");
                List<Trace.Line> freed = trace.awaitInOrder("worker takes " + nameA,
                        "client " + nameA + " idle time-out fired: closed (open: 1)", // B; C was refused
                        "place of " + nameA + " given back: 1 of 2 free",
                        "worker takes " + nameB + ", handed over ");
                assertEquals(WORKER, freed.get(1).thread());
                assertEquals(WORKER, freed.get(3).thread(), "the same worker, freed");
                String takesB = freed.get(3).text();
                Matcher waited = Pattern.compile(Pattern.quote("worker takes " + nameB + ", handed over ")
                        + "(\\d+) ms ago \\(1 of 1 busy, 0 waiting\\)").matcher(takesB);
                assertTrue(waited.matches(), "B's wait, then the pool's counts as the worker takes it: " + takesB);
                long sinceB = (System.nanoTime() - beforeB) / 1_000_000;
                assertTrue(Long.parseLong(waited.group(1)) <= sinceB,
                        "B waited no longer than it has been connected (" + sinceB + " ms): " + takesB);
            }
        }
    }
}
