package echo.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * 06's decoder: waits for a whole frame, refuses a length over the max before allocating anything, and passes
 * each frame on as it came, header included. One change to Netty's: it decodes only while the channel is
 * writable. A plain decoder turns everything one read brought into frames at once, and the echo queues every one:
 * a 64 KiB read of empty frames is 16,384 queued writes (about 3 MB of heap), whatever the watermark says, because
 * the watermark only stops the next read. So once the echo is over the high mark, the rest stays here as bytes
 * (at most what one read brought), and decoding resumes when the channel turns writable again. A half-close that
 * arrives (writable or not) waits until a decode pass has ended writable, so only a fragment is left: Netty's
 * decoder decodes once more on it, then drops whatever its last pass left undecoded.
 * One per connection (it holds that connection's bytes).
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    private ChannelInputShutdownEvent heldHalfClose;
    private boolean resuming;
    private boolean resumeAgain;

    FrameDecoder(int header, int maxFrame) {
        super(header + maxFrame, 0, header, 0, 0);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (!ctx.channel().isWritable()) {
            return null; // backpressure: leave the bytes undecoded until the echo has drained
        }
        return super.decode(ctx, in);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            resume(ctx);
        }
        ctx.fireChannelWritabilityChanged(); // then EchoHandler sets autoRead to what writability is now
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent halfClose) {
            // Always held, even if writable now: Netty's decoder decodes once more on it, then releases what is
            // left, and if the echo of those frames crosses the high mark our decode() declines the rest, which
            // would be dropped. resume() passes it on once a whole pass ended writable: only a fragment is left.
            heldHalfClose = halfClose;
            if (ctx.channel().isWritable()) {
                resume(ctx); // else the turn to writable resumes
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    /** Decodes what is left, as if no bytes had arrived; in a loop, not by recursion, if that turns writable. */
    private void resume(ChannelHandlerContext ctx) throws Exception {
        if (resuming) {
            resumeAgain = true;
            return;
        }
        resuming = true;
        try {
            do {
                resumeAgain = false;
                channelRead(ctx, Unpooled.EMPTY_BUFFER);
                channelReadComplete(ctx); // EchoHandler flushes
            } while (resumeAgain && ctx.channel().isWritable());
        } finally {
            resuming = false;
        }
        if (heldHalfClose != null && ctx.channel().isWritable()) { // every whole frame is decoded
            ChannelInputShutdownEvent halfClose = heldHalfClose;
            heldHalfClose = null;
            super.userEventTriggered(ctx, halfClose);
        }
    }
}
