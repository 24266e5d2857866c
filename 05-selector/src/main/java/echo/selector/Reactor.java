package echo.selector;

import echo.common.Logs;
import echo.common.Net;
import echo.common.OpenConnections;
import echo.common.ServerConfig;
import echo.common.Threads;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Lea's <b>Reactor</b>: one thread and one {@link Selector}. The thread sleeps in select() until some channel is
 * ready and dispatches each ready key to the object attached to it: the {@link Acceptor} (when this reactor
 * accepts) or a {@link Handler}. Every connection handed to a reactor is served by its thread for its whole life.
 *
 * <p>Chapter 05 runs one, and the Acceptor on it hands each connection to that same reactor. Chapter 09 runs one
 * per core, fed by a reactor of its own that only accepts: Lea's "multiple reactors".
 */
public final class Reactor {
    private final ServerConfig config;
    private final SocketAddress address; // where the server listens: for log lines and TCP_NODELAY
    private final Supplier<? extends Processor> processors;
    final SelectorEvents events; // told of every event, and only told: counting and tracing live there
    final System.Logger log;
    private final Selector selector;
    private final Thread thread;
    // Connections handed over by another thread (chapter 09's acceptor), waiting to be registered on this one.
    private final Queue<SocketChannel> handedOver = new ConcurrentLinkedQueue<>();
    private volatile boolean closing;

    // One read buffer for every connection of this reactor: only its thread reads, one channel at a time, so a
    // connection owns no buffer of its own while it has nothing pending. Direct, so the kernel copies straight
    // into it and writes straight from it (a heap buffer costs one more copy each way).
    final ByteBuffer readBuffer;
    // What the current Processor.process() call asked to send, written together once it returns.
    ByteBuffer[] replies = new ByteBuffer[8];
    int replyCount;

    /** Forgets the replies collected for the connection being served: it failed before they could be sent. */
    void discardReplies() {
        java.util.Arrays.fill(replies, 0, replyCount, null);
        replyCount = 0;
    }

    private ServerSocketChannel listener; // null unless this reactor accepts
    private SelectionKey acceptKey;
    private long acceptResumesAt; // System.nanoTime() when accepting resumes after a failed accept; 0 = accepting

    /**
     * A reactor whose thread is not started yet ({@link #start()}).
     *
     * @param address    where the server listens (log lines name it; TCP_NODELAY is for TCP only)
     * @param chapterId  names the logger
     * @param threadName the reactor thread's name ({@code echo-...}, so tests can find it)
     * @param processors makes the Processor of each new connection (the hook chapter 06 uses)
     * @param events     told of what the loop does ({@link SelectorEvents#NONE} when nobody watches)
     */
    public Reactor(ServerConfig config, SocketAddress address, String chapterId, String threadName,
                   Supplier<? extends Processor> processors, SelectorEvents events) throws IOException {
        this.config = config;
        this.address = address;
        this.processors = processors;
        this.events = events;
        this.log = Logs.logger(chapterId);
        this.readBuffer = ByteBuffer.allocateDirect(config.readBufferSize());
        this.selector = Selector.open();
        this.thread = new Thread(this::react, threadName);
        // Loaded now, not at the first close: out of file descriptors (the shortage the Acceptor pauses for), the
        // JVM cannot open a class file either, and this is the class that closes connections and so ends the
        // shortage. Loaded at the first close, it killed the reactor with a NoClassDefFoundError (AcceptPauseTest).
        OpenConnections.class.getName();
    }

