package echo.selector;

import echo.common.ServerConfig;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pitfall 4, a cancelled key: {@code read()} may close the connection (end of input with nothing pending), which
 * cancels its key, and the same {@code run()} then asks the key whether it is writable. Without the
 * {@code key.isValid()} check first, that throws {@code CancelledKeyException} and every such close is logged as a
 * bug, a WARNING with a stack trace. The bytes are the same either way, so only the log tells.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancelledKeyTest {
    private static final String ID = "test-05-cancelled-key";

    @Test
    void aConnectionClosedByItsReadIsNotAskedAboutWritingAfterwards() throws IOException {
        try (LogCapture log = new LogCapture(ID).attach()) {
            try (SelectorServer server = new SelectorServer(ServerConfig.defaults().withPort(0), ID,
                    () -> Processor.RAW_ECHO)) {
                server.start();
                for (int i = 0; i < 3; i++) {
                    try (TestClient client = TestClient.connect(server.address())) {
                        assertArrayEquals("hi".getBytes(), client.echo("hi".getBytes()));
                        client.shutdownOutput(); // nothing pending: read() sees the end and closes at once
                        assertEquals(0, client.readUntilEof().length);
                    }
                }
            } // close() joins the reactor thread: whatever it logged about those connections is in the capture
            assertEquals(List.of(), log.warnings(), "a client that half-closes is not a bug");
        }
    }
}
