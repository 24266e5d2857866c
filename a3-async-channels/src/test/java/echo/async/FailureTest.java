package echo.async;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that resets: the outstanding read or write fails, its handler's failed() says so in one INFO line
 * (no stack trace: it is the client's business), closes that connection, and the server goes on, on the same
 * threads.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailureTest {
    private final AsyncWatcher watcher = new AsyncWatcher(Trace.OFF);
    private final LogCapture log = new LogCapture(AsyncChapter.ID).attach();

    @AfterEach
    void detach() {
        log.close();
    }

    @Test
    void aResetIsOneInfoLineAndTheServerGoesOnOnTheSameThreads() throws Exception {
        try (AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0), AsyncChapter.ID, watcher)) {
            server.start();
            var threadsBefore = new HashSet<>(Await.groupThreads());
            TestClient rude = TestClient.connect(server.address());
            rude.write(new byte[256 * 1024]); // and never reads its echo
            Await.until(() -> watcher.open() == 1, "the rude client accepted"); // or the reset comes first
            String rudeAddress = String.valueOf(rude.channel().getLocalAddress()); // the server's view of it
            rude.reset();
            Await.until(() -> watcher.open() == 0, "the reset connection closed");

            List<LogRecord> lines = log.records().stream()
                    .filter(record -> record.getMessage().contains("dropped")).toList();
            assertEquals(1, lines.size(), "one line for the reset: " + log.records().stream().map(r -> r.getLevel() + " " + r.getMessage()).toList());
            assertEquals(Level.INFO, lines.get(0).getLevel(), lines.get(0).getMessage());
            assertNull(lines.get(0).getThrown(), "a client's reset is no bug: no stack trace");
            // Which client, and what the JDK said: "Connection reset" (or "Broken pipe" for a write).
            assertTrue(lines.get(0).getMessage().matches("client " + Pattern.quote(rudeAddress)
                    + " dropped: (Connection reset|Broken pipe).*"), lines.get(0).getMessage());

            try (TestClient healthy = TestClient.connect(server.address())) {
                assertArrayEquals("next".getBytes(), healthy.echo("next".getBytes()));
            }
            assertEquals(threadsBefore, new HashSet<>(Await.groupThreads()), "no group thread died or was replaced");
        }
    }

    /** The one operation outstanding is a read (the client said nothing): that read fails, and is no longer counted. */
    @Test
    void aResetUnderAnOutstandingReadFailsThatRead() throws Exception {
        try (AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0), AsyncChapter.ID, watcher)) {
            server.start();
            TestClient quiet = TestClient.connect(server.address());
            Await.until(() -> watcher.open() == 1 && watcher.pendingReads() == 1, "a read asked for");
            quiet.reset();
            Await.until(() -> watcher.open() == 0, "the reset connection closed");
            assertEquals(0, watcher.pendingReads(), "the failed read is told to the watcher");
            assertEquals(1, log.records().stream().filter(r -> r.getMessage().contains("dropped: Connection reset"))
                    .count(), log.records().stream().map(LogRecord::getMessage).toList().toString());
        }
    }

    /**
     * The one operation outstanding is a write (the client does not read, its window is full): that write fails,
     * the connection is closed, and nothing stays outstanding.
     */
    @Test
    void aResetUnderAnOutstandingWriteFailsThatWriteAndClosesTheConnection() throws Exception {
        try (AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0), AsyncChapter.ID, watcher);
             SocketChannel neverReads = SocketChannel.open()) {
            server.start();
            neverReads.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: it sets the window
            neverReads.connect(server.address());
            neverReads.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
            while (!(watcher.pendingWrites() == 1 && watcher.pendingReads() == 0)) {
                assertTrue(System.nanoTime() < deadline, "the server's write to a client that never reads should stall");
                if (neverReads.write(chunk.clear()) == 0) {
                    Thread.sleep(5);
                }
            }
            neverReads.setOption(StandardSocketOptions.SO_LINGER, 0);
            neverReads.close(); // a reset
            Await.until(() -> watcher.open() == 0, "the connection whose write failed closed");
            assertEquals(0, watcher.pendingWrites(), "the failed write is told to the watcher");
            assertEquals(0, watcher.pendingReads(), "and no read asked for after it");
        }
    }
}