    /**
     * Makes this reactor accept on {@code listener} (before {@link #start()}): every connection accepted goes to
     * {@code handOff}, which gives it to a reactor ({@link #register}). This reactor then owns the listener: it
     * closes it, and removes a Unix socket file, when it stops.
     */
    public void accept(ServerSocketChannel listener, Consumer<SocketChannel> handOff) throws IOException {
        this.listener = listener;
        listener.configureBlocking(false); // a Selector takes only non-blocking channels
        acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT, new Acceptor(handOff));
    }

    public void start() {
        thread.start();
    }

    /** The Reactor: sleep in select() until some channel is ready, dispatch every ready key, repeat. */
    private void react() {
        try {
            while (!closing) {
                selector.select(timeoutMillis()); // sleep until some channel is ready
                events.woke(selector.selectedKeys());
                registerHandedOver();
                resumeAcceptingIfDue();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    // Pitfall: the selector never empties this set itself. A key left in it is handed back by
                    // the next select() as if it were ready again, and the handler runs for nothing.
                    ready.remove();
                    // Pitfall: a key whose channel was closed since select() returned is cancelled; asking it
                    // anything (isReadable()...) throws CancelledKeyException. Check first.
                    if (key.isValid()) {
                        ((Runnable) key.attachment()).run(); // Lea's dispatch: the Acceptor or a Handler
                    }
                }
            }
        } catch (IOException e) {
            log.log(System.Logger.Level.ERROR, "the selector failed, stopping: " + e.getMessage());
        } finally {
            shutdown();
        }
    }

    /** Lea's Acceptor, attached to the listening channel's key. */
    private final class Acceptor implements Runnable {
        private final Consumer<SocketChannel> handOff;

        Acceptor(Consumer<SocketChannel> handOff) {
            this.handOff = handOff;
        }

        @Override
        public void run() {
            try {
                SocketChannel channel;
                while ((channel = listener.accept()) != null) { // non-blocking: null once the backlog is empty
                    handOff.accept(channel);
                }
            } catch (IOException e) {
                // Usually "Too many open files". The listener stays ready, so trying again at once would spin,
                // and log, at full speed: stop asking for OP_ACCEPT for a second. Clients wait in the backlog.
                log.log(System.Logger.Level.WARNING, "accept failed, pausing accepts for 1 s: " + e.getMessage());
                acceptKey.interestOps(0);
                acceptResumesAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
        }
    }

    /**
     * Hands a connection to this reactor, which serves it from now on, on its own thread. Any thread may call it.
     */
    public void register(SocketChannel channel) {
        if (Thread.currentThread() == thread) {
            serve(channel); // the Acceptor runs on this very loop (chapter 05): register at once
            return;
        }
        // Pitfall: a registration (or an interestOps change) made from another thread is not seen by a select()
        // already asleep: the channel's data waits until something else wakes the selector. So it is queued for
        // this reactor's thread, which registers it (registerHandedOver()), and the selector is woken to do so.
        // (Before JDK 11, register() from another thread even blocked until select() returned; it no longer
        // does, but the sleeping select() still misses it.)
        handedOver.add(channel);
        selector.wakeup();
    }

    /** On the reactor thread, after each select(): registers what other threads handed over meanwhile. */
    private void registerHandedOver() {
        SocketChannel channel;
        while ((channel = handedOver.poll()) != null) {
            serve(channel);
        }
    }

    private void serve(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            if (address instanceof InetSocketAddress) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // small replies leave at once
            }
            // Registered on the reactor's own thread, so the next select() watches it (see register()).
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            key.attach(new Handler(this, channel, key, processors.get()));
            events.accepted(channel);
            log.log(System.Logger.Level.DEBUG, () -> "client " + Handler.describe(channel, address) + " connected");
        } catch (IOException | RuntimeException e) { // one client's trouble (or a processor factory's bug)
            log.log(System.Logger.Level.INFO, "could not set up an accepted connection: " + e.getMessage());
            OpenConnections.closeQuietly(channel);
        }
    }

    /** 0 (no time-out) normally; while accepts are paused, the time left until they resume. */
    private long timeoutMillis() {
        return acceptResumesAt == 0 ? 0
                : Math.max(1, TimeUnit.NANOSECONDS.toMillis(acceptResumesAt - System.nanoTime()));
    }

    private void resumeAcceptingIfDue() {
        if (acceptResumesAt != 0 && System.nanoTime() - acceptResumesAt >= 0) {
            acceptResumesAt = 0;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** On the reactor thread as it ends: close every connection, the listener and the selector. */
    private void shutdown() {
        for (SelectionKey key : List.copyOf(selector.keys())) {
            OpenConnections.closeQuietly(key.channel());
        }
        SocketChannel notYetRegistered;
        while ((notYetRegistered = handedOver.poll()) != null) {
            OpenConnections.closeQuietly(notYetRegistered);
        }
        // A registered channel's socket is really closed when its key is deregistered, which closing the
        // selector does for all of them: after this line the port is free and every client has its EOF.
        OpenConnections.closeQuietly(selector);
        if (listener != null) {
            OpenConnections.closeQuietly(listener);
            Net.removeSocketFile(address); // a Unix socket file outlives its socket; a no-op for TCP
        }
        events.stopped();
    }

    /**
     * Stops the loop and waits for its thread: select() returns, the loop sees {@code closing} and shuts down on
     * its own thread. Idempotent; before {@link #start()}, it only releases what the constructor opened.
     */
    public void close() {
        closing = true;
        if (thread.getState() == Thread.State.NEW) {
            shutdown();
            return;
        }
        selector.wakeup();
        Threads.join(thread);
    }

    ServerConfig config() {
        return config;
    }

    SocketAddress address() {
        return address;
    }

    // ---- what tests can see of its structure ------------------------------------------------------------------

    /** The thread that serves this reactor's connections (its CPU time is what the idle test measures). */
    public Thread thread() {
        return thread;
    }

    /** Connections handed over by another thread that this reactor has not registered yet. */
    public int waitingToBeRegistered() {
        return handedOver.size();
    }
}
