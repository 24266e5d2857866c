package echo.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;

import java.io.IOException;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/** Echoes back whatever it receives: bytes as they came in (raw), or whole frames (framed). */
@Sharable
final class EchoHandler extends ChannelInboundHandlerAdapter {
    private final System.Logger log;

    EchoHandler(System.Logger log) {
        this.log = log;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.log(DEBUG, "client " + ctx.channel().remoteAddress() + " connected");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg); // queued, not sent: Netty releases the buffer once it is written
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // one flush for everything this round of reads produced
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Backpressure: a client that does not read its echo stops being read from, until it catches up.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            // The client half-closed: everything it sent has been read, so send what is pending, then close.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String client = "client " + ctx.channel().remoteAddress();
        if (cause instanceof IOException) {
            log.log(INFO, client + " dropped: " + cause.getMessage()); // a reset: the network's doing, one line
        } else if (cause instanceof DecoderException && cause.getCause() == null) {
            log.log(INFO, client + " closed: " + cause.getMessage()); // (framed) a length over the max: the client's
        } else {
            // Anything else is a bug in a handler (or a decoder, which wraps it): its stack trace says where.
            log.log(WARNING, client + " closed: " + cause, cause);
        }
        ctx.close(); // either way, only this connection goes
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        log.log(DEBUG, "client " + ctx.channel().remoteAddress() + " done");
    }
}
