package echo.async;

import echo.common.ServerConfig;
import echo.testkit.HoldOnLog;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's life around the connections: start, a port already in use, close() with clients connected, close()
 * twice or before start(), close() from an interrupted thread. Each leaves no thread of the group behind and says
 * nothing alarming about what is only the server's own doing. Each test's server has an id of its own (its
 * threads are {@code echo-<id>-group-N}), so that the threads counted are that server's only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LifecycleTest {
    private static final int POOL = 3;

    /** An id for this test's server alone, e.g. {@code a3-lifecycle-closeBeforeStartAndCloseTwiceAreHarmless}. */
    private static String idOf(TestInfo test) {
        return "a3-lifecycle-" + test.getTestMethod().orElseThrow().getName();
    }

    @Test
    void everyThreadOfTheGroupHasANameOfItsOwn(TestInfo test) throws Exception {
        String id = idOf(test);
        try (AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0).withPoolSize(POOL), id)) {
            server.start();
            Set<String> names = new HashSet<>();
            Await.groupThreads(id).forEach(thread -> names.add(thread.getName()));
            assertEquals(POOL, names.size(), "a thread dump must tell the group's threads apart: " + names);
        }
    }

    @Test
    void closingWithClientsConnectedClosesThemQuietlyAsTheServersOwnDoing(TestInfo test) throws Exception {
        String id = idOf(test);
        try (TraceCapture trace = new TraceCapture(); LogCapture log = new LogCapture(id).attach()) {
            AsyncWatcher watcher = new AsyncWatcher(trace.trace());
            AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0), id, watcher);
            server.start();
            try (TestClient idle = TestClient.connect(server.address());
                 TestClient talking = TestClient.connect(server.address())) {
                talking.echo("hi".getBytes());
                Await.until(() -> watcher.open() == 2 && watcher.pendingReads() == 2, "both waiting to be read");
                server.close();
                assertEquals(0, watcher.open(), "close() ended both connections before it returned");
                assertEquals(List.of(), Await.groupThreads(id), "no thread of the group outlives close()");
                assertEquals(0, idle.bytesUntilClosed(), "and the clients see their connection closed");
                assertEquals(0, talking.bytesUntilClosed());
            }
            trace.awaitInOrder("closed by the server", "closed by the server");
            assertEquals(0, trace.count("dropped"), "the server's own close is no client dropping out:\n" + trace.dump());
            // The outstanding accept fails too when the listener closes; that is no reason to warn or to retry.
            assertEquals(List.of(), log.records().stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                    .map(r -> r.getLevel() + " " + r.getMessage()).toList(), "nothing at INFO or above for a clean close");
        }
    }

    @Test
    void closeBeforeStartAndCloseTwiceAreHarmless(TestInfo test) throws Exception {
        String id = idOf(test);
        new AsyncServer(ServerConfig.defaults().withPort(0), id).close(); // never started
        AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0), id);
        server.start();
        server.close();
        server.close();
        assertEquals(List.of(), Await.groupThreads(id));
    }

    @Test
    void aPortInUseIsAnErrorAndLeavesNoThreadBehind(TestInfo test) throws Exception {
        String id = idOf(test);
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(taken.getLocalPort()), id);
            assertThrows(IOException.class, server::start);
            assertEquals(List.of(), Await.groupThreads(id), "a server that could not start keeps no group alive");
        }
    }

    /**
     * Ctrl-C's shutdown hook, or a framework's thread, may call close() with its interrupt set. close() must still
     * wait for the group (a half-closed server would leak its threads), and hand the interrupt back, not eat it.
     * A handler held on a group thread keeps the group alive, so close() is really waiting when it is interrupted.
     */
    @Test
    void closeFromAnInterruptedThreadStillWaitsForTheGroupAndKeepsTheInterrupt(TestInfo test) throws Exception {
        String id = idOf(test);
        AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0).withPoolSize(POOL), id);
        try (HoldOnLog hold = new HoldOnLog(id)) {
            server.start();
            hold.armOn("connected"); // logged by the accept's completion handler, on the thread that runs it
            try (TestClient client = TestClient.connect(server.address())) {
                Thread held = hold.awaitHeld();
                AtomicBoolean keptInterrupt = new AtomicBoolean();
                Thread closer = new Thread(() -> {
                    Thread.currentThread().interrupt();
                    server.close();
                    keptInterrupt.set(Thread.currentThread().isInterrupted());
                }, "closer");
                closer.start();
                long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
                while (closer.getState() != Thread.State.TIMED_WAITING) { // in awaitTermination, the interrupt spent
                    assertTrue(System.nanoTime() < deadline, "close() should be waiting for the group: "
                            + closer.getState());
                    Thread.sleep(5);
                }
                assertTrue(held.isAlive() && closer.isAlive(), "close() waits while a handler runs");
                hold.release();
                closer.join(TestClient.TIMEOUT.toMillis());
                assertTrue(!closer.isAlive(), "close() returned once the handler did");
                assertTrue(keptInterrupt.get(), "close() must not swallow its caller's interrupt");
                assertEquals(List.of(), Await.groupThreads(id), "the interrupt did not cut the wait for the group short");
            }
        } finally {
            server.close();
        }
    }
}
