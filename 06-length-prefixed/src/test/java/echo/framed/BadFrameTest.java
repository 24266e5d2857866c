package echo.framed;

import echo.common.EchoServer;
import echo.common.Frames;
import echo.common.ServerConfig;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad frame costs its sender the connection, and the server says why in one INFO line (no stack trace).
 * {@code --max-frame} sets the limit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadFrameTest {
    private static final int MAX = 1000;
    private final LogCapture log = new LogCapture(FramedChapter.ID);
    private EchoServer server;

    @BeforeEach
    void start() throws IOException {
        log.attach();
        server = new FramedChapter().create(ServerConfig.defaults().withPort(0).withMaxFrame(MAX));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        log.close();
    }

    @Test
    void aLengthOverTheMaxClosesTheConnectionWithOneInfoLine() throws Exception {
        try (TestClient bad = TestClient.connect(server.address())) {
            assertArrayEquals(Frames.encode(new byte[MAX]).array(), bad.echo(Frames.encode(new byte[MAX]).array()),
                    "exactly the max is fine");
            bad.write(Frames.header(MAX + 1));
            assertEquals(0, bad.bytesUntilClosed());
        }
        LogRecord line = awaitRecord("over the max frame");
        assertEquals(Level.INFO, line.getLevel());
        assertTrue(line.getMessage().contains("frame length 1001 is over the max frame of 1000 bytes; closed"),
                line.getMessage());
        assertNull(line.getThrown(), "a client's mistake is one line, not a stack trace");
    }

    @Test
    void endOfStreamInsideAFrameIsLoggedAndTheWholeFramesStillGoBack() throws Exception {
        byte[] whole = Frames.encode("whole".getBytes()).array();
        try (TestClient client = TestClient.connect(server.address())) {
            client.write(whole);
            client.write(java.util.Arrays.copyOf(Frames.encode(new byte[10]).array(), 7)); // header + 3 of 10
            client.shutdownOutput();
            assertArrayEquals(whole, client.readUntilEof(), "the whole frame, then a clean close");
        }
        LogRecord line = awaitRecord("incomplete frame");
        assertEquals(Level.INFO, line.getLevel());
        assertTrue(line.getMessage().endsWith("incomplete frame at end of stream: 3 of 10 payload bytes"),
                line.getMessage());
    }

    private LogRecord awaitRecord(String containing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (LogRecord record : log.records()) {
                if (record.getMessage().contains(containing)) {
                    return record;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no log line containing '" + containing + "'; log.records(): "
                + log.records().stream().map(LogRecord::getMessage).toList());
    }
}
