package echo.selector;

import echo.common.ServerConfig;
import echo.testkit.Flood;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hundreds of clients that send and never read: every one is held to the bound, so the server's memory is the
 * bound times the clients, and a fresh client is served as usual. (Chapter 06's FloodTest does the same with
 * empty frames in a 64 MiB heap, where replies are 4 bytes each.)
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FloodTest {
    private final SelectorCounters counts = new SelectorCounters(); // what the server tells: the figures read here
    private static final int CLIENTS = 250;

    @Test
    void hundredsOfNeverReadersAreEachHeldToTheBound() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0);
        try (SelectorServer server = new SelectorServer(config, SelectorChapter.ID, () -> Processor.RAW_ECHO, counts)) {
            server.start();
            try (Flood flood = Flood.connect(server.address(), CLIENTS)) {
                // Until the server has stopped reading from every one of them: its own state, not a clock.
                flood.sendUntil(ByteBuffer.allocate(64 * 1024), () -> counts.pausedConnections() == CLIENTS,
                        "every never-reader is paused");
                long bound = config.maxPendingBytes() + config.readBufferSize();
                System.out.printf("%d never-readers sent %d bytes; the server holds %d bytes for them (bound %d"
                                + " each, %d in all); most for one: %d%n", CLIENTS, flood.written(),
                        counts.bufferedBytes(), bound, bound * CLIENTS, counts.maxPendingSeen());
                assertTrue(counts.maxPendingSeen() <= bound, "one client held " + counts.maxPendingSeen());
                assertTrue(counts.bufferedBytes() <= bound * CLIENTS, "all held " + counts.bufferedBytes());
                try (TestClient fresh = TestClient.connect(server.address())) {
                    assertArrayEquals("still here?".getBytes(), fresh.echo("still here?".getBytes()));
                    assertEquals(CLIENTS + 1, counts.openConnections());
                }
            }
        }
    }
}
