package echo.poll;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Clients leaving in the middle of the loop, several in one round, next to each other in its list: each one is
 * removed, and every client still there is served (the tutorials' loop deletes from the list it walks by index,
 * which skips the neighbour, or dies on the exception a closed socket raises).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FinishedClientsTest {
    private PollingServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void leavingClientsAreRemovedAndTheirNeighboursServed() throws Exception {
        server = new PollingServer(ServerConfig.defaults().withPort(0));
        server.start();
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clients.add(TestClient.connect(server.address()));
            clients.get(i).echo(new byte[] {(byte) i});
        }
        // Neighbours in the server's list leave together: some cleanly, some with a reset.
        for (int i = 5; i < 15; i++) {
            if (i % 2 == 0) {
                clients.get(i).close();
            } else {
                clients.get(i).reset();
            }
        }
        awaitOpenConnections(10);
        for (int i = 0; i < 20; i++) {
            if (i < 5 || i >= 15) {
                byte[] message = ("still here " + i).getBytes();
                assertArrayEquals(message, clients.get(i).echo(message));
                clients.get(i).close();
            }
        }
        awaitOpenConnections(0);
    }

    private void awaitOpenConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.openConnections() != expected) {
            if (System.nanoTime() > deadline) {
                fail("expected " + expected + " open connections, the server has " + server.openConnections());
            }
            Thread.sleep(10);
        }
        assertEquals(expected, server.openConnections());
    }
}
