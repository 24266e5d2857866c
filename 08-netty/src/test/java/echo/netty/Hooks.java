package echo.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A test's way into a running {@link NettyServer}: see each connection it accepts, before Netty sets it up. */
final class Hooks {
    private Hooks() {
    }

    /**
     * Calls {@code onAccept} with every connection accepted from now on, before its pipeline is initialised, so a
     * handler it adds with {@code addFirst} sits ahead of the echo. The hook is added on the event loop itself and
     * waited for: added from another thread it would only take effect when the loop got round to it, and a
     * connection accepted in between would slip past.
     */
    static void onEachConnection(NettyServer server, Consumer<Channel> onAccept) throws Exception {
        Channel listener = server.listener();
        listener.eventLoop().submit(() -> listener.pipeline().addFirst(new Peek(onAccept))).get(30, TimeUnit.SECONDS);
    }

    @Sharable
    private static final class Peek extends ChannelInboundHandlerAdapter {
        private final Consumer<Channel> onAccept;

        Peek(Consumer<Channel> onAccept) {
            this.onAccept = onAccept;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object accepted) {
            onAccept.accept((Channel) accepted); // a listening channel's "messages" are the connections it accepts
            ctx.fireChannelRead(accepted);
        }
    }
}
