package echo.pool;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.testkit.EchoContract;
import echo.testkit.HoldOnLog;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chapter 03's teaching points, each on a tiny pool so that "full" is easy to reach: P workers made in advance and
 * never more; at most P clients served at once; client P+1 served as soon as a worker frees; a silent client
 * dropped after the idle time-out, which frees its worker; beyond P + the queue, a clean refusal.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolLimitsTest {
    private static final String WORKER_PREFIX = "echo-" + ThreadPoolChapter.ID + "-worker-";

    private final LogCapture log = new LogCapture(ThreadPoolChapter.ID);
    private final HoldOnLog hold = new HoldOnLog(ThreadPoolChapter.ID);
    private final List<TestClient> clients = new ArrayList<>();
    private EchoServer server;

    @BeforeEach
    void listen() {
        log.attach();
    }

    @AfterEach
    void stop() throws IOException {
        hold.close(); // before server.close(), which joins the worker it may be holding
        for (TestClient client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        log.close();
    }

    /** A pool of {@code pool} workers and {@code queue} places; idle time-out {@code idle} (ZERO: never). */
    private void start(int pool, int queue, Duration idle) throws IOException {
        server = new ThreadPoolChapter().create(ServerConfig.defaults().withPort(0)
                .withPoolSize(pool).withQueueSize(queue).withIdleTimeout(idle));
        server.start();
    }

    private TestClient connect() throws IOException {
        TestClient client = TestClient.connect(server.address());
        clients.add(client);
        return client;
    }

    /** A client that has been echoed once, so it certainly holds a worker. */
    private TestClient busyClient(String name) throws IOException {
        TestClient client = connect();
        assertArrayEquals(name.getBytes(), client.echo(name.getBytes()), name + " should be served");
        return client;
    }

    /** A client connected and written to; whether it is served is up to the test. */
    private TestClient waitingClient(String message) throws IOException {
        TestClient client = connect();
        client.write(message.getBytes());
        return client;
    }

    @Test
    void thePoolIsMadeInAdvanceAndNeverGrows() throws IOException {
        start(2, 2, Duration.ZERO);
        assertEquals(2, liveWorkers(), "pre-allocated: the workers exist before the first client");

        busyClient("a");
        busyClient("b");
        waitingClient("c");
        waitingClient("d");
        TestClient e = waitingClient("e"); // refused: nothing more to hold
        assertEquals(0, e.bytesUntilClosed(), "pool and queue full: the fifth client is refused");
        assertEquals(2, liveWorkers(), "still P workers with P busy, the queue full and one more knocking");
    }

    @Test
    void atMostPClientsAreServedAtOnce() throws IOException {
        start(2, 2, Duration.ZERO);
        TestClient a = busyClient("a");
        TestClient b = busyClient("b");

        TestClient c = waitingClient("c");
        assertEquals(0, c.bytesArrivingWithin(EchoContract.QUIET_WINDOW),
                "client P+1 is connected and has written, but every worker is busy: no echo");

        assertArrayEquals("a2".getBytes(), a.echo("a2".getBytes()), "the P clients are still served");
        assertArrayEquals("b2".getBytes(), b.echo("b2".getBytes()));
        assertEquals(0, c.bytesArrivingWithin(EchoContract.QUIET_WINDOW), "and client P+1 still waits");
    }

    @Test
    void clientPPlusOneIsServedAsSoonAsASlotFrees() throws IOException {
        start(2, 2, Duration.ZERO);
        TestClient a = busyClient("a");
        busyClient("b");
        TestClient c = waitingClient("c");
        assertEquals(0, c.bytesArrivingWithin(EchoContract.QUIET_WINDOW));

        a.close(); // a's worker reads end of stream, closes, and takes the next connection in the queue: c
        assertArrayEquals("c".getBytes(), c.read(1), "served by the worker a left");
        assertArrayEquals("c2".getBytes(), c.echo("c2".getBytes()));
    }

    @Test
    void anIdleClientIsDroppedAfterTheIdleTimeoutAndItsWorkerServesTheNext() throws IOException {
        start(1, 1, Duration.ofSeconds(1));
        TestClient idle = busyClient("then silence");
        TestClient next = waitingClient("next");

        // The worker waits in read() for the silent client; after 1 s SO_TIMEOUT ends the wait and the server
        // closes the connection. The bound here is TestClient's 30 s, so a slow machine only makes it slower.
        assertEquals(0, idle.bytesUntilClosed(), "the silent client is closed by the server, nothing sent");
        assertArrayEquals("next".getBytes(), next.read(4), "its worker then serves the waiting client");
        assertTrue(log.records().stream().anyMatch(r -> r.getLevel() == Level.INFO && r.getMessage().contains("idle")),
                "the drop is one INFO line");
    }

    @Test
    void overloadBeyondThePoolAndItsQueueIsRefusedCleanly() throws IOException {
        start(1, 2, Duration.ZERO);
        TestClient a = busyClient("a");  // the one worker
        TestClient b = waitingClient("b"); // queue place 1
        TestClient c = waitingClient("c"); // queue place 2

        // Accepted in the order they connected, so b and c are queued before d and e arrive: no room left.
        for (String name : List.of("d", "e")) {
            TestClient refused = waitingClient(name);
            assertEquals(0, refused.bytesUntilClosed(), name + " is closed by the server with nothing echoed");
            String line = "client " + refused.channel().getLocalAddress() + " refused: every worker busy (--pool 1),"
                    + " queue full (--queue 2)";
            assertEquals(1, log.records().stream().filter(r -> r.getLevel() == Level.INFO
                    && r.getMessage().equals(line)).count(), "each refusal is one INFO line: " + line);
        }

        // The queued clients were not refused: they are served in turn, in order.
        a.close();
        assertArrayEquals("b".getBytes(), b.read(1));
        assertEquals(0, c.bytesArrivingWithin(EchoContract.QUIET_WINDOW), "c is still second in line");
        b.close();
        assertArrayEquals("c".getBytes(), c.read(1));
    }

    /**
     * The pitfall of letting the executor's queue decide who is refused. ThreadPoolExecutor.execute() hands a task
     * over only to a worker already waiting in take(); a worker that has just finished a client is free, but not
     * there yet. The test holds the one worker exactly there (on its DEBUG line "... places free", written after
     * it gave its client's place back), so the window the race needs is open for as long as the test wants: a
     * client arriving then must take the place, not be refused. With a SynchronousQueue (--queue 0) or a full
     * ArrayBlockingQueue (--queue 1) deciding, it is refused every time.
     */
    @ParameterizedTest(name = "--pool 1 --queue {0}")
    @ValueSource(ints = {0, 1})
    void aWorkerBetweenTwoClientsIsNotAFullPool(int queue) throws Exception {
        start(1, queue, Duration.ZERO);
        TestClient a = busyClient("a");
        List<TestClient> queued = new ArrayList<>();
        for (int i = 0; i < queue; i++) {
            queued.add(waitingClient("q" + i)); // the queue full too
        }

        String aAddress = a.channel().getLocalAddress().toString();
        hold.armOn("places free");
        a.close(); // the worker reads end of stream, closes a, gives its place back, logs it, and is held there
        hold.awaitHeld();
        // How many are free depends on whether the acceptor has admitted the queued client yet; the total does not.
        String left = "client " + aAddress + " left: [12] of " + (1 + queue) + " places free";
        assertTrue(log.records().stream().anyMatch(r -> r.getMessage().matches(java.util.regex.Pattern.quote(
                "client " + aAddress) + " left: [12] of " + (1 + queue) + " places free")),
                "a's place is given back, and the DEBUG line counts the places: " + left);
        TestClient b = waitingClient("b");
        // The acceptor takes clients in the order they connected: once the next one is refused, b has been dealt
        // with, while the worker was still held. Refused because b holds the last place, not the worker's.
        TestClient over = waitingClient("over");
        assertEquals(0, over.bytesUntilClosed(), "every place taken again: the one after b is refused");

        hold.release();
        for (int i = 0; i < queue; i++) {
            assertArrayEquals(("q" + i).getBytes(), queued.get(i).read(2), "the queued client is served first");
            queued.get(i).close();
        }
        assertArrayEquals("b".getBytes(), b.read(1), "b got the place a left and is served, not refused");
    }

    @Test
    void withNoQueueAClientIsRefusedAsSoonAsEveryWorkerIsBusy() throws IOException {
        start(1, 0, Duration.ZERO);
        TestClient a = busyClient("a");
        TestClient b = waitingClient("b");
        assertEquals(0, b.bytesUntilClosed(), "no queue: refused at once");
        assertArrayEquals("a2".getBytes(), a.echo("a2".getBytes()));
    }

    /**
     * The idle time-out is a read time-out: it frees a worker whose client is silent, not one whose client never
     * reads. A client that sends without reading fills the socket buffers until the worker blocks in write(), and
     * there it stays, time-out or not, until the client leaves.
     */
    @Test
    void aClientThatNeverReadsHoldsItsWorkerPastTheIdleTimeout() throws Exception {
        start(1, 1, Duration.ofSeconds(1));
        SocketChannel neverReads = SocketChannel.open(server.address());
        // One echo first, so the never-reader certainly holds the worker (not the queue's one place) before `next`.
        neverReads.write(ByteBuffer.wrap("x".getBytes()));
        assertEquals(1, neverReads.read(ByteBuffer.allocate(1)), "the never-reader is served first");
        // Then write, never reading, until the socket buffers on both sides are full and nothing more goes in:
        // from then on the worker is stuck in write(), which no read time-out can interrupt. On this thread, so
        // the worker never waits for us (a late writer would let the idle time-out fire first).
        neverReads.configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
        long lastProgress = System.nanoTime();
        long deadline = lastProgress + TestClient.TIMEOUT.toNanos();
        while (System.nanoTime() - lastProgress < TimeUnit.MILLISECONDS.toNanos(300)) {
            assertTrue(System.nanoTime() < deadline, "the never-reader's writes should stall");
            if (neverReads.write(chunk.clear()) > 0) {
                lastProgress = System.nanoTime();
            } else {
                Thread.sleep(1); // the worker is draining what we sent: give it the core
            }
        }
        try {
            TestClient next = waitingClient("next");
            // Always data pending from the never-reader, so the worker's read() never waits, let alone times out.
            assertEquals(0, next.bytesArrivingWithin(Duration.ofSeconds(3)),
                    "three idle time-outs later, the worker is still stuck writing to the client that never reads");
            neverReads.close();
            assertArrayEquals("next".getBytes(), next.read(4), "once it leaves, the worker is free again");
        } finally {
            neverReads.close();
        }
    }

    private static long liveWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith(WORKER_PREFIX))
                .count();
    }
}
