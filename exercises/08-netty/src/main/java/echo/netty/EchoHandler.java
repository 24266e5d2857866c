package echo.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Exercise 08: chapter 08's handler with its lesson taken out (three TODOs: echo, backpressure, half-close).
 * Judge it with {@code mvn -q -pl exercises/08-netty test -Dexercise}. The solution is the chapter's own class,
 * 08-netty/src/main/java/echo/netty/EchoHandler.java.
 *
 * <p>Echoes back whatever it receives: bytes as they came in (raw), or whole frames (framed).
 */
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
        // TODO exercise 08, part 1: echo msg (a ByteBuf: the bytes as they came, or a whole frame with --framed).
        // Who releases it? (Netty does, once it is written.) Send many, flush once: channelReadComplete() comes
        // after each round of reads. As it is, the bytes are dropped and the client closed unanswered.
        ReferenceCountUtil.release(msg);
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // TODO exercise 08, part 1 (continued)
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // TODO exercise 08, part 2 (backpressure): the channel turns unwritable when its outbound buffer passes
        // the high watermark (WRITE_BUFFER_WATER_MARK, set in NettyServer) and writable again below the low one.
        // A client that does not read its echo must stop being read from until it catches up (auto-read).
        // Hint: 08-netty/README.md, "The code".
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // TODO exercise 08, part 3 (half-close): a ChannelInputShutdownEvent means the client shut its output
        // (ALLOW_HALF_CLOSURE is on). Everything it sent has been read: send what is pending, and then close.
        // As it is, the connection is closed at once, and what is pending is lost.
        if (event instanceof ChannelInputShutdownEvent) {
            ctx.close();
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
