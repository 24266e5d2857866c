package echo.async;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Half-close: the client shuts its output. The server's read completes with -1, which it can only have asked for
 * after its last write completed, so everything read before has been echoed: it closes, once. (Were -1 not
 * handled, the server would echo zero bytes and read again, -1 again, for ever: the connection never closes and
 * a group thread spins on it.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HalfCloseTest {
    private final AsyncWatcher watcher = new AsyncWatcher(Trace.OFF);

    @Test
    void everythingReadIsEchoedThenTheServerClosesOnce() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(5).nextBytes(data);
        try (AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0), AsyncChapter.ID, watcher);
             TestClient client = connectTo(server)) {
            byte[] back = client.writeAndHalfCloseThenReadUntilEof(data);
            assertEquals(data.length, back.length, "every byte before the end of input, then the end");
            assertArrayEquals(data, back);
            Await.until(() -> watcher.open() == 0, "the server closes the connection");
            assertEquals(1, watcher.endsOfInput(), "the end of input is read once, and then the connection closed");
            assertEquals(0, watcher.pendingReads() + watcher.pendingWrites(), "nothing left outstanding");
        }
    }

    private static TestClient connectTo(AsyncServer server) throws java.io.IOException {
        server.start();
        return TestClient.connect(server.address());
    }
}
