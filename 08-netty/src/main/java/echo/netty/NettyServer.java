package echo.netty;

import echo.common.EchoServer;
import echo.common.Frames;
import echo.common.Logs;
import echo.common.Net;
import echo.common.ServerConfig;
import echo.common.Threads;
import echo.common.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Chapter 08: the echo server on Netty (one event loop; NIO by default, or epoll or io_uring), raw or framed.
 * Every part is one that an earlier chapter built by hand; here each is a line of configuration.
 */
public final class NettyServer implements EchoServer {
    private static final int HEADER = Frames.HEADER_BYTES;

    private final ServerConfig config;
    private final String id;
    private final boolean framed;
    private final Function<Transport, Throwable> whyUnavailable;
    private final NettyWatcher watcher;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private EventLoopGroup group;
    private ChannelGroup channels; // the listener and every open connection (a closed one leaves by itself)
    private Channel listener;
    private boolean closed;

    NettyServer(ServerConfig config, String id, boolean framed) {
        this(config, id, framed, NettyWatcher.NONE);
    }

    /** {@code watcher}: what {@code --trace} and {@code --stats} see of each connection (NONE: nothing added). */
    NettyServer(ServerConfig config, String id, boolean framed, NettyWatcher watcher) {
        this(config, id, framed, Transports::unavailabilityCause, watcher);
    }

    /** {@code whyUnavailable}: a test's seam, to see what a machine without a native transport is told. */
    NettyServer(ServerConfig config, String id, boolean framed, Function<Transport, Throwable> whyUnavailable) {
        this(config, id, framed, whyUnavailable, NettyWatcher.NONE);
    }

    private NettyServer(ServerConfig config, String id, boolean framed,
                        Function<Transport, Throwable> whyUnavailable, NettyWatcher watcher) {
        this.config = config;
        this.id = id;
        this.framed = framed;
        this.whyUnavailable = whyUnavailable;
        this.watcher = watcher;
    }

    @Override
    public void start() throws IOException {
        Net.requireNotStarted(group, closed); // once (EchoServer's contract): again, it would leak a listener
        Transport transport = config.transport();
        Throwable unavailable = whyUnavailable.apply(transport);
        if (unavailable != null) { // one line, and the user picks another: no silent fall-back to NIO
            throw new IOException(Transports.unavailable(transport, unavailable, whyUnavailable));
        }
        // One event loop: one thread, accepting and serving every connection, like 05's reactor. What it blocks
        // in is the transport's IoHandler: a Selector (NIO), epoll_wait (epoll) or io_uring's completion queue.
        group = new MultiThreadIoEventLoopGroup(1, threadFactory(), Transports.ioHandler(transport));
        channels = new DefaultChannelGroup(group.next());
        System.Logger log = Logs.logger(id);
        EchoHandler echo = new EchoHandler(log); // stateless, so one serves every connection
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(Transports.serverChannel(transport)) // its connections are that transport's too
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                // A client's shutdownOutput() arrives as an event, so we can still send what is pending.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                // 05's bound: past the high mark of unsent output the channel turns unwritable, and turns
                // writable again below the low mark. EchoHandler stops and resumes reading on those two events.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.resumeReadingBelow(), config.maxPendingBytes()))
                // On epoll, a flush that gives up its turn after a half-close can lose the queue (Transports).
                .childOption(ChannelOption.WRITE_SPIN_COUNT, Transports.writeSpinCount(transport))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        if (framed) {
                            // 06's decoder, which also stops decoding while the echo is over the high mark.
                            ch.pipeline().addLast(new FrameDecoder(HEADER, config.maxFrame()));
                        }
                        ch.pipeline().addLast(echo);
                        watcher.observe(ch.pipeline()); // --trace, --stats: a handler in front that watches
                    }
                });
        try {
            listener = Net.bind(config, address -> bootstrap.bind(address).sync().channel());
            channels.add(listener);
            log.log(System.Logger.Level.DEBUG, "event loop on " + transport); // once bound: a failed start is one line
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public SocketAddress address() {
        if (listener == null) {
            throw new IllegalStateException("not started");
        }
        return listener.localAddress();
    }

    /** The listening channel; tests add a handler to it to watch the connections it accepts. */
    Channel listener() {
        return listener;
    }

    @Override
    public synchronized void close() {
        if (closed || group == null) {
            return;
        }
        closed = true;
        // Close the port and every connection, and wait until each is closed, while the loop still runs. Left to
        // the loop's shutdown, io_uring tore its ring down with the listener's accept still pending, and the
        // kernel freed the port only after close() had returned; and once the port was closed first, a connection
        // now and then outlived the loop, open and served by nobody (TransportTest caught both).
        channels.close().syncUninterruptibly();
        // Then the event loop: no quiet period, since nothing is submitted to it from outside.
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        for (Thread thread : threads) { // the loop has ended; wait for its thread to be gone too
            Threads.join(thread);
        }
    }

    /** Netty's own factory, naming threads echo-08-netty-N-M; remembered so that close() can join them. */
    private DefaultThreadFactory threadFactory() {
        return new DefaultThreadFactory("echo-" + id) {
            @Override
            protected Thread newThread(Runnable task, String name) {
                Thread thread = super.newThread(task, name);
                threads.add(thread);
                return thread;
            }
        };
    }
}
