package echo.netty;

import echo.common.Transport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

import java.util.function.Function;

/**
 * The three ways Netty's event loop can wait for sockets. Each is an {@code IoHandler} (what the loop's thread
 * blocks in) and the channel classes that go with it; the pipeline, and so every handler of this chapter, is the
 * same on all three. Readiness: NIO (the JDK's {@code Selector}, epoll underneath on Linux) and epoll itself
 * tell us a socket is ready, and we then read. Completion: io_uring takes the read from us and tells us when the
 * kernel has filled our buffer.
 */
final class Transports {
    /** Netty's own default ({@code DefaultChannelConfig}), where its quantum does no harm. */
    static final int NETTY_DEFAULT_WRITE_SPIN_COUNT = 16;

    private Transports() {
    }

    static IoHandlerFactory ioHandler(Transport transport) {
        return switch (transport) {
            case NIO -> NioIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
        };
    }

    static Class<? extends ServerChannel> serverChannel(Transport transport) {
        return switch (transport) {
            case NIO -> NioServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
        };
    }

    /**
     * How many writes one flush may make before it yields the loop to other connections (Netty's "write quantum",
     * 16 by default). On epoll, unlimited: with Netty 4.2.18 (and 4.2.21, the newest), once a client has
     * half-closed, a quantum that runs out with echo still queued can drop that queue without a word. Netty then
     * has no reason left to watch the socket, so it removes it from epoll; the next write that must wait for room
     * asks epoll to watch it again, {@code epoll_ctl} fails with ENOENT, and Netty shuts the output down and fails
     * every queued write ({@code ChannelOutputShutdownException}). Unlimited, a flush writes until the socket is
     * full or the queue empty, so epoll is always watching for room while echo waits; one flush writes at most
     * what is queued, which the watermark bounds. README, "What breaks"; {@code HalfCloseTest} shows both sides.
     */
    static int writeSpinCount(Transport transport) {
        // Netty keeps Integer.MAX_VALUE itself for "the socket is full", so the largest count it takes is one less.
        return transport == Transport.EPOLL ? Integer.MAX_VALUE - 1 : NETTY_DEFAULT_WRITE_SPIN_COUNT;
    }

    /**
     * Why {@code transport} cannot run here, or {@code null} if it can. NIO is the JDK's own and always can. A
     * native one cannot on another OS or CPU (no library for it), or where the kernel refuses it: io_uring is
     * switched off by {@code kernel.io_uring_disabled} or by a seccomp filter in many containers.
     */
    static Throwable unavailabilityCause(Transport transport) {
        return switch (transport) {
            case NIO -> null;
            case EPOLL -> Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
            case IO_URING -> IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
        };
    }

    /**
     * The one line a user sees when {@code transport} is not available: which, why (the first message in the
     * cause's chain, on one line, with no stack trace: this is the machine's answer, not a bug) and what to use
     * instead, io_uring's neighbour epoll where that works, NIO otherwise. We do not fall back by ourselves: a
     * benchmark of "io_uring" that silently ran on NIO would be a lie.
     */
    static String unavailable(Transport transport, Throwable cause, Function<Transport, Throwable> whyUnavailable) {
        Transport instead = transport == Transport.IO_URING && whyUnavailable.apply(Transport.EPOLL) == null
                ? Transport.EPOLL : Transport.NIO;
        return "--transport " + transport + " is not available here: " + reason(cause)
                + "; use --transport " + instead + " instead";
    }

    /** The first message along the cause's chain, on one line (a native loader's message may span several). */
    static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return String.join(" ", t.getMessage().strip().split("\\s*\\R\\s*"));
            }
        }
        return cause == null ? "no reason given" : cause.getClass().getName();
    }
}
