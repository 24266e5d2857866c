package echo.async;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 1,000 idle connections, then a healthy client: served at once, by the same few threads. What the idle ones
 * cost is a read outstanding each, and the buffer that read owns until it completes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IdleConnectionsTest {
    private final AsyncWatcher watcher = new AsyncWatcher(Trace.OFF);
    private static final int IDLE = 1_000;
    private final ServerConfig config = ServerConfig.defaults().withPort(0).withBacklog(IDLE);
    private final AsyncServer server = new AsyncServer(config, AsyncChapter.ID, watcher);
    private final List<Socket> idle = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : idle) {
            socket.close();
        }
        server.close();
    }

    @Test
    void aThousandIdleConnectionsThenAHealthyClient() throws Exception {
        server.start();
        for (int i = 0; i < IDLE; i++) {
            Socket socket = new Socket();
            idle.add(socket);
            socket.connect((InetSocketAddress) server.address(), 30_000);
        }
        Await.until(() -> watcher.open() == IDLE && watcher.pendingReads() == IDLE,
                "every idle connection accepted, with a read outstanding");
        try (TestClient healthy = TestClient.connect(server.address())) {
            for (int i = 0; i < 100; i++) {
                byte[] message = ("message " + i).getBytes();
                assertArrayEquals(message, healthy.echo(message));
            }
            assertEquals(IDLE + 1, watcher.open());
            assertEquals((IDLE + 1L) * config.readBufferSize(), watcher.bufferBytes(),
                    "a buffer per connection, idle or not: each has a read outstanding, and the read owns it");
        }
        assertEquals(config.poolSize(), Await.groupThreads().size(), "threads do not grow with connections");
        System.out.printf("%d idle connections + 1 healthy: %d group threads, %d bytes of read buffers%n", IDLE,
                Await.groupThreads().size(), watcher.bufferBytes());
    }
}
