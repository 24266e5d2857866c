package echo.selector;

import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;
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
    private final SelectorCounters counts = new SelectorCounters(); // what the server tells: the figures read here

    @Test
    void endOfInputWithOutputPendingStillDeliversEveryByte() throws Exception {
        // Well below maxPendingBytes, so the server never pauses reading and does read the end of input; well above
        // what a 4 KiB receive window and a fresh send buffer hold, so most of it must wait in the server.
        byte[] data = new byte[4 << 20];
        new Random(5).nextBytes(data);
        ServerConfig config = ServerConfig.defaults().withPort(0).withMaxPendingBytes(64 << 20);
        try (SelectorServer server = new SelectorServer(config, SelectorChapter.ID, () -> Processor.RAW_ECHO, counts);
             SocketChannel client = SocketChannel.open()) {
            server.start();
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: it sets the window
            client.connect(server.address());
            client.write(ByteBuffer.wrap(data)); // returns once the server has read it all (it never pauses)
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
