package echo.selector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pitfall 5, made deterministic: the server sees the client's end of input while it still has output pending for
 * it, and must send all of it before closing. The client has a small receive buffer and reads nothing until the
 * server reports that state, so the pending output is real, not something that happened to fit in the kernels.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HalfCloseTest {
    @Test
    void endOfInputWithOutputPendingStillDeliversEveryByte() throws Exception {
        // The server never pauses reading, so it does read the end of input; most of the echo waits in it.
        try (SmallWindow connection = SmallWindow.sendWithoutReading(5)) {
            SelectorCounters counts = connection.counts;
            SocketChannel client = connection.client;
            byte[] data = connection.sent;
            client.shutdownOutput();
            BackpressureTest.await(() -> counts.endsWithOutputPending() == 1,
                    "the server sees the end of input with output still pending");

            ByteArrayOutputStream back = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (client.read(buffer.clear()) >= 0) {
                back.write(buffer.array(), 0, buffer.position());
            }
            assertEquals(data.length, back.size(), "every byte pending at the end of input must arrive");
            assertArrayEquals(data, back.toByteArray());
            // And the end of input was handled once: at end of stream the channel stays readable for ever, so a
            // key still asking for OP_READ would be dispatched again and again (each read -1, each counted here)
            // for as long as the output took to drain: the loop spinning on this one connection.
            assertEquals(1, counts.endsWithOutputPending(), "end of input read again and again: OP_READ not dropped");
        }
    }
}
