package echo.netty;

import echo.common.Frames;
import echo.common.Net;
import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.TooLongFrameException;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Chapter 08's {@code --trace} and {@code --stats}. Netty's pipeline already is an events interface (each handler
 * method is an event, and a handler that does nothing else passes it on), so the watcher is a handler too, at the
 * head of each connection's pipeline, the way Netty's own {@code LoggingHandler} watches: it sees every event pass
 * (active, each read, writability, the half-close, inactive), tells it, and passes it on. {@link EchoHandler} and
 * {@link FrameDecoder}, the lesson, carry no event calls. What the echo does about an event shows in the state it
 * leaves: auto-read is read before and after a writability change has gone down the pipeline. With
 * {@code --framed} a second handler, behind the decoder, sees each whole frame and a refused length.
 * See DESIGN.md, "How a chapter adds tracing".
 *
 * <p>Events arrive on event-loop threads (here one); the stats thread reads the figures, so they are kept in
 * thread-safe places: the open channels in a concurrent set (their pending bytes and auto-read are Netty's own
 * volatile fields), the totals in {@code LongAdder}s. Every line is built only when the trace is on.
 */
final class NettyWatcher implements Stats.Source {
    /** Nobody watches: {@link #observe} adds nothing, so an unwatched server's pipeline is only its lesson. */
    static final NettyWatcher NONE = new NettyWatcher(Trace.OFF, false);

    private final Trace trace;
    private final boolean framed;
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final LongAdder reads = new LongAdder();
    private final LongAdder frames = new LongAdder();
    private final LongAdder refused = new LongAdder();

    NettyWatcher(Trace trace, boolean framed) {
        this.trace = trace;
        this.framed = framed;
    }

    /** What the chapter's factory hands its server: {@link #NONE} when nothing watches, else one on --stats. */
    static NettyWatcher of(Watch watch, boolean framed) {
        return watch.on() ? watch.report(new NettyWatcher(watch.trace(), framed)) : NONE;
    }

    /** Called as a connection's pipeline is set up: a handler at its head, and one behind the decoder if any. */
    void observe(ChannelPipeline pipeline) {
        if (this == NONE) {
            return;
        }
        Observer observer = new Observer();
        pipeline.addFirst(observer);
        if (pipeline.get(FrameDecoder.class) != null) {
            pipeline.addAfter(pipeline.context(FrameDecoder.class).name(), null, observer.frames());
        }
    }

    @Override
    public void sample(Stats.Sample sample) {
        long pending = 0;
        long paused = 0;
        for (Channel channel : open) {
            pending += pending(channel);
            paused += channel.config().isAutoRead() ? 0 : 1;
        }
        sample.count("connections", open.size()).count("pending output bytes", pending).count("paused", paused)
                .perSecond("reads", reads.sum());
        if (framed) {
            sample.perSecond("frames", frames.sum()).count("refused", refused.sum());
        }
    }

    /** One connection's watcher (it remembers why the connection ends); the first handler of its pipeline. */
    private final class Observer extends ChannelDuplexHandler {
        private String why; // set by what ends the connection, told when it is inactive

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            open.add(ctx.channel());
            if (trace.on()) {
                trace.event("active " + name(ctx) + ": connection accepted (open: " + open.size() + ")");
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            reads.increment();
            if (trace.on() && msg instanceof ByteBuf bytes) {
                trace.event("read " + bytes.readableBytes() + " bytes from " + name(ctx) + preview(bytes));
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            Channel channel = ctx.channel();
            if (trace.on()) {
                trace.event(String.format(Locale.ROOT, channel.isWritable()
                                ? "writability on for %s: %,d bytes pending in the outbound buffer, back under the"
                                + " low watermark (%,d)"
                                : "writability off for %s: %,d bytes pending in the outbound buffer, over the high"
                                + " watermark (%,d)", name(ctx), pending(channel), channel.isWritable()
                                ? channel.config().getWriteBufferLowWaterMark()
                                : channel.config().getWriteBufferHighWaterMark()));
            }
            boolean reading = channel.config().isAutoRead();
            super.channelWritabilityChanged(ctx); // EchoHandler answers by setting auto-read
            if (trace.on() && reading != channel.config().isAutoRead()) {
                trace.event(reading ? "auto-read off for " + name(ctx) + ": not read until its echo drains"
                        + " (backpressure)" : "auto-read on for " + name(ctx) + ": read again");
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof ChannelInputShutdownEvent) {
                why = "its input ended, everything pending sent";
                if (trace.on()) {
                    trace.event(String.format(Locale.ROOT, "input shutdown from %s: end of input (half-close),"
                            + " %,d bytes pending", name(ctx), pending(ctx.channel())));
                }
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (cause instanceof IOException) {
                why = "dropped: " + cause.getMessage(); // what the transport met, a reset: as the log says it
            }
            super.exceptionCaught(ctx, cause);
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
            if (why == null) {
                why = "by the server"; // nothing above explains it: the server is stopping (or a handler failed)
            }
            super.close(ctx, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            open.remove(ctx.channel());
            if (trace.on()) {
                trace.event("inactive " + name(ctx) + ": closed, " + (why == null ? "by the client" : why)
                        + " (open: " + open.size() + ")");
            }
            super.channelInactive(ctx);
        }

        /** The handler behind the decoder: it sees whole frames, and the decoder's refusal of a length. */
        ChannelInboundHandlerAdapter frames() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                    frames.increment();
                    if (trace.on() && msg instanceof ByteBuf frame) {
                        trace.event("frame of " + (frame.readableBytes() - Frames.HEADER_BYTES) + " bytes from "
                                + name(ctx));
                    }
                    super.channelRead(ctx, msg);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
                    if (cause instanceof TooLongFrameException) {
                        refused.increment();
                        why = "frame refused";
                        if (trace.on()) {
                            trace.event("refused a frame from " + name(ctx) + ": " + cause.getMessage());
                        }
                    }
                    super.exceptionCaught(ctx, cause);
                }
            };
        }
    }

    /** The bytes waiting in the channel's outbound buffer (Netty's count, with its per-write overhead). */
    private static long pending(Channel channel) {
        ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer(); // null once the channel is closed
        return unsent == null ? 0 : unsent.totalPendingWriteBytes();
    }

    private static String name(ChannelHandlerContext ctx) {
        return Net.describe(ctx.channel().remoteAddress());
    }

    /** A --trace=bytes preview of what a read brought (copies only the few bytes shown). */
    private String preview(ByteBuf bytes) {
        if (!trace.bytes()) {
            return "";
        }
        byte[] shown = new byte[Math.min(bytes.readableBytes(), Trace.PREVIEW_BYTES + 1)];
        bytes.getBytes(bytes.readerIndex(), shown);
        return trace.preview(shown, 0, shown.length);
    }
}
