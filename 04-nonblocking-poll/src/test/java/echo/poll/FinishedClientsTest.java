package echo.poll;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Clients leaving in the middle of the loop, several in one round, next to each other in its list: each one is
 * removed, and every client still there is served (the tutorials' loop deletes from the list it walks by index,
 * which skips the neighbour, or dies on the exception a closed socket raises).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FinishedClientsTest {
    /** The second party of the driven test: reads an echo while the test thread turns the rounds. */
    private static final ExecutorService READER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-reader");
        thread.setDaemon(true);
        return thread;
    });

    private PollingServer server;
    private final PollWatcher watcher = new PollWatcher(echo.common.Trace.OFF); // the rounds, as the loop tells them

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void leavingClientsAreRemovedAndTheirNeighboursServed() throws Exception {
        server = new PollingServer(ServerConfig.defaults().withPort(0), watcher);
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

    /**
     * The tutorials' bug where it lives: in one round. Deleting from the list while walking it by index skips the
     * neighbour of whoever leaves, and a {@code break} after the removal skips everyone after it. In a loop that
     * spins, the skipped client is only served a round later and no byte is lost, so no echo test can see it; this
     * test drives the rounds itself ({@link PollingServer#pollRound()}, no loop thread) and checks each one asked
     * every connection it found, while the first, the last and two neighbours leave, cleanly or with a reset.
     */
    @Test
    void everyRoundAsksEveryConnectionWhileSomeLeave() throws Exception {
        server = new PollingServer(ServerConfig.defaults().withPort(0), watcher);
        server.listen();
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clients.add(TestClient.connect(server.address()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (watcher.open() < 6) { // accepted in the order they connected: the list is 0..5
            assertTrue(System.nanoTime() < deadline, "accepted only " + watcher.open() + " of 6");
            server.pollRound();
            assertEquals(watcher.open(), watcher.askedLastRound(), "a round asks every connection");
        }

        clients.get(0).close();
        clients.get(2).reset();
        clients.get(3).close();
        clients.get(5).reset();
        while (watcher.open() > 2) {
            assertTrue(System.nanoTime() < deadline, "still open: " + watcher.open() + ", expected 2");
            int before = watcher.open();
            server.pollRound();
            assertEquals(before, watcher.askedLastRound(),
                    "the round in which a client left must still ask every connection after it");
        }
        assertEquals(2, watcher.open());

        for (int stays : new int[] {1, 4}) { // the two left are still served
            TestClient client = clients.get(stays);
            byte[] message = ("still here " + stays).getBytes();
            CompletableFuture<byte[]> echo = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.read(message.length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, READER);
            client.write(message);
            while (!echo.isDone()) {
                assertTrue(System.nanoTime() < deadline, "no echo for client " + stays);
                server.pollRound();
            }
            assertArrayEquals(message, echo.get());
            client.close();
        }
    }

    private void awaitOpenConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (watcher.open() != expected) {
            if (System.nanoTime() > deadline) {
                fail("expected " + expected + " open connections, the server has " + watcher.open());
            }
            Thread.sleep(10);
        }
        assertEquals(expected, watcher.open());
    }
}
