package echo.threadperclient;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Chapter 02's teaching point: the server holds exactly one thread per connected client, created when the client
 * connects and gone when it leaves. Its cost grows with the clients, not with the work they ask for.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadsGrowWithClientsTest {
    static final String HANDLER_PREFIX = "echo-" + ThreadPerClientChapter.ID + "-conn-";

    private EchoServer server;

    @BeforeEach
    void start() throws IOException {
        server = new ThreadPerClientChapter().create(ServerConfig.defaults().withPort(0));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void oneLiveThreadPerConnectedClient() throws Exception {
        assertEquals(0, liveHandlerThreads(), "no client, no handler thread");

        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            TestClient client = TestClient.connect(server.address());
            clients.add(client);
            // Once the echo is back, the client's thread exists (it wrote the echo), however busy the machine.
            assertArrayEquals(new byte[] {(byte) i}, client.echo(new byte[] {(byte) i}));
            assertEquals(i + 1, liveHandlerThreads(), "one thread per connected client");
        }

        // Idle clients cost the same as busy ones: 200 silent connections still hold 200 threads.
        assertEquals(200, liveHandlerThreads());

        for (TestClient client : clients.subList(0, 150)) {
            client.close();
        }
        awaitLiveHandlerThreads(50); // each thread ends when it reads its client's end of stream

        for (TestClient client : clients.subList(150, 200)) {
            assertArrayEquals("still here".getBytes(), client.echo("still here".getBytes()));
            client.close();
        }
        awaitLiveHandlerThreads(0);
    }

    /** Live threads whose name says they are a connection's thread of this chapter. */
    static long liveHandlerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith(HANDLER_PREFIX))
                .count();
    }

    /**
     * Waits (bounded) until exactly {@code expected} handler threads are alive: a thread ends a moment after its
     * client closes, on its own schedule, so the test polls the condition instead of sleeping and hoping.
     */
    static void awaitLiveHandlerThreads(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        long live;
        while ((live = liveHandlerThreads()) != expected && System.nanoTime() < deadline) {
            Thread.sleep(10); // the polling interval; the assertion below does not depend on it
        }
        assertEquals(expected, live, "live handler threads, after waiting up to " + TestClient.TIMEOUT.toSeconds()
                + " s");
    }
}
