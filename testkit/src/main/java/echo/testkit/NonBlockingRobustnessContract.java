package echo.testkit;

import echo.common.EchoServer;
import echo.common.Logs;
import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a raw-echo server built on non-blocking channels with a bound on pending output must show, beyond the
 * protocol: a client that never reads is held to the bound and stalls nobody, a slow reader resumes and loses
 * nothing, the end of input with output still pending delivers every byte, and a thousand idle connections do
 * not keep a fresh client waiting. A chapter's test names its server and says how to read its own counters
 * ({@link Probe}), since "held to the bound" is a fact about the server's memory, not about bytes on the wire.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class NonBlockingRobustnessContract {
    static {
        Logs.init();
    }

    /** What the server itself reports, summed over its loops. */
    public interface Probe {
        int openConnections();

        /** Connections whose reading is paused because their client does not read (backpressure). */
        int pausedConnections();

        /** Pending-output memory held for all connections right now. */
        long bufferedBytes();

        /** The most pending-output memory one connection has held at once. */
        long maxPendingSeen();

        /** Ends of input (half-closes) read while output was still pending for that client. */
        long endsWithOutputPending();

        /** A probe from the five figures, e.g. {@code Probe.of(counts::openConnections, ...)} on a chapter's counters. */
        static Probe of(IntSupplier open, IntSupplier paused, LongSupplier buffered, LongSupplier maxPending,
                        LongSupplier endsWithOutputPending) {
            return new Probe() {
                @Override
                public int openConnections() {
                    return open.getAsInt();
                }

                @Override
                public int pausedConnections() {
                    return paused.getAsInt();
                }

                @Override
                public long bufferedBytes() {
                    return buffered.getAsLong();
                }

                @Override
                public long maxPendingSeen() {
                    return maxPending.getAsLong();
                }

                @Override
                public long endsWithOutputPending() {
                    return endsWithOutputPending.getAsLong();
                }
            };
        }
    }

    /** A started server with {@code config}, and how to read its counters. */
    protected abstract EchoServer start(ServerConfig config) throws IOException;

    protected abstract Probe probe(EchoServer server);

    @Test
    void aClientThatNeverReadsIsHeldToTheBoundAndStallsNobody() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0);
        try (EchoServer server = start(config)) {
            Probe probe = probe(server);
            SocketChannel neverReads = SocketChannel.open(server.address()); // blocking: write() waits when full
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                try {
                    while (written.get() < (64 << 20)) {
                        written.addAndGet(neverReads.write(chunk.clear()));
                    }
                } catch (IOException closedByTheTest) {
                    // expected: the test closes the channel once it has seen what it came for
                }
            });
            try {
                await(() -> probe.pausedConnections() == 1, "the server should stop reading from the client");
                try (TestClient healthy = TestClient.connect(server.address())) {
                    Random random = new Random(3);
                    for (int i = 0; i < 100; i++) {
                        byte[] message = new byte[1 + random.nextInt(4096)];
                        random.nextBytes(message);
                        assertArrayEquals(message, healthy.echo(message), "the others are served as usual");
                    }
                }
                long bound = config.maxPendingBytes() + config.readBufferSize();
                System.out.printf("never-reading client: wrote %d bytes before TCP stopped it; server buffered"
                                + " %d bytes for it (most ever: %d; bound: maxPendingBytes %d + read buffer %d = %d)%n",
                        written.get(), probe.bufferedBytes(), probe.maxPendingSeen(), config.maxPendingBytes(),
                        config.readBufferSize(), bound);
                assertTrue(probe.maxPendingSeen() <= bound,
                        "pending output peaked at " + probe.maxPendingSeen() + " bytes, over the bound of " + bound);
                assertTrue(probe.bufferedBytes() <= bound, "buffered now: " + probe.bufferedBytes());
                assertTrue(written.get() < (64 << 20), "the client must be stopped long before 64 MiB: it wrote "
                        + written.get() + " bytes, which only the kernels' socket buffers (not the server) hold");
                assertEquals(1, probe.pausedConnections());
            } finally {
                neverReads.close();
                writer.get(30, TimeUnit.SECONDS);
            }
            await(() -> probe.openConnections() == 0 && probe.bufferedBytes() == 0 && probe.pausedConnections() == 0,
                    "the never-reader's connection closed, its pending output and pause released with it");
        }
    }

    /** The low watermark: once the client reads again, the server reads again, and every byte comes back. */
    @Test
    void aSlowReaderResumesAndGetsEveryByte() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0);
        byte[] data = new byte[32 << 20]; // far more than the kernels' socket buffers hold: the server must pause
        new Random(4).nextBytes(data);
        try (EchoServer server = start(config); TestClient slow = TestClient.connect(server.address())) {
            Probe probe = probe(server);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    slow.write(data);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await(() -> probe.pausedConnections() == 1, "reading should pause while the client does not read");
            byte[] back = slow.read(data.length); // now read: the output drains, reading resumes, and so on
            writing.get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, back);
            await(() -> probe.pausedConnections() == 0, "everything read back: reading resumed, nothing paused");
            assertTrue(probe.maxPendingSeen() <= config.maxPendingBytes() + config.readBufferSize());
        }
    }

    /**
     * Half-close made deterministic: the server reads the end of input while it still holds output for the
     * client (a 4 KiB receive window, nothing read until the server says so), and must send all of it first.
     */
    @Test
    void endOfInputWithOutputPendingStillDeliversEveryByte() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(5).nextBytes(data);
        ServerConfig config = ServerConfig.defaults().withPort(0).withMaxPendingBytes(64 << 20); // never pauses
        try (EchoServer server = start(config); SocketChannel client = SocketChannel.open()) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: it sets the window
            client.connect(server.address());
            client.write(ByteBuffer.wrap(data)); // returns once the server has read it all
            client.shutdownOutput();
            await(() -> probe(server).endsWithOutputPending() == 1, "the end of input read with output pending");
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (client.read(buffer.clear()) >= 0) {
                back.write(buffer.array(), 0, buffer.position());
            }
            assertEquals(data.length, back.size(), "every byte pending at the end of input must arrive");
            assertArrayEquals(data, back.toByteArray());
            assertEquals(1, probe(server).endsWithOutputPending(), "end of input read again and again");
        }
    }

    /** A thousand connections that say nothing cost a fresh client nothing: it is accepted and echoed at once. */
    @Test
    void aThousandIdleConnectionsThenAHealthyClient() throws Exception {
        try (EchoServer server = start(ServerConfig.defaults().withPort(0).withBacklog(2048));
             TestClient firstIdle = TestClient.connect(server.address())) {
            List<SocketChannel> idle = new ArrayList<>(); // plain channels: a TestClient holds two selectors
            try {
                for (int i = 1; i < 1000; i++) {
                    idle.add(SocketChannel.open(server.address()));
                }
                await(() -> probe(server).openConnections() == 1000, "all 1,000 idle connections accepted");
                try (TestClient healthy = TestClient.connect(server.address())) {
                    for (int i = 0; i < 100; i++) {
                        byte[] message = ("message " + i).getBytes();
                        assertArrayEquals(message, healthy.echo(message));
                    }
                }
                assertArrayEquals("still here".getBytes(), firstIdle.echo("still here".getBytes()),
                        "the first idle connection is still served");
            } finally {
                for (SocketChannel channel : idle) {
                    channel.close();
                }
            }
        }
    }

    /** Waits for a condition the server reaches on its own; bounded, and it fails with what it was waiting for. */
    public static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out: " + what);
            }
            Thread.sleep(10);
        }
    }
}
