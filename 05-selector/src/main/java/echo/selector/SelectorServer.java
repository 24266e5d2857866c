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
    private final SelectorEvents events;
    private final AtomicBoolean closing = new AtomicBoolean();
    private SocketAddress address;
    private Reactor reactor;

    /**
     * @param chapterId  names the reactor thread ({@code echo-<chapterId>-reactor}) and the logger
     * @param processors makes the Processor of each new connection (the hook chapter 06 uses)
     */
    public SelectorServer(ServerConfig config, String chapterId, Supplier<? extends Processor> processors) {
        this(config, chapterId, processors, SelectorEvents.NONE);
    }

    /**
     * @param events told of what the loop does: {@link SelectorCounters} to count it (tests, benchmarks, --stats)
     *               or trace it
     */
    public SelectorServer(ServerConfig config, String chapterId, Supplier<? extends Processor> processors,
                          SelectorEvents events) {
        this.config = config;
        this.chapterId = chapterId;
        this.processors = processors;
        this.events = events;
    }

    @Override
    public void start() throws IOException {
        Net.requireNotStarted(reactor, closing.get()); // once (EchoServer's contract): again, it would leak a listener
        ServerSocketChannel listener = Net.listenChannel(config); // bound and listening (a port or a socket file)
        address = listener.getLocalAddress();
        Reactor loop = null;
        try {
            loop = new Reactor(config, address, chapterId, "echo-" + chapterId + "-reactor", processors, events);
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
        return Net.requireStarted(address);
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true) || reactor == null) {
            return; // closed already, or never started (a failed start() cleaned up after itself)
        }
        reactor.close(); // the reactor thread closes every connection, the listener and the selector, and ends
    }

    // ---- what tests can see of its structure ------------------------------------------------------------------

    /** The one thread that serves every connection (its CPU time is what the idle test measures). */
    public Thread reactorThread() {
        return reactor == null ? null : reactor.thread();
    }
}
