package echo.async;

import echo.common.ServerConfig;
import echo.testkit.EchoContract;
import echo.testkit.HoldOnLog;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The group's threads: a fixed pool of as many as {@code --pool} says, named by the ThreadFactory, running every
 * completion handler; and close() shuts the group down and waits until the last of them has ended.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GroupThreadsTest {
    private static final int POOL = 3;
    private final HoldOnLog hold = new HoldOnLog(AsyncChapter.ID);
    private final AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0).withPoolSize(POOL),
            AsyncChapter.ID);

    @AfterEach
    void stop() {
        hold.close(); // first: close() waits for the thread it may be holding
        server.close();
    }

    @Test
    void aFixedPoolOfNamedThreadsRunsTheHandlers() throws Exception {
        server.start();
        assertEquals(POOL, Await.groupThreads().size(), "the group's threads: " + Await.groupThreads());
        hold.armOn("connected"); // logged by the accept's completion handler, on the thread that runs it
        try (TestClient client = TestClient.connect(server.address())) {
            Thread handler = hold.awaitHeld();
            assertTrue(handler.getName().startsWith(Await.GROUP_THREAD), "ran on " + handler.getName());
            assertTrue(Await.groupThreads().contains(handler));
            hold.release();
            client.echo("hi".getBytes());
        }
    }

    /**
     * But not for ever: a group whose threads do not end (a handler stuck, or the JDK's lost wake-up of README
     * "What breaks") gets one ERROR line, and close() returns, so that Ctrl-C still ends the process.
     */
    @Test
    void closeGivesUpLoudlyOnAGroupThatDoesNotEnd() throws Exception {
        server.closeLimit(Duration.ofSeconds(1));
        server.start();
        hold.armOn("connected");
        try (LogCapture log = new LogCapture(AsyncChapter.ID).attach();
             TestClient client = TestClient.connect(server.address())) {
            Thread held = hold.awaitHeld();
            server.close(); // returns, with the handler still held
            assertTrue(held.isAlive());
            List<String> errors = log.records().stream().filter(r -> r.getLevel() == java.util.logging.Level.SEVERE)
                    .map(java.util.logging.LogRecord::getMessage).toList();
            assertEquals(1, errors.size(), "one ERROR line: " + errors);
            assertTrue(errors.get(0).startsWith("the channel group did not end within 1 s of close(): 1 of its"
                    + " threads still alive"), errors.get(0));
        }
    }

    @Test
    void closeShutsTheGroupDownAndWaitsForItsLastThread() throws Exception {
        server.start();
        hold.armOn("connected");
        try (TestClient client = TestClient.connect(server.address())) {
            Thread held = hold.awaitHeld(); // a group thread, stopped inside a completion handler
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            Thread.sleep(EchoContract.QUIET_WINDOW.toMillis()); // a window in which close() must not return
            assertFalse(closing.isDone(), "close() returned while a group thread was still running a handler");
            assertTrue(held.isAlive());
            hold.release();
            closing.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of(), Await.groupThreads(), "no thread of the group outlives close()");
            assertEquals(0, client.bytesUntilClosed(), "and the connection was closed");
        }
    }
}
