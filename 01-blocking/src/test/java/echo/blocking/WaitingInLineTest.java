package echo.blocking;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.testkit.EchoContract;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Chapter 01's teaching point, in full: waiting clients are not refused, they queue in the listen backlog and are
 * served strictly one after another, in the order they connected.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitingInLineTest {
    private EchoServer server;

    @BeforeEach
    void start() throws IOException {
        server = new BlockingChapter().create(ServerConfig.defaults().withPort(0));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void clientsAreServedOneAfterAnotherInTheOrderTheyConnected() throws IOException {
        TestClient first = TestClient.connect(server.address());
        assertArrayEquals("1".getBytes(), first.echo("1".getBytes())); // the server is now busy with `first`

        // Both connect at once: the kernel completes the handshake, so connect() succeeds; nobody answers yet.
        TestClient second = TestClient.connect(server.address());
        TestClient third = TestClient.connect(server.address());
        second.write("2".getBytes());
        third.write("3".getBytes());
        assertEquals(0, second.bytesArrivingWithin(EchoContract.QUIET_WINDOW));
        assertEquals(0, third.bytesArrivingWithin(EchoContract.QUIET_WINDOW));

        first.close();
        assertArrayEquals("2".getBytes(), second.read(1), "the second client is next");
        assertEquals(0, third.bytesArrivingWithin(EchoContract.QUIET_WINDOW), "the third is still waiting");

        second.close();
        assertArrayEquals("3".getBytes(), third.read(1), "and then the third");
        third.close();
    }
}
