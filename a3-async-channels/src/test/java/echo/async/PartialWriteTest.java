package echo.async;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A write may complete with only part of the buffer sent. The client has a small receive window and writes far
 * faster than it reads, so the server's send buffer fills and a partial write is real; then every byte must come
 * back, in order: the rest was written by the completion of the part (and nothing was read before it was out).
 *
 * <p>The client reads only when it cannot write (both send buffers full), and then only what has arrived. Reading
 * nothing at all until the first partial write (the first version of this test) hangs whenever the server's first
 * full send buffer is filled by a write that fits whole: the next write finds no room at all, so it waits rather
 * than comes back partial, and nothing moves again (CI saw it once, on a loaded machine). Reading that little lets
 * the send buffer drain; by then the server's receive buffer is full, so its next read is big and its write of it
 * is partial.
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
            Received received = new Received(pattern);
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
                if (n == 0 && received.readWhatHasArrived(client) == 0) {
                    Thread.sleep(5);
                }
            }
            long readBeforeThePartialWrite = received.count;
            received.check(Await.read(client, (int) (written - received.count)));
            System.out.printf("%d bytes through %d partial writes (%d read before the first), every byte back"
                    + " in order%n", written, watcher.partialWrites(), readBeforeThePartialWrite);
        }
    }

    /** What has come back so far, checked against the stream sent as it arrives. */
    private static final class Received {
        private final byte[] pattern;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long count;

        Received(byte[] pattern) {
            this.pattern = pattern;
        }

        /** Reads, without waiting, what the server has sent; returns how many bytes that was. */
        int readWhatHasArrived(SocketChannel client) throws IOException {
            buffer.clear();
            int n = client.read(buffer);
            if (n < 0) {
                fail("the server closed the connection after " + count + " bytes");
            }
            check(Arrays.copyOf(buffer.array(), n));
            return n;
        }

        void check(byte[] back) {
            for (int i = 0; i < back.length; i++) {
                long at = count + i;
                if (back[i] != pattern[(int) (at % pattern.length)]) {
                    assertEquals(pattern[(int) (at % pattern.length)], back[i], "byte " + at + ", in order");
                }
            }
            count += back.length;
        }
    }
}
