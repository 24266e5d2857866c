package echo.selector;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A client that writes and never reads its echo. Without a bound, the server would buffer everything it sends:
 * 64 MiB here, any amount in general. With the watermarks, the server stops reading from that client once its
 * pending output passes {@code maxPendingBytes}; TCP's flow control then stops the client itself.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackpressureTest {
    private final SelectorCounters counts = new SelectorCounters(); // what the server tells: the figures read here
    private static final int SIXTY_FOUR_MIB = 64 << 20;
    private final ServerConfig config = ServerConfig.defaults().withPort(0);
    private SelectorServer server;

    @BeforeEach
    void start() throws IOException {
        server = new SelectorServer(config, SelectorChapter.ID, () -> Processor.RAW_ECHO, counts);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientThatNeverReadsIsHeldToTheBoundAndStallsNobody() throws Exception {
        SocketChannel neverReads = SocketChannel.open(server.address()); // blocking: its write() waits when full
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            try {
                while (written.get() < SIXTY_FOUR_MIB) {
                    written.addAndGet(neverReads.write(chunk.clear()));
                }
            } catch (IOException closedByTheTest) {
                // expected: the test closes the channel once it has seen what it came for
            }
        });
        try {
            await(() -> counts.pausedConnections() == 1, "the server should stop reading from the client");

            long bound = config.maxPendingBytes() + config.readBufferSize();
            try (TestClient healthy = TestClient.connect(server.address())) {
                Random random = new Random(3);
                for (int i = 0; i < 100; i++) {
                    byte[] message = new byte[1 + random.nextInt(4096)];
                    random.nextBytes(message);
                    assertArrayEquals(message, healthy.echo(message), "the others are served as usual");
                }
            }
            System.out.printf("never-reading client: wrote %d bytes before TCP stopped it; server buffered"
                            + " %d bytes for it (most ever: %d; bound: maxPendingBytes %d + read buffer %d = %d)%n",
                    written.get(), counts.bufferedBytes(), counts.maxPendingSeen(), config.maxPendingBytes(),
                    config.readBufferSize(), bound);
            assertTrue(counts.maxPendingSeen() <= bound,
                    "pending output peaked at " + counts.maxPendingSeen() + " bytes, over the bound of " + bound);
            assertTrue(counts.bufferedBytes() <= bound, "buffered now: " + counts.bufferedBytes());
            assertTrue(written.get() < SIXTY_FOUR_MIB, "the client must be stopped long before 64 MiB: it wrote "
                    + written.get() + " bytes, which only the kernels' socket buffers (not the server) hold");
            assertEquals(1, counts.pausedConnections());
        } finally {
            neverReads.close();
            writer.get(30, TimeUnit.SECONDS);
        }
        // The three counters change one after another on the reactor thread: wait for all of them.
        await(() -> counts.openConnections() == 0 && counts.bufferedBytes() == 0 && counts.pausedConnections() == 0,
                "the never-reader's connection should be closed, and its pending output and pause released with it");
    }

    /** The low watermark: once the client reads again, the server reads again, and every byte comes back. */
    @Test
    void aSlowReaderResumesAndGetsEveryByte() throws Exception {
        // Far more than the kernels' socket buffers hold (about 7.5 MiB here), so the server must pause.
        byte[] data = new byte[64 << 20];
        new Random(4).nextBytes(data);
        try (TestClient slow = TestClient.connect(server.address())) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    slow.write(data);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await(() -> counts.pausedConnections() == 1, "reading should pause while the client does not read");
            byte[] back = slow.read(data.length); // now read: the output drains, reading resumes, and so on
            writing.get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, back);
            await(() -> counts.pausedConnections() == 0, "everything read back: reading resumed, nothing paused");
        }
        assertTrue(counts.maxPendingSeen() <= config.maxPendingBytes() + config.readBufferSize());
    }

    /**
     * The two watermarks. After a pause, reading resumes only once the output is down to resumeReadingBelow()
     * (half the bound), so each pause lets at least the difference in before the next: at most
     * 1 + bytes / (maxPendingBytes - resumeReadingBelow() - one MIN_BUFFER of slack) pauses. With one watermark a
     * client hovering at the limit would flip OP_READ at every read: about twice as many.
     */
    @Test
    void aReaderAtTheLimitIsPausedOnlyAsOftenAsTheLowWatermarkAllows() throws Exception {
        byte[] data = new byte[16 << 20];
        new Random(6).nextBytes(data);
        try (SocketChannel slow = SocketChannel.open(server.address())) {
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

    /** Waits for a condition the server reaches on its own; bounded, and it fails with what it was waiting for. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out: " + what);
            }
            Thread.sleep(10);
        }
    }
}
