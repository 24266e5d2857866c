package echo.async;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that writes and never reads its echo. The server's write to it cannot complete, so the server never
 * asks for the next read: nothing more is read from this client, it costs the server its one buffer, and TCP
 * stops the client once the kernels' buffers are full. When it reads at last, every byte comes back in order.
 * (Were the next read asked for before the write completed, the next write would meet the outstanding one:
 * WritePendingException, and the connection lost.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BackpressureTest {
    private final AsyncWatcher watcher = new AsyncWatcher(Trace.OFF);
    private static final int SIXTY_FOUR_MIB = 64 << 20;

    @Test
    void aClientThatNeverReadsHoldsOneBufferStallsNobodyAndGetsEveryByteLater() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0);
        byte[] chunk = new byte[64 * 1024];
        new Random(3).nextBytes(chunk);
        try (AsyncServer server = new AsyncServer(config, AsyncChapter.ID, watcher);
             SocketChannel neverReads = SocketChannel.open()) {
            server.start();
            neverReads.connect(server.address());
            neverReads.configureBlocking(false); // written from this thread: a full send buffer must not block it

            // Write until the kernel takes no more and the server has a write outstanding and no read: stalled.
            ByteBuffer sending = ByteBuffer.wrap(chunk);
            long written = 0;
            long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
            while (true) {
                assertTrue(System.nanoTime() < deadline, "timed out: the never-reader's writes should stall");
                assertTrue(written < SIXTY_FOUR_MIB, "the server still reads from a client that never reads");
                int n = neverReads.write(sending);
                written += n;
                if (!sending.hasRemaining()) {
                    sending.rewind(); // the stream is this chunk, over and over
                }
                if (n == 0) {
                    if (watcher.pendingWrites() == 1 && watcher.pendingReads() == 0) {
                        break;
                    }
                    Thread.sleep(5);
                }
            }

            try (TestClient healthy = TestClient.connect(server.address())) {
                Random random = new Random(4);
                for (int i = 0; i < 100; i++) {
                    byte[] message = new byte[1 + random.nextInt(4096)];
                    random.nextBytes(message);
                    assertArrayEquals(message, healthy.echo(message), "the others are served as usual");
                }
            }
            Await.until(() -> watcher.open() == 1, "the healthy client's connection closed");
            System.out.printf("never-reading client: wrote %d bytes before TCP stopped it; the server holds one"
                    + " buffer of %d bytes for it, one write outstanding, no read%n", written, watcher.bufferBytes());
            assertEquals(1, watcher.pendingWrites(), "its echo is still being written");
            assertEquals(0, watcher.pendingReads(), "and nothing more is read from it meanwhile");
            assertEquals(config.readBufferSize(), watcher.bufferBytes(), "its memory: one read buffer");

            // Now it reads: the write completes, the next read is asked for, and so on until all is back.
            byte[] back = Await.read(neverReads, (int) written);
            for (int i = 0; i < back.length; i++) {
                if (back[i] != chunk[i % chunk.length]) {
                    assertEquals(chunk[i % chunk.length], back[i], "byte " + i + " of " + written);
                }
            }
        }
    }
}
