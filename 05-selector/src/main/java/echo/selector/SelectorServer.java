package echo.selector;

import echo.common.EchoServer;
import echo.common.Net;
import echo.common.OpenConnections;
import echo.common.ServerConfig;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Chapter 05: one thread serves every connection. A {@link java.nio.channels.Selector} tells it which channels
 * are ready, so it never waits on one client while another has something to say, and it sleeps while nobody does.
 *
 * <p>The names are Doug Lea's, from "Scalable IO in Java": the {@link Reactor} runs the select loop, which
 * dispatches each ready key to the object attached to it; its Acceptor accepts connections and attaches a
 * {@link Handler} to each; the Handler reads, lets a {@link Processor} decide the reply, and sends. The Processor
 * is the one part chapter 06 replaces. This class starts one Reactor with the Acceptor on it: every connection
 * is accepted, and served, on that one thread.
 */
public final class SelectorServer implements EchoServer {
    private final ServerConfig config;
    private final String chapterId;
    private final Supplier<? extends Processor> processors;
    private final AtomicBoolean closing = new AtomicBoolean();
    private SocketAddress address;
    private Reactor reactor;

    /**
     * @param chapterId  names the reactor thread ({@code echo-<chapterId>-reactor}) and the logger
     * @param processors makes the Processor of each new connection (the hook chapter 06 uses)
     */
    public SelectorServer(ServerConfig config, String chapterId, Supplier<? extends Processor> processors) {
        this.config = config;
        this.chapterId = chapterId;
        this.processors = processors;
    }

    @Override
    public void start() throws IOException {
        ServerSocketChannel listener = Net.listenChannel(config); // bound and listening (a port or a socket file)
        address = listener.getLocalAddress();
        Reactor loop = null;
        try {
            loop = new Reactor(config, address, chapterId, "echo-" + chapterId + "-reactor", processors);
            // The Acceptor on the reactor's own loop, handing each connection to that same reactor.
            loop.accept(listener, loop::register);
        } catch (IOException e) {
            if (loop != null) {
                loop.close(); // not started: releases its selector, and the listener once it owns it
            }
            OpenConnections.closeQuietly(listener);
            Net.removeSocketFile(address);
            throw e;
        }
        reactor = loop;
        reactor.start();
    }

    @Override
    public SocketAddress address() {
        if (address == null) {
            throw new IllegalStateException("not started");
        }
        return address;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true) || reactor == null) {
            return; // closed already, or never started (a failed start() cleaned up after itself)
        }
        reactor.close(); // the reactor thread closes every connection, the listener and the selector, and ends
    }

    // ---- what tests and benchmarks can watch -----------------------------------------------------------------

    /** The one thread that serves every connection (its CPU time is what the idle test measures). */
    public Thread reactorThread() {
        return reactor == null ? null : reactor.thread();
    }

    /** How many times select() has returned: stays put while the server is idle. */
    public long selectWakeups() {
        return reactor.selectWakeups();
    }

    /** How many ready keys the loop has dispatched to their Acceptor or Handler. */
    public long dispatches() {
        return reactor.dispatches();
    }

    public int openConnections() {
        return reactor.openConnections();
    }

    /** Connections whose reading is paused because their client does not read its echo (backpressure). */
    public int pausedConnections() {
        return reactor.pausedConnections();
    }

    /** How many times, in all, a connection's reading was paused (backpressure). */
    public long pauses() {
        return reactor.pauses();
    }

    /**
     * Memory held for pending output by all connections together, right now: the capacity of their pending
     * buffers (at least the bytes waiting in them).
     */
    public long bufferedBytes() {
        return reactor.bufferedBytes();
    }

    /** The most pending-output memory any one connection has held at once since the server started. */
    public long maxPendingSeen() {
        return reactor.maxPendingSeen();
    }

    /** How many clients ended their input (half-close) while the server still had output pending for them. */
    public long endsWithOutputPending() {
        return reactor.endsWithOutputPending();
    }
}
