package echo.selector;

import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Random;
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
    private final SelectorCounters counts = new SelectorCounters(); // what the server tells: the figures read here

    @Test
    void afterItsOutputDrainsAConnectionIsStillRead() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(9).nextBytes(data);
        ServerConfig config = ServerConfig.defaults().withPort(0).withMaxPendingBytes(64 << 20);
        try (SelectorServer server = new SelectorServer(config, SelectorChapter.ID, () -> Processor.RAW_ECHO, counts);
             SocketChannel client = SocketChannel.open()) {
            server.start();
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: it sets the window
            client.connect(server.address());
            client.write(ByteBuffer.wrap(data)); // returns once the server has read it all (it never pauses)
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
