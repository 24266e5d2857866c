package echo.netty;

import echo.common.Frames;
import echo.common.Logs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The framed pipeline (FrameDecoder, then EchoHandler) on Netty's in-memory channel: no sockets, no threads, so
 * every step is exact. Writes are counted where they leave the pipeline, between two flushes.
 */
class FrameDecoderTest {
    private final WritesPerFlush counter = new WritesPerFlush();

    private EmbeddedChannel framedPipeline(int low, int high) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(low, high));
        channel.pipeline().addLast(counter, new FrameDecoder(Frames.HEADER_BYTES, 1 << 20),
                new EchoHandler(Logs.logger("08-netty-framed")));
        return channel;
    }

    /**
     * One 64 KiB read of empty frames is 16,384 frames. Decoded at once, all of them would be queued before the
     * first flush, far past the 64 KiB high mark (each counts 4 bytes plus Netty's per-message estimate). The
     * decoder stops once the channel turns unwritable, and goes on when the flush has made it writable again.
     */
    @Test
    void aReadOfEmptyFramesIsQueuedNoFurtherThanTheHighMark() {
        EmbeddedChannel channel = framedPipeline(32 * 1024, 64 * 1024);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[64 * 1024]));

        assertArrayEquals(new byte[64 * 1024], echoed(channel), "every frame echoed, in the end");
        assertTrue(counter.most > 0 && counter.most <= 1_000,
                "writes queued before one flush: " + counter.most + " (16,384 if the decoder ignores writability)");
        assertTrue(channel.config().isAutoRead(), "reading is on again once the echo has drained");
        channel.finishAndReleaseAll();
    }

    /**
     * A half-close that arrives while the echo is over the high mark waits until the frames read before it are
     * decoded and queued: Netty's decoder would drop its undecoded bytes on the half-close, and EchoHandler closes
     * once what is queued is written. The output is: what was pending, both frames, then the close.
     */
    @Test
    void aHalfCloseWhileOverTheHighMarkWaitsForTheFramesBeforeIt() {
        EmbeddedChannel channel = framedPipeline(8, 16);
        channel.write(Unpooled.wrappedBuffer(new byte[32])); // pending, not flushed: over the high mark
        assertFalse(channel.isWritable());
        assertFalse(channel.config().isAutoRead(), "the decoder passes the writability event on to EchoHandler");
        ByteBuf frames = Unpooled.wrappedBuffer(Frames.encode("a".getBytes()), Frames.encode("bc".getBytes()));
        channel.pipeline().fireChannelRead(frames); // a read (its "read complete", which flushes, comes later)
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertTrue(channel.isOpen(), "not closed while frames wait to be decoded");

        channel.flush(); // the client reads: writable again
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[32]);
        expected.writeBytes(Frames.encode("a".getBytes()).array());
        expected.writeBytes(Frames.encode("bc".getBytes()).array());
        assertArrayEquals(expected.toByteArray(), echoed(channel), "what was pending, then both frames");
        assertFalse(channel.isOpen(), "then the half-close closes the connection");
        channel.finishAndReleaseAll();
    }

    /**
     * A half-close that arrives while writable, with whole frames still undecoded (a writability change Netty
     * delivers later, here the user-defined kind a traffic shaper uses), must not go straight to Netty's decoder:
     * it decodes once more, our decode() declines once the echo of the first frame crosses the high mark, and it
     * releases the rest. All three frames come back, then the close.
     */
    @Test
    void aHalfCloseWhileWritableWithFramesLeftGetsThemAll() {
        EmbeddedChannel channel = framedPipeline(8, 16);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        channel.runPendingTasks(); // the handlers see the channel unwritable
        ByteBuf frames = Unpooled.wrappedBuffer(Frames.encode("a".getBytes()), Frames.encode("bc".getBytes()),
                Frames.encode("def".getBytes()));
        channel.pipeline().fireChannelRead(frames); // held as bytes
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true); // writable; its event comes later
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        channel.runPendingTasks();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(Frames.encode("a".getBytes()).array());
        expected.writeBytes(Frames.encode("bc".getBytes()).array());
        expected.writeBytes(Frames.encode("def".getBytes()).array());
        assertArrayEquals(expected.toByteArray(), echoed(channel), "all three frames (only the first, unfixed)");
        assertFalse(channel.isOpen(), "then the half-close closes the connection");
        channel.finishAndReleaseAll();
    }

    private static byte[] echoed(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; buf.release()) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** The most writes that went out between two flushes. */
    private static final class WritesPerFlush extends ChannelOutboundHandlerAdapter {
        int writes;
        int most;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            writes++;
            most = Math.max(most, writes);
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            writes = 0;
            ctx.flush();
        }
    }
}
