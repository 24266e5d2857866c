package echo.async;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.Flood;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hundreds of clients that send and never read: each ends with one write outstanding and no read, so the server
 * holds one buffer per client, whatever they send, and a fresh client is served as usual.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FloodTest {
    private final AsyncWatcher watcher = new AsyncWatcher(Trace.OFF);
    private static final int CLIENTS = 250;

    @Test
    void hundredsOfNeverReadersHoldOneBufferEach() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withBacklog(CLIENTS);
        try (AsyncServer server = new AsyncServer(config, AsyncChapter.ID, watcher)) {
            server.start();
            try (Flood flood = Flood.connect(server.address(), CLIENTS)) {
                // Until every one of them has a write outstanding and no read: the server's own state, not a clock.
                flood.sendUntil(ByteBuffer.allocate(64 * 1024),
                        () -> watcher.pendingWrites() == CLIENTS && watcher.pendingReads() == 0,
                        "every never-reader has its echo outstanding and nothing more is read from it");
                System.out.printf("%d never-readers sent %d bytes; the server holds %d bytes of buffers for them"
                        + " (%d each)%n", CLIENTS, flood.written(), watcher.bufferBytes(), config.readBufferSize());
                assertEquals((long) CLIENTS * config.readBufferSize(), watcher.bufferBytes(), "one buffer each");
                try (TestClient fresh = TestClient.connect(server.address())) {
                    assertArrayEquals("still here?".getBytes(), fresh.echo("still here?".getBytes()));
                    assertEquals(CLIENTS + 1, watcher.open());
                }
            }
        }
    }
}
