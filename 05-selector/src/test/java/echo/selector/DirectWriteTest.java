package echo.selector;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The common case costs no copy and no queue: a small reply, with room in the socket's send buffer, is written
 * straight from the read buffer before the Handler returns to the loop; several replies of one read go in one
 * gathering write. Nothing is ever pending here, which {@code maxPendingSeen()} shows.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DirectWriteTest {
    private final SelectorCounters counts = new SelectorCounters(); // what the server tells: the figures read here

    /** Sends each input back as two replies: its first byte, then the rest (as a framed protocol might). */
    private static final Processor TWO_REPLIES = (input, reply) -> {
        reply.send(input.slice(input.position(), 1));
        reply.send(input.slice(input.position() + 1, input.remaining() - 1));
    };

    @Test
    void aSmallEchoIsWrittenAtOnceAndNeverQueued() throws Exception {
        assertNothingQueued(() -> Processor.RAW_ECHO);
    }

    @Test
    void manyRepliesToOneReadGoOutInOneWriteAndAreNeverQueued() throws Exception {
        assertNothingQueued(() -> TWO_REPLIES);
    }

    private void assertNothingQueued(java.util.function.Supplier<Processor> processors) throws Exception {
        try (SelectorServer server = new SelectorServer(ServerConfig.defaults().withPort(0), SelectorChapter.ID,
                processors, counts)) {
            server.start();
            try (TestClient client = TestClient.connect(server.address())) {
                for (int i = 0; i < 100; i++) {
                    byte[] message = ("message " + i).getBytes();
                    assertArrayEquals(message, client.echo(message));
                }
            }
            assertEquals(0, counts.maxPendingSeen(), "a small echo with room in the send buffer is never queued");
        }
    }
}
