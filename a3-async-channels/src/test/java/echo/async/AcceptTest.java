package echo.async;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An accept completes once. The server asks for the next one from the accept's completion (the first line of
 * {@code acceptor.completed}); without it the first client is served and the second waits in the backlog for ever.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AcceptTest {
    private final AsyncWatcher watcher = new AsyncWatcher(Trace.OFF);

    @Test
    void aSecondAndAThirdClientAreServed() throws Exception {
        try (AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0), AsyncChapter.ID, watcher)) {
            server.start();
            try (TestClient first = TestClient.connect(server.address());
                 TestClient second = TestClient.connect(server.address())) {
                assertArrayEquals("first".getBytes(), first.echo("first".getBytes()));
                assertArrayEquals("second".getBytes(), second.echo("second".getBytes()),
                        "the second client is served while the first is still connected: accept was asked again");
            }
            try (TestClient third = TestClient.connect(server.address())) {
                assertArrayEquals("third".getBytes(), third.echo("third".getBytes()));
            }
            Await.until(() -> watcher.open() == 0, "every connection closed");
            assertEquals(3, watcher.acceptedTotal());
        }
    }
}
