package echo.poll;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one round of the loop reports: "busy" when a byte moved or a client came or went, "idle" otherwise. The
 * back-off sleeps only after an idle round, so a wrong "idle" would make a busy server nap, and a wrong "busy"
 * would make an idle one spin. The test turns the rounds itself ({@link PollingServer#pollRound()}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoundTest {
    private static final ExecutorService READER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-reader");
        thread.setDaemon(true);
        return thread;
    });

    private PollingServer server;
    private final PollWatcher watcher = new PollWatcher(echo.common.Trace.OFF); // the rounds, as the loop tells them
    private long deadline;

    @BeforeEach
    void listen() throws IOException {
        server = new PollingServer(ServerConfig.defaults().withPort(0), watcher);
        server.listen();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void nothingToDoIsIdle() {
        for (int i = 0; i < 10; i++) {
            assertFalse(server.pollRound(), "nobody there: an idle round");
        }
    }

    @Test
    void aClientComingAnEchoAndALeavingAreBusyAndTheQuietBetweenIsIdle() throws Exception {
        try (TestClient client = TestClient.connect(server.address())) {
            assertTrue(roundsUntil(() -> watcher.open() == 1), "the round that accepts is busy");
            for (int i = 0; i < 10; i++) {
                assertFalse(server.pollRound(), "a connected client that says nothing: idle");
            }

            byte[] message = "hello".getBytes();
            CompletableFuture<byte[]> echo = read(client, message.length);
            client.write(message);
            assertTrue(roundsUntil(echo::isDone), "the round that reads and echoes is busy");
            assertArrayEquals(message, echo.get());
            assertFalse(server.pollRound(), "and then idle again");

            client.shutdownOutput();
            assertTrue(roundsUntil(() -> watcher.open() == 0), "the round that sees EOF is busy");
        }
        assertFalse(server.pollRound());
    }

    @Test
    void aResetIsBusy() throws Exception {
        TestClient client = TestClient.connect(server.address());
        assertTrue(roundsUntil(() -> watcher.open() == 1));
        client.reset();
        assertTrue(roundsUntil(() -> watcher.open() == 0), "the round that drops a reset client is busy");
    }

    /**
     * A client that never reads: once its echo fills the kernel's buffers, the server holds the rest, reads
     * nothing more from it, and its retries write nothing: idle rounds (else the loop would never back off while
     * one client is stuck). When the client reads at last, the retry that finishes the echo is busy.
     */
    @Test
    void aStuckClientIsIdleAndItsLastRetryIsBusy() throws Exception {
        try (SocketChannel client = SocketChannel.open(server.address())) {
            client.configureBlocking(false);
            assertTrue(roundsUntil(() -> watcher.open() == 1));
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long written = 0;
            int idleInARow = 0;
            while (idleInARow < 1000) { // both directions full: the server's retries can write nothing
                assertTrue(System.nanoTime() < deadline, "the stuck client's rounds never went idle");
                written += client.write(chunk.clear());
                idleInARow = server.pollRound() ? 0 : idleInARow + 1;
            }

            // Now it reads everything back; the rounds that move the rest are busy, and the last write empties it.
            ByteBuffer echo = ByteBuffer.allocate((int) written);
            boolean busy = false;
            while (echo.hasRemaining()) {
                assertTrue(System.nanoTime() < deadline, "only " + echo.position() + " of " + written + " came back");
                client.read(echo);
                busy |= server.pollRound();
            }
            assertTrue(busy, "retries that wrote something are busy rounds");
            assertEquals(written, echo.position());
            for (int i = 0; i < 10; i++) {
                assertFalse(server.pollRound(), "everything echoed: idle again");
            }
        }
    }

    /** Turns rounds until {@code done}; returns whether any of them was busy. */
    private boolean roundsUntil(BooleanSupplier done) {
        boolean busy = false;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the condition never came true");
            busy |= server.pollRound();
        }
        return busy;
    }

    private static CompletableFuture<byte[]> read(TestClient client, int n) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.read(n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, READER);
    }
}
