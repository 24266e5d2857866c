package echo.selector;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.testkit.NonBlockingRobustnessContract;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that writes and never reads its echo. Without a bound, the server would buffer everything it sends:
 * 64 MiB here, any amount in general. With the watermarks, the server stops reading from that client once its
 * pending output passes {@code maxPendingBytes}; TCP's flow control then stops the client itself.
 *
 * <p>The never-reader held to the bound, the slow reader resumed, the end of input with output pending and 1,000
 * idle connections are testkit's {@link NonBlockingRobustnessContract} (the same as 09's), read from the
 * {@link SelectorCounters} 05's loop reports to; what only 05 checks, the low watermark's pause count, is here.
 */
class BackpressureTest extends NonBlockingRobustnessContract {
    private final SelectorCounters counts = new SelectorCounters(); // what the server tells: the figures read here

    @Override
    protected EchoServer start(ServerConfig config) throws IOException {
        SelectorServer server = new SelectorServer(config, SelectorChapter.ID, () -> Processor.RAW_ECHO, counts);
        server.start();
        return server;
    }

    @Override
    protected Probe probe(EchoServer server) {
        return Probe.of(counts::openConnections, counts::pausedConnections, counts::bufferedBytes,
                counts::maxPendingSeen, counts::endsWithOutputPending);
    }

    /**
     * The two watermarks. After a pause, reading resumes only once the output is down to resumeReadingBelow()
     * (half the bound), so each pause lets at least the difference in before the next: at most
     * 1 + bytes / (maxPendingBytes - resumeReadingBelow() - one MIN_BUFFER of slack) pauses. With one watermark a
     * client hovering at the limit would flip OP_READ at every read: about twice as many.
     */
    @Test
    void aReaderAtTheLimitIsPausedOnlyAsOftenAsTheLowWatermarkAllows() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0);
        byte[] data = new byte[16 << 20];
        new Random(6).nextBytes(data);
        try (EchoServer server = start(config); SocketChannel slow = SocketChannel.open(server.address())) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    slow.write(ByteBuffer.wrap(data));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await(() -> counts.pausedConnections() == 1, "reading should pause while the client does not read");
            ByteBuffer back = ByteBuffer.allocate(data.length);
            ByteBuffer small = ByteBuffer.allocate(4096); // reads in small steps: the output hovers at the limit
            while (back.hasRemaining() && slow.read(small.clear()) >= 0) {
                back.put(small.flip());
            }
            writing.get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, back.array());
        }
        long admittedPerPause = config.maxPendingBytes() - config.resumeReadingBelow() - Handler.MIN_BUFFER;
        long most = 1 + data.length / admittedPerPause;
        System.out.printf("16 MiB through a client reading 4 KiB at a time: %d pauses (at most %d allowed)%n",
                counts.pauses(), most);
        assertTrue(counts.pauses() >= 1 && counts.pauses() <= most, counts.pauses() + " pauses, at most " + most);
    }
}
