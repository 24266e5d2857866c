package echo.selector;

import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resume watermark, seen from where it acts. A processor that echoes also notes, on the reactor thread, what
 * the server holds for its one connection each time it is handed bytes. The first bytes after a pause are read
 * only because reading resumed, and nothing is flushed between the resume and that read (a Handler reads before it
 * flushes), so what is pending then is what was pending when reading resumed. The client stops reading until
 * reading pauses, then reads in small steps: reading must resume, every time, once the output is down to
 * {@code resumeReadingBelow()}, and not before; and not long after either (not only once everything has drained).
 *
 * <p>How far past the watermark a resume can come: one flush writes at most what the server's socket send buffer
 * takes, which Linux caps at 4 MiB ({@code net.ipv4.tcp_wmem}); about 0.8 MiB per flush was seen here. So with a
 * watermark of 8 MiB, the output is still over half of it when reading resumes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResumeWatermarkTest {
    private static final int MAX_PENDING = 16 << 20;

    @Test
    void readingResumesOnceTheOutputIsDownToTheLowWatermark() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withMaxPendingBytes(MAX_PENDING);
        SelectorCounters counts = new SelectorCounters(); // what the server tells; read on its own thread here
        List<Long> pendingAtResume = new ArrayList<>(); // written by the reactor thread, read once it is closed
        Processor watching = new Processor() {
            private long pausesSeen;

            @Override
            public void process(ByteBuffer input, Reply reply) {
                if (counts.pauses() > pausesSeen) { // paused since the last read: this read is the resume's
                    pausesSeen = counts.pauses();
                    pendingAtResume.add(counts.bufferedBytes());
                }
                reply.send(input);
            }
        };
        byte[] data = new byte[64 << 20]; // many times the bound and the kernels' buffers: many pauses
        new Random(11).nextBytes(data);
        ByteBuffer back = ByteBuffer.allocate(data.length);
        try (SelectorServer server = new SelectorServer(config, SelectorChapter.ID, () -> watching, counts);
             SocketChannel client = SocketChannel.open()) {
            server.start();
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: a small window
            client.connect(server.address());
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    client.write(ByteBuffer.wrap(data));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            BackpressureTest.await(() -> counts.pausedConnections() == 1, "reading should pause: the client reads nothing");
            ByteBuffer small = ByteBuffer.allocate(4096); // small steps: the output drains a little at a time
            while (back.hasRemaining() && client.read(small.clear()) >= 0) {
                back.put(small.flip());
            }
            writing.get(30, TimeUnit.SECONDS);
        }
        assertArrayEquals(data, back.array(), "every byte, in order: reading resumed after every pause");
        System.out.println("pending at each resume (low watermark " + config.resumeReadingBelow() + "): "
                + pendingAtResume);
        assertTrue(!pendingAtResume.isEmpty(), "reading was paused and resumed at least once");
        for (long pending : pendingAtResume) {
            assertTrue(pending <= config.resumeReadingBelow(), "reading resumed with " + pending
                    + " bytes pending, above the low watermark of " + config.resumeReadingBelow() + ": "
                    + pendingAtResume);
            assertTrue(pending > config.resumeReadingBelow() / 2, "reading resumed only with " + pending
                    + " bytes pending, long after the output fell to the low watermark of "
                    + config.resumeReadingBelow() + ": " + pendingAtResume);
        }
    }
}
