package echo.threadperclient;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static echo.threadperclient.ThreadsGrowWithClientsTest.HANDLER_PREFIX;
import static echo.threadperclient.ThreadsGrowWithClientsTest.awaitLiveHandlerThreads;
import static echo.threadperclient.ThreadsGrowWithClientsTest.liveHandlerThreads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard against the recipe's warning ("anyone can open connections until the server falls over"): with
 * {@code --max-connections N}, connection N+1 is closed at once, with one INFO line, and costs no thread; the N
 * clients already connected are not disturbed, and a place freed by a leaving client can be taken again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MaxConnectionsTest {
    private static final int MAX = 3;

    private final LogCapture log = new LogCapture(ThreadPerClientChapter.ID);
    private EchoServer server;

    @BeforeEach
    void start() throws IOException {
        log.attach();
        server = new ThreadPerClientChapter().create(ServerConfig.defaults().withPort(0).withMaxConnections(MAX));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        log.close();
    }

    @Test
    void aConnectionOverTheLimitIsClosedAtOnceAndTheOthersGoOn() throws Exception {
        TestClient a = TestClient.connect(server.address());
        TestClient b = TestClient.connect(server.address());
        TestClient c = TestClient.connect(server.address());
        for (TestClient client : List.of(a, b, c)) {
            assertArrayEquals("in".getBytes(), client.echo("in".getBytes()));
        }

        // The kernel completes the handshake before the server sees the client, so connect() succeeds; then the
        // server closes it without reading or echoing anything.
        String fourthAddress;
        try (TestClient fourth = TestClient.connect(server.address())) {
            fourthAddress = fourth.channel().getLocalAddress().toString();
            fourth.write("let me in".getBytes());
            assertEquals(0, fourth.bytesUntilClosed(), "over the limit: closed by the server, nothing echoed");
        }
        assertEquals(MAX, liveHandlerThreads(), "a refused connection gets no thread");
        assertTrue(log.records().stream().anyMatch(r -> r.getLevel() == Level.INFO && r.getMessage().contains("refused")
                        && r.getMessage().contains(fourthAddress) && r.getMessage().contains("--max-connections")),
                "the refusal is one INFO line naming the client and the limit");

        for (TestClient client : List.of(a, b, c)) {
            assertArrayEquals("still served".getBytes(), client.echo("still served".getBytes()));
        }

        // A client that leaves frees its place (once its thread has ended and forgotten it).
        a.close();
        awaitLiveHandlerThreads(MAX - 1);
        try (TestClient newcomer = TestClient.connect(server.address())) {
            assertArrayEquals("my turn".getBytes(), newcomer.echo("my turn".getBytes()));
            // Threads are numbered as they are made: a, b, c had 1..3; the refused fourth had none, so 4 is the
            // newcomer's (two connections, two distinct names, and no thread spent on a refusal).
            assertEquals(java.util.Set.of(HANDLER_PREFIX + 2, HANDLER_PREFIX + 3, HANDLER_PREFIX + 4),
                    liveHandlerThreadNames(), "b's, c's and the newcomer's threads");
        }
        b.close();
        c.close();
    }

    @Test
    void zeroMeansNoLimit() throws IOException {
        server.close();
        server = new ThreadPerClientChapter().create(ServerConfig.defaults().withPort(0).withMaxConnections(0));
        server.start();
        List<TestClient> clients = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < 4 * MAX; i++) {
                TestClient client = TestClient.connect(server.address());
                clients.add(client);
                assertArrayEquals("ok".getBytes(), client.echo("ok".getBytes()));
            }
        } finally {
            for (TestClient client : clients) {
                client.close();
            }
        }
    }

    private static java.util.Set<String> liveHandlerThreadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(HANDLER_PREFIX))
                .collect(java.util.stream.Collectors.toSet());
    }
}
