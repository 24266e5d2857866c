package echo.blocking;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.testkit.EchoContract;
import echo.testkit.HoldOnLog;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start and stop: no address before start(); close() ends a connected client's session and warns about nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LifecycleTest {

    @Test
    void noAddressBeforeStart() {
        EchoServer server = new BlockingChapter().create(ServerConfig.defaults().withPort(0));
        assertThrows(IllegalStateException.class, server::address);
    }

    /** A connected, silent client does not keep close() waiting, and a normal close is not a WARNING. */
    @Test
    void closeCutsOffAConnectedClientAndLogsNoWarning() throws IOException {
        try (LogCapture log = new LogCapture(BlockingChapter.ID).attach()) {
            EchoServer server = new BlockingChapter().create(ServerConfig.defaults().withPort(0));
            server.start();
            try (TestClient client = TestClient.connect(server.address())) {
                assertArrayEquals("hi".getBytes(), client.echo("hi".getBytes())); // now being served, and silent
                server.close(); // returns only once the client's session is over (the class's time-out otherwise)
                assertEquals(0, client.bytesUntilClosed(), "the server closed the connection");
            } finally {
                server.close();
            }
            assertTrue(log.records().stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()),
                    "closing the server is not a warning: " + log.records().stream().map(r -> r.getMessage()).toList());
        }
    }

    /** close() returns only once the thread serving a client has ended, not as soon as it closed the socket. */
    @Test
    void closeWaitsForTheThreadServingAClient() throws Exception {
        EchoServer server = new BlockingChapter().create(ServerConfig.defaults().withPort(0));
        server.start();
        try (HoldOnLog hold = new HoldOnLog(BlockingChapter.ID); TestClient client = TestClient.connect(server.address())) {
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
