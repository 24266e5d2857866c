package echo.testkit;

import echo.common.Chapter;
import echo.common.Chapters;
import echo.common.EchoServer;
import echo.common.Logs;
import echo.common.Promise;
import echo.common.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every TCP-style chapter must do, whatever its protocol: live and die cleanly, survive a client that
 * resets, and either serve clients concurrently or (where the chapter does not promise that) visibly not.
 * {@link RawEchoContract} and {@link FramedEchoContract} add the protocol's own tests and say how one message
 * is exchanged.
 *
 * <p>A chapter's test is a subclass naming its chapter, in the manner of Netty's testsuite, where one echo test
 * runs over every transport.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class EchoContract {
    static {
        Logs.init();
    }

    /** A limitation is "nothing arrived within this window"; a correct serial server meets it at any speed. */
    public static final Duration QUIET_WINDOW = Duration.ofMillis(300);

    /**
     * Threads for a test's second party (a writer while the test reads). Not the common ForkJoinPool: on 2 cores it
     * has one thread, and a blocked task there would hold up the next test's.
     */
    protected static final ExecutorService ASYNC = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "testkit-async");
        thread.setDaemon(true);
        return thread;
    });

    protected final Random random = new Random(42);
    protected EchoServer server;

    /** The chapter under test. */
    protected abstract Chapter chapter();

    /** {@code payload} as it goes on the wire for this protocol. */
    protected abstract byte[] encode(byte[] payload);

    /** The configuration the contract runs with: defaults on an ephemeral port. Chapters may adjust it. */
    protected ServerConfig config() {
        return ServerConfig.defaults().withPort(0);
    }

    /** How many clients the concurrency test connects at once; a chapter with a pool keeps it within the pool. */
    protected int concurrentClients() {
        return 50;
    }

    @BeforeEach
    void startServer() throws IOException {
        server = chapter().create(config());
        server.start();
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    protected TestClient connect() throws IOException {
        return TestClient.connect(server.address());
    }

    protected boolean concurrent() {
        return chapter().promises().contains(Promise.CONCURRENT_CLIENTS);
    }

    /** One message there and back: returns what came back, which must equal {@code encode(payload)}. */
    protected byte[] exchange(TestClient client, byte[] payload) throws IOException {
        byte[] wire = encode(payload);
        client.write(wire);
        return client.read(wire.length);
    }

    protected void assertEchoes(TestClient client, byte[] payload) throws IOException {
        assertArrayEquals(encode(payload), exchange(client, payload));
    }

    protected byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    // ---- registration -------------------------------------------------------------------------------------

    @Test
    void chapterIsRegisteredByName() {
        assertEquals(chapter().getClass(), Chapters.byId(chapter().id()).getClass(),
                "META-INF/services/echo.common.Chapter must list the chapter so benchmarks find it");
    }

    // ---- life cycle -------------------------------------------------------------------------------------------

    @Test
    void addressBeforeStartIsAClearError() {
        EchoServer unstarted = chapter().create(config());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, unstarted::address,
                    "address() before start() is the caller's mistake, said as such");
            assertEquals("not started", e.getMessage());
        } finally {
            unstarted.close(); // before start(): does nothing
        }
    }

    @Test
    void portAlreadyInUseIsAClearErrorNamingThePort() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = squatter.getLocalPort();
            EchoServer second = chapter().create(config().withPort(port).withUnixSocket(null));
            try {
                BindException e = assertThrows(BindException.class, second::start);
                assertTrue(e.getMessage().contains(String.valueOf(port)),
                        "the error should name port " + port + ": " + e.getMessage());
            } finally {
                second.close();
            }
        }
        try (TestClient client = connect()) {
            assertEchoes(client, "still serving".getBytes());
        }
    }

    @Test
    void closeStopsConnectionsFreesTheAddressAndEndsItsThreads() throws IOException {
        SocketAddress address = server.address();
        TestClient client = connect();
        assertEchoes(client, "before close".getBytes());

        server.close();

        assertEquals(0, client.bytesUntilClosed(), "the connection should be closed by close(), with nothing more");
        client.close();
        List<String> leftovers = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("echo-"))
                .toList();
        assertEquals(List.of(), leftovers, "close() must end every thread the server started (named echo-*)");
        assertReleased(address, "close() must remove the socket file");
        server.close(); // idempotent: a second close does nothing and does not throw
    }

    /**
     * A server is started once. A second start() is refused and the server goes on serving; after close(), start()
     * is refused too, and opens nothing: before the guard, it bound a new listener that no close() would release.
     */
    @Test
    void startIsOnceAndNeverAfterClose() throws IOException {
        IllegalStateException twice = assertThrows(IllegalStateException.class, server::start);
        assertEquals("already started", twice.getMessage());
        try (TestClient client = connect()) {
            assertEchoes(client, "still serving".getBytes());
        }
        SocketAddress address = server.address();
        server.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, server::start);
        assertEquals("closed: a server is started once; make a new one", closed.getMessage());
        assertReleased(address, "the refused start() must make no socket file");
    }

    /** Nothing holds {@code address}: its port can be bound again, or its socket file is gone. */
    private static void assertReleased(SocketAddress address, String socketFileMessage) throws IOException {
        if (address instanceof InetSocketAddress inet) {
            try (ServerSocket again = new ServerSocket()) {
                again.bind(inet); // throws if the port were still held
            }
        } else if (address instanceof UnixDomainSocketAddress unix) {
            assertTrue(Files.notExists(unix.getPath()), socketFileMessage + " " + unix.getPath());
        }
    }

    @Test
    void aClientThatResetsMidStreamDoesNotHurtTheNextOne() throws IOException {
        TestClient rude = connect();
        rude.write(encode(randomBytes(64 * 1024)));
        rude.reset();

        try (TestClient healthy = connect()) {
            assertEchoes(healthy, randomBytes(1000));
            assertEchoes(healthy, "and again".getBytes());
        }
    }

    // ---- many clients -----------------------------------------------------------------------------------------

    /**
     * A chapter that promises {@link Promise#CONCURRENT_CLIENTS}: many clients at once, each gets exactly its own
     * bytes back. A chapter that does not: the second client waits until the first leaves.
     *
     * <p>The clients go in lockstep: every client writes its message, then every client reads its echo, then the
     * next round. A server that serves one client at a time cannot pass: while it echoes the first client, the
     * others' echoes cannot come, and the first client cannot go on (nor leave) before they have them. (Without
     * the lockstep it could: each client would simply be served in turn, after the one before it left.)
     */
    @Test
    void manyClientsAtOnce() throws Exception {
        if (!concurrent()) {
            secondClientWaitsUntilTheFirstLeaves();
            return;
        }
        int clients = concurrentClients();
        CyclicBarrier step = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                results.add(pool.submit(() -> {
                    Random own = new Random(id);
                    try (TestClient client = connect()) {
                        step.await(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS); // all connected
                        for (int m = 0; m < 20; m++) {
                            byte[] payload = new byte[1 + own.nextInt(2000)];
                            own.nextBytes(payload);
                            payload[0] = (byte) id; // a stray byte from another client would show here
                            byte[] wire = encode(payload);
                            client.write(wire);
                            step.await(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS); // all have written
                            assertArrayEquals(wire, client.read(wire.length), "client " + id + ", message " + m
                                    + ", with all " + clients + " clients connected and waiting for their echo");
                            step.await(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS); // all have read
                        }
                    } catch (Throwable e) {
                        step.reset(); // the others fail at once (BrokenBarrierException) instead of waiting
                        throw e;
                    }
                    return null;
                }));
            }
            // The first real failure, not a BrokenBarrierException it caused in the others.
            java.util.concurrent.ExecutionException first = null;
            for (Future<?> result : results) {
                try {
                    result.get(TestClient.TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null || first.getCause() instanceof java.util.concurrent.BrokenBarrierException) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                if (first.getCause() instanceof Error error) {
                    throw error; // an assertion: its message says which client and message
                }
                throw first.getCause() instanceof Exception cause ? cause : first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * How many bytes the half-close tests send: more than the socket buffers on both sides hold, so the client's
     * writes stall and it must read while writing (16 MiB stalls it thousands of times on Linux loopback). What
     * this cannot force is output still pending <em>inside</em> a non-blocking server at the moment it reads end
     * of input: Linux wakes a writer only once a third of its send buffer is free (megabytes), so the last bytes
     * usually fit. A server that closes at once at end of input is caught deterministically only by its own
     * test (chapter 05's); here it is caught when the kernel happens to leave it holding output.
     */
    protected static final int HALF_CLOSE_BYTES = 16 << 20;

    /**
     * Sends {@code wire}, half-closes right after the last byte, and asserts that every byte came back, in order,
     * then end of stream. The client reads only while its writes are stalled (see
     * {@link TestClient#writeAndHalfCloseThenReadUntilEof}): a blocking server, which writes each echo before it
     * reads more, never deadlocks with it, and a non-blocking one still holds output when the half-close arrives.
     */
    protected void assertHalfCloseGetsEverythingThenEof(byte[] wire) throws IOException {
        try (TestClient client = connect()) {
            byte[] back = client.writeAndHalfCloseThenReadUntilEof(wire);
            assertEquals(wire.length, back.length, "after a half-close the server must send everything still"
                    + " pending, then close; it closed after " + back.length + " of " + wire.length + " bytes");
            assertArrayEquals(wire, back, "every byte, in order");
        }
    }

    /** The limitation of a chapter that serves one client at a time, asserted rather than skipped. */
    private void secondClientWaitsUntilTheFirstLeaves() throws IOException {
        try (TestClient first = connect(); TestClient second = connect()) {
            assertEchoes(first, "first".getBytes());
            second.write(encode("second".getBytes()));
            assertEchoes(first, "first, again".getBytes()); // the server is still busy with the first client
            assertEquals(0, second.bytesArrivingWithin(QUIET_WINDOW), "the second client must wait its turn");
            first.close();
            assertArrayEquals(encode("second".getBytes()), second.read(encode("second".getBytes()).length),
                    "once the first client leaves, the second is served");
        }
    }

    /**
     * A client that writes and never reads. A concurrent chapter goes on serving the others; a serial one is stuck
     * with it until it leaves (asserted as that chapter's limitation).
     */
    @Test
    void aClientThatNeverReads() throws Exception {
        SocketChannel neverReads = SocketChannel.open(server.address());
        try {
            writeUntilStalled(neverReads);
            try (TestClient healthy = connect()) {
                if (concurrent()) {
                    for (int i = 0; i < 100; i++) {
                        assertEchoes(healthy, randomBytes(1024));
                    }
                } else {
                    healthy.write(encode("waiting".getBytes()));
                    assertEquals(0, healthy.bytesArrivingWithin(QUIET_WINDOW),
                            "a serial server is stuck with the client that never reads");
                    neverReads.close();
                    assertArrayEquals(encode("waiting".getBytes()), healthy.read(encode("waiting".getBytes()).length));
                }
            }
        } finally {
            neverReads.close();
        }
    }

    /**
     * Writes messages without ever reading until nothing more goes in for a while: the socket buffers on both
     * sides are full, the server can no longer hand this client its echo, and it is in exactly the state under
     * test. (At most 64 MiB: a server that buffers without bound would never push back; that is the business of
     * the chapters that promise a bound, with their own tests.)
     */
    private void writeUntilStalled(SocketChannel channel) throws IOException, InterruptedException {
        channel.configureBlocking(false);
        byte[] message = encode(new byte[16 * 1024]);
        ByteBuffer rest = ByteBuffer.allocate(0);
        long written = 0;
        long lastProgress = System.nanoTime();
        long deadline = lastProgress + TestClient.TIMEOUT.toNanos();
        while (System.nanoTime() - lastProgress < TimeUnit.MILLISECONDS.toNanos(300) && written < (64 << 20)) {
            assertTrue(System.nanoTime() < deadline, "the never-reader's writes should stall or reach 64 MiB");
            if (!rest.hasRemaining()) {
                rest = ByteBuffer.wrap(message); // whole messages, so a framed server sees a valid stream
            }
            int n = channel.write(rest);
            if (n > 0) {
                written += n;
                lastProgress = System.nanoTime();
            } else {
                Thread.sleep(1); // the server is still taking what we sent: give it the core
            }
        }
    }
}
