package echo.selector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pitfall 1's other half: once the pending output drains, flush() drops OP_WRITE, and only OP_WRITE. The
 * connection goes through a real partial write (a small receive window, 4 MiB sent without reading, far below
 * maxPendingBytes so that reading is never paused and resumed, which would set OP_READ again anyway), reads every
 * byte back, and must then echo a new message: a drain that cleared every interest would leave it deaf.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DrainedConnectionTest {
    @Test
    void afterItsOutputDrainsAConnectionIsStillRead() throws Exception {
        try (SmallWindow connection = SmallWindow.sendWithoutReading(9)) {
            SelectorCounters counts = connection.counts;
            SocketChannel client = connection.client;
            byte[] data = connection.sent;
            BackpressureTest.await(() -> counts.bufferedBytes() > 0, "output pending: a write was partial");

            ByteBuffer back = ByteBuffer.allocate(data.length);
            while (back.hasRemaining()) {
                assertTrue(client.read(back) >= 0, "the server closed the connection");
            }
            assertArrayEquals(data, back.array(), "every byte, in order");
            BackpressureTest.await(() -> counts.bufferedBytes() == 0, "drained: nothing left buffered");
            assertEquals(0, counts.pauses(), "reading was never paused (so never resumed, which sets OP_READ)");

            byte[] again = "still listening?".getBytes();
            client.write(ByteBuffer.wrap(again));
            client.configureBlocking(false);
            ByteBuffer echo = ByteBuffer.allocate(again.length);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (echo.hasRemaining()) {
                assertTrue(System.nanoTime() < deadline, "a drained connection must still be read: got "
                        + echo.position() + " of " + again.length + " bytes of the next message's echo");
                if (client.read(echo) == 0) {
                    Thread.sleep(5);
                }
            }
            assertEquals(Arrays.toString(again), Arrays.toString(echo.array()));
        }
    }
}
