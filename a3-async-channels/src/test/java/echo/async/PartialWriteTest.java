package echo.async;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write may complete with only part of the buffer sent. The client has a small receive window and reads nothing
 * until the server reports such a partial write, so the partial write is real; then every byte must come back,
 * in order: the rest was written by the completion of the part (and nothing was read before it was out).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PartialWriteTest {
    private final AsyncWatcher watcher = new AsyncWatcher(Trace.OFF);
    /**
     * A big read buffer, so that one read can bring more than the kernel's send buffer has room for. (With 16 KiB
     * a write is rarely partial on Linux: a TCP send takes a whole small write as soon as there is any room, and
     * the JDK, not the server, waits while there is none.)
     */
    private static final ServerConfig CONFIG = ServerConfig.defaults().withPort(0).withReadBufferSize(1 << 20);

    @Test
    void theRestOfAPartialWriteIsWrittenBeforeAnythingElse() throws Exception {
        byte[] pattern = new byte[64 * 1024]; // the stream sent is this, over and over
        new Random(11).nextBytes(pattern);
        try (AsyncServer server = new AsyncServer(CONFIG, AsyncChapter.ID, watcher);
             SocketChannel client = SocketChannel.open()) {
            server.start();
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: it sets the window
            client.connect(server.address());
            client.configureBlocking(false); // written from this thread: a full send buffer must not block it
            ByteBuffer sending = ByteBuffer.wrap(pattern);
            long written = 0;
            long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
            while (watcher.partialWrites() == 0) {
                assertTrue(System.nanoTime() < deadline, "timed out waiting for a partial write");
                assertTrue(written < (64 << 20), "64 MiB sent and never a partial write");
                int n = client.write(sending);
                written += n;
                if (!sending.hasRemaining()) {
                    sending.rewind();
                }
                if (n == 0) {
                    Thread.sleep(5);
                }
            }
            byte[] back = Await.read(client, (int) written);
            for (int i = 0; i < back.length; i++) {
                if (back[i] != pattern[i % pattern.length]) {
                    assertEquals(pattern[i % pattern.length], back[i], "byte " + i + " of " + written + ", in order");
                }
            }
            System.out.printf("%d bytes through %d partial writes, every byte back in order%n", written,
                    watcher.partialWrites());
        }
    }
}
