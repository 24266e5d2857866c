package echo.netty;

import echo.common.ServerConfig;
import echo.common.Transport;
import echo.testkit.TestClient;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Chapter 05's bound, on Netty: a client that writes and never reads is held to the write-buffer watermark (its
 * unsent echo never grows past the high mark plus one read), the server stops reading from it, everyone else is
 * served meanwhile, and once it reads, every byte comes back in order: pausing loses nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackpressureTest {
    /** Netty sizes each read itself (AdaptiveRecvByteBufAllocator); this is its largest. */
    private static final int LARGEST_READ = 64 * 1024;
    /** Netty counts each queued write as its bytes plus an estimate of its bookkeeping (96 bytes by default). */
    private static final int ENTRY_OVERHEAD = 96;

    private final ServerConfig config = ServerConfig.defaults().withPort(0); // high mark 64 KiB, low 32 KiB
    private NettyServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** On every transport: the watermark is Netty's, but each transport has its own read and write paths. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientThatNeverReadsIsHeldToTheWatermarkWhileOthersAreServed(Transport transport) throws Exception {
        Available.assume(transport);
        server = (NettyServer) new NettyChapter().create(config.withTransport(transport));
        server.start();
        Watch watch = new Watch();
        Hooks.onEachConnection(server, watch::accepted);
        byte[] data = new byte[32 << 20]; // far more than the kernel's socket buffers on both sides can hold
        new Random(5).nextBytes(data);

        try (TestClient neverReads = TestClient.connect(server.address())) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    neverReads.write(data);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Channel connection = watch.awaitConnection();
            awaitReadingPaused(connection, writing);

            try (TestClient healthy = TestClient.connect(server.address())) {
                for (int i = 0; i < 100; i++) {
                    byte[] message = ("message " + i).getBytes();
                    assertArrayEquals(message, healthy.echo(message), "others are served while one is paused");
                }
            }

            // Now it reads: everything comes back, in order, and the writer gets to finish.
            for (int at = 0; at < data.length; at += 1 << 20) {
                byte[] chunk = neverReads.read(1 << 20);
                assertTrue(Arrays.equals(data, at, at + chunk.length, chunk, 0, chunk.length),
                        "bytes " + at + ".. came back changed");
            }
            writing.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        assertTrue(watch.pauses.get() >= 1, "the channel should have turned unwritable at least once");
        long bound = config.maxPendingBytes() + LARGEST_READ + ENTRY_OVERHEAD;
        assertTrue(watch.peakPending.get() <= bound, "unsent echo peaked at " + watch.peakPending.get()
                + " bytes; the bound is the high mark + one read = " + bound);
        System.out.printf("never-reader on %s: 32 MiB echoed; unsent echo peaked at %d bytes (high mark %d, bound %d),"
                + " paused %d times%n", transport, watch.peakPending.get(), config.maxPendingBytes(), bound, watch.pauses.get());
    }

    /** Bounded wait until the server has stopped reading from {@code connection} (auto-read off). */
    private static void awaitReadingPaused(Channel connection, CompletableFuture<Void> writing) throws Exception {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (connection.config().isAutoRead()) {
            if (writing.isDone() || System.nanoTime() > deadline) {
                fail("the server never stopped reading from a client that does not read");
            }
            Thread.sleep(10);
        }
    }

    /** Watches the first connection the server accepts (the never-reader): its peak unsent output and pauses. */
    private static final class Watch {
        final AtomicReference<Channel> connection = new AtomicReference<>();
        final AtomicLong peakPending = new AtomicLong();
        final AtomicInteger pauses = new AtomicInteger();

        void accepted(Channel child) {
            if (connection.compareAndSet(null, child)) {
                child.pipeline().addFirst(new Recorder()); // first in the pipeline: every write passes through it
            }
        }

        Channel awaitConnection() throws InterruptedException {
            long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
            while (connection.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(connection.get() != null, "the server never accepted the connection");
            return connection.get();
        }

        private final class Recorder extends ChannelDuplexHandler {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ctx.write(msg, promise);
                ChannelOutboundBuffer unsent = ctx.channel().unsafe().outboundBuffer();
                if (unsent != null) {
                    peakPending.accumulateAndGet(unsent.totalPendingWriteBytes(), Math::max);
                }
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (!ctx.channel().isWritable()) {
                    pauses.incrementAndGet();
                }
                ctx.fireChannelWritabilityChanged();
            }
        }
    }
}
