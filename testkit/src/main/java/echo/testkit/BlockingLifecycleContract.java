package echo.testkit;

import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start and stop of the blocking chapters (01–03), whose connections are served by threads in {@code BlockingEcho}:
 * no address before start(); close() ends a connected client's session, warns about nothing, and returns only once
 * the thread serving that client has ended. A chapter's test is a subclass naming its chapter.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class BlockingLifecycleContract {

    /** The chapter under test. */
    protected abstract Chapter chapter();

    private EchoServer newServer() {
        return chapter().create(ServerConfig.defaults().withPort(0));
    }

    @Test
    void noAddressBeforeStart() {
        assertThrows(IllegalStateException.class, newServer()::address);
    }

    /** A connected, silent client does not keep close() waiting, and a normal close is not a WARNING. */
    @Test
    void closeCutsOffAConnectedClientAndLogsNoWarning() throws IOException {
        try (LogCapture log = new LogCapture(chapter().id()).attach()) {
            EchoServer server = newServer();
            server.start();
            try (TestClient client = TestClient.connect(server.address())) {
                assertArrayEquals("hi".getBytes(), client.echo("hi".getBytes())); // now being served, and silent
                server.close(); // returns only once the client's session is over (the class's time-out otherwise)
                assertEquals(0, client.bytesUntilClosed(), "the server closed the connection");
            } finally {
                server.close();
            }
            assertEquals(List.of(), log.warnings(), "closing the server is not a warning");
        }
    }

    /** close() returns only once the thread serving a client has ended, not as soon as it closed the socket. */
    @Test
    void closeWaitsForTheThreadServingAClient() throws Exception {
        EchoServer server = newServer();
        server.start();
        try (HoldOnLog hold = new HoldOnLog(chapter().id()); TestClient client = TestClient.connect(server.address())) {
            assertArrayEquals("hi".getBytes(), client.echo("hi".getBytes()));
            hold.armOn("closed by the server"); // that thread's line once close() has closed the socket under it
            Thread closer = new Thread(server::close, "test-closer");
            closer.start();
            Thread serving = hold.awaitHeld();
            closer.join(EchoContract.QUIET_WINDOW.toMillis());
            assertTrue(closer.isAlive(), "close() is still waiting for the thread it closed the socket under");
            hold.release();
            closer.join(TestClient.TIMEOUT.toMillis());
            assertFalse(closer.isAlive(), "close() returns once that thread is done");
            assertFalse(serving.isAlive(), "and the thread has ended");
        } finally {
            server.close();
        }
    }
}
