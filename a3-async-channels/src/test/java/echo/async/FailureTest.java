package echo.async;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
            rude.reset();
            Await.until(() -> watcher.open() == 0, "the reset connection closed");

            List<LogRecord> lines = log.records().stream()
                    .filter(record -> record.getMessage().contains("dropped")).toList();
            assertEquals(1, lines.size(), "one line for the reset: " + log.records().stream().map(r -> r.getLevel() + " " + r.getMessage()).toList());
            assertEquals(Level.INFO, lines.get(0).getLevel(), lines.get(0).getMessage());
            assertNull(lines.get(0).getThrown(), "a client's reset is no bug: no stack trace");

            try (TestClient healthy = TestClient.connect(server.address())) {
                assertArrayEquals("next".getBytes(), healthy.echo("next".getBytes()));
            }
            assertEquals(threadsBefore, new HashSet<>(Await.groupThreads()), "no group thread died or was replaced");
        }
    }
}
