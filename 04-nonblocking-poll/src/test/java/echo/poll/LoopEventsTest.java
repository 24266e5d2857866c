package echo.poll;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the loop tells its {@link PollEvents} (and so {@code --trace} and {@code --stats}), event by event, and what
 * {@code close()} leaves behind. The test turns the rounds itself ({@link PollingServer#pollRound()}) and records
 * every event, so the lists are exact. Not one of the classes that judge exercise 04: a learner's server is judged
 * by the contract, round and finished-clients tests only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopEventsTest {
    private final Recorder events = new Recorder();
    private PollingServer server;
    private long deadline;

    @BeforeEach
    void listen() throws IOException {
        server = new PollingServer(ServerConfig.defaults().withPort(0), events);
        server.listen();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * An accepted connection is non-blocking with Nagle off (TCP_NODELAY: an echo goes out at once); an echo that
     * fits is one read and one whole write, and nothing after it (no retry of an empty buffer); a client that
     * half-closes is "done", one that resets is "dropped".
     */
    @Test
    void anEchoIsOneReadAndOneWriteAndALeavingIsDoneOrDropped() throws Exception {
        try (TestClient client = TestClient.connect(server.address())) {
            roundsUntil(() -> events.texts().contains("accepted"));
            assertEquals(List.of("non-blocking, TCP_NODELAY"), events.setups);

            client.write("hi".getBytes());
            roundsUntil(() -> events.texts().size() >= 3);
            assertArrayEquals("hi".getBytes(), client.read(2));
            for (int i = 0; i < 100; i++) {
                server.pollRound();
            }
            assertEquals(List.of("accepted", "read 2", "wrote 2 left 0"), events.texts(),
                    "all of it written at once: nothing pending, no retry");

            client.shutdownOutput();
            roundsUntil(() -> events.texts().size() >= 4);
            assertEquals("finished (done)", events.texts().get(3));
        }
        TestClient reset = TestClient.connect(server.address());
        roundsUntil(() -> events.texts().size() >= 5);
        reset.reset();
        roundsUntil(() -> events.texts().size() >= 6);
        assertEquals(List.of("accepted", "finished (dropped)"), events.texts().subList(4, 6));
    }

    /**
     * A client that does not read: the echo's rest stays pending, and each retry is told (a write that took nothing
     * too); when it reads at last, the retry that empties the buffer says "0 left", and every round in which a
     * write took bytes is busy.
     */
    @Test
    void theRetriesOfAPendingWriteAreToldAndTheRoundsThatMoveBytesAreBusy() throws Exception {
        try (SocketChannel client = SocketChannel.open(server.address())) {
            client.configureBlocking(false);
            roundsUntil(() -> events.texts().contains("accepted"));
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long written = 0;
            int idleInARow = 0;
            while (idleInARow < 1000) { // both directions full: the server's retries can write nothing
                assertTrue(System.nanoTime() < deadline, "the stuck client's rounds never went idle");
                written += client.write(chunk.clear());
                idleInARow = server.pollRound() ? 0 : idleInARow + 1;
            }
            assertTrue(events.texts().contains("wrote 0 left " + events.lastLeft), "a retry that took nothing is told");
            assertTrue(events.lastLeft > 0, "the rest of an echo pending: " + events.lastLeft);

            ByteBuffer echo = ByteBuffer.allocate((int) written);
            while (echo.hasRemaining()) {
                assertTrue(System.nanoTime() < deadline, "only " + echo.position() + " of " + written + " came back");
                client.read(echo);
                server.pollRound();
            }
            assertEquals(0, events.lastLeft, "the last retry emptied the buffer, and said so");
            assertEquals(List.of(), events.idleRoundsThatWrote, "a round in which a write took bytes is busy");
        }
    }

    /** A server driven round by round has no loop; its close() closes the listener and every connection itself. */
    @Test
    void closeWithoutALoopClosesTheConnectionsAndTheListener() throws Exception {
        TestClient client = TestClient.connect(server.address());
        roundsUntil(() -> events.texts().contains("accepted"));
        server.close();
        assertFalse(events.channels.get(0).isOpen(), "the connection closed by close()");
        assertEquals(0, client.readUntilEof().length, "the client sees the end of the stream");
        assertThrows(IOException.class, () -> TestClient.connect(server.address()).close(), "nobody listens");
        client.close();
    }

    /** A started server's close() returns once the loop has ended, every connection closed. */
    @Test
    void closeReturnsOnceTheLoopHasEndedAndClosedEverything() throws Exception {
        PollingServer started = new PollingServer(ServerConfig.defaults().withPort(0), events);
        started.start();
        try (TestClient client = TestClient.connect(started.address())) {
            SocketChannel accepted = events.accepted.poll(30, TimeUnit.SECONDS);
            assertNotNull(accepted, "no connection accepted within 30 s");
            started.close();
            assertFalse(events.loop.isAlive(), "close() returned with the loop still running");
            assertFalse(accepted.isOpen(), "close() returned with a connection still open");
            assertEquals(0, client.readUntilEof().length);
        } finally {
            started.close();
        }
    }

    private void roundsUntil(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the condition never came true; events: " + events.texts());
            server.pollRound();
        }
    }

    /** Every event as a line, and what the checks need; written by the thread that turns the rounds. */
    private static final class Recorder implements PollEvents {
        private final List<String> texts = new ArrayList<>();
        final List<String> setups = new ArrayList<>();
        final List<SocketChannel> channels = new ArrayList<>();
        final BlockingQueue<SocketChannel> accepted = new LinkedBlockingQueue<>();
        final List<Integer> idleRoundsThatWrote = new ArrayList<>();
        volatile Thread loop;
        int lastLeft = -1;
        private boolean wroteThisRound;
        private int round;

        synchronized List<String> texts() {
            return List.copyOf(texts);
        }

        @Override
        public void round(int asked, int open, boolean busy) {
            loop = Thread.currentThread();
            round++;
            if (wroteThisRound && !busy) {
                idleRoundsThatWrote.add(round);
            }
            wroteThisRound = false;
        }

        @Override
        public synchronized void accepted(SocketChannel client) {
            texts.add("accepted");
            try {
                setups.add((client.isBlocking() ? "blocking" : "non-blocking")
                        + (client.getOption(StandardSocketOptions.TCP_NODELAY) ? ", TCP_NODELAY" : ", Nagle"));
            } catch (IOException e) {
                setups.add(e.toString());
            }
            channels.add(client);
            accepted.add(client);
        }

        @Override
        public synchronized void read(SocketChannel client, ByteBuffer buffer, int n) {
            texts.add("read " + n);
        }

        @Override
        public synchronized void wrote(SocketChannel client, int n, int left) {
            if (texts.isEmpty() || !texts.get(texts.size() - 1).equals("wrote " + n + " left " + left)) {
                texts.add("wrote " + n + " left " + left); // the same retry, round after round: told once here
            }
            lastLeft = left;
            wroteThisRound |= n > 0;
        }

        @Override
        public synchronized void finished(SocketChannel client, boolean dropped) {
            texts.add(dropped ? "finished (dropped)" : "finished (done)");
        }
    }
}
