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
 * The resume watermark, seen from where it acts: the server tells its events (SelectorEvents), and this test
 * notes what is pending for its one connection each time the Handler resumes reading. The client stops reading
 * until reading pauses, then reads in small steps: reading must resume, every time, once the output is down to
 * {@code resumeReadingBelow()}, and not before; and not long after either (not only once everything has drained).
 * The bytes must all come back, in order, which they do only if reading really resumes (OP_READ set again).
 *
 * <p>How far below the watermark a resume can come: as far as one flush goes, and one flush can take several MiB
 * (a resume at 2.3 MiB under an 8 MiB mark was seen once), so only the highest resume is held to over half the mark;
 * a server that resumes at a quarter of it, or only once all is drained, never gets there.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResumeWatermarkTest {
    private static final int MAX_PENDING = 16 << 20;

    @Test
    void readingResumesOnceTheOutputIsDownToTheLowWatermark() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withMaxPendingBytes(MAX_PENDING);
        List<Long> pendingAtResume = new ArrayList<>(); // written by the reactor thread, read once it is closed
        // What the server holds for the connection at the very moment it resumes reading, as the Handler tells it
        // (not at the next read: the client's next bytes may come several flushes later on a quiet machine).
        SelectorCounters counts = new SelectorCounters() {
            @Override
            public void readingPaused(SocketChannel channel, boolean paused, long pendingBytes) {
                super.readingPaused(channel, paused, pendingBytes);
                if (!paused) {
                    pendingAtResume.add(pendingBytes);
                }
            }
        };
        byte[] data = new byte[64 << 20]; // many times the bound and the kernels' buffers: many pauses
        new Random(11).nextBytes(data);
        ByteBuffer back = ByteBuffer.allocate(data.length);
        try (SelectorServer server = new SelectorServer(config, SelectorChapter.ID, () -> Processor.RAW_ECHO, counts);
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
        }
        // Not long after: one flush can take several MiB at once (the kernel's buffers grow), so a single resume
        // may come well below the mark; but a server that resumes only far below it (a quarter, or only once all
        // is drained) never comes near it. Most resumes land just under the mark.
        long highest = pendingAtResume.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(highest > config.resumeReadingBelow() / 2, "reading resumed only with at most " + highest
                + " bytes pending, long after the output fell to the low watermark of "
                + config.resumeReadingBelow() + ": " + pendingAtResume);
    }
}
