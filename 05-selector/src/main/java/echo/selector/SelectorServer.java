package echo.selector;

import echo.common.EchoServer;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Chapter 05: one thread serves every connection. A {@link Selector} tells it which channels are ready, so it
 * never waits on one client while another has something to say, and it sleeps while nobody does.
 *
 * <p>The names are Doug Lea's, from "Scalable IO in Java": this class is the <b>Reactor</b> (the select loop,
 * which dispatches each ready key to the object attached to it); the {@link Acceptor} accepts connections and
 * attaches a {@link Handler} to each; the Handler reads, lets a {@link Processor} decide the reply, and sends.
 * The Processor is the one part chapter 06 replaces.
 */
public final class SelectorServer implements EchoServer {
    private final ServerConfig config;
    private final String chapterId;
    private final Supplier<? extends Processor> processors;
    final System.Logger log;

    // One read buffer for every connection: only the reactor thread reads, one channel at a time, so a
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

    private final AtomicBoolean closing = new AtomicBoolean();
    private ServerSocketChannel listener;
    private Selector selector;
    private SelectionKey acceptKey;
    private long acceptResumesAt; // System.nanoTime() when accepting resumes after a failed accept; 0 = accepting
    private SocketAddress address;
    private Thread reactor;

    // Written only by the reactor thread; volatile so that tests and benchmarks can read them from theirs.
    private volatile long wakeups;
    private volatile long dispatches;
    private volatile int openConnections;
    private volatile int pausedConnections;
    private volatile long bufferedBytes;
    private volatile long maxPendingSeen;
    private volatile long endsWithOutputPending;
    private volatile long pauses;

    /**
     * @param chapterId  names the reactor thread ({@code echo-<chapterId>-reactor}) and the logger
     * @param processors makes the Processor of each new connection (the hook chapter 06 uses)
     */
    public SelectorServer(ServerConfig config, String chapterId, Supplier<? extends Processor> processors) {
        this.config = config;
        this.chapterId = chapterId;
        this.processors = processors;
        this.log = Logs.logger(chapterId);
        this.readBuffer = ByteBuffer.allocateDirect(config.readBufferSize());
    }

    @Override
    public void start() throws IOException {
        listener = Net.listenChannel(config); // bound and listening (a TCP port or a Unix socket file)
        address = listener.getLocalAddress();
        // Loaded now, not at the first close: out of file descriptors (the shortage the Acceptor pauses for), the
        // JVM cannot open a class file either, and this is the class that closes connections and so ends the
        // shortage. Loaded at the first close, it killed the reactor with a NoClassDefFoundError (AcceptPauseTest).
        OpenConnections.class.getName();
        try {
            listener.configureBlocking(false); // a Selector takes only non-blocking channels
            selector = Selector.open();
            acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT, new Acceptor());
        } catch (IOException e) {
            shutdown();
            throw e;
        }
        reactor = new Thread(this::react, "echo-" + chapterId + "-reactor");
        reactor.start();
    }

    /** The Reactor: sleep in select() until some channel is ready, dispatch every ready key, repeat. */
    private void react() {
        try {
            while (!closing.get()) {
                selector.select(timeoutMillis()); // sleep until some channel is ready
                wakeups++;
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
                        dispatches++;
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
        @Override
        public void run() {
            try {
                SocketChannel channel;
                while ((channel = listener.accept()) != null) { // non-blocking: null once the backlog is empty
                    register(channel);
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

    private void register(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            if (address instanceof InetSocketAddress) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // small replies leave at once
            }
            // Registered on the reactor's own thread, so the next select() watches it. Pitfall: a registration
            // (or an interestOps change) made from another thread is not seen by a select() already asleep: the
            // channel's data waits until something else wakes the selector. Such a change must be queued for the
            // reactor and followed by selector.wakeup(). (Before JDK 11, register() from another thread even
            // blocked until select() returned; it no longer does, but the sleeping select() still misses it.)
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            key.attach(new Handler(this, channel, key, processors.get()));
            openConnections++;
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
        if (selector != null) {
            for (SelectionKey key : List.copyOf(selector.keys())) {
                OpenConnections.closeQuietly(key.channel());
            }
            // A registered channel's socket is really closed when its key is deregistered, which closing the
            // selector does for all of them: after this line the port is free and every client has its EOF.
            OpenConnections.closeQuietly(selector);
        }
        OpenConnections.closeQuietly(listener);
        Net.removeSocketFile(address); // a Unix socket file outlives its socket; a no-op for TCP
        openConnections = 0;
        pausedConnections = 0;
        bufferedBytes = 0;
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
        selector.wakeup(); // select() returns, the loop sees `closing` and shuts down on its own thread
        Threads.join(reactor);
    }

    // ---- what the Handlers report (reactor thread only) ------------------------------------------------------

    void buffered(long delta, long connectionPending) {
        bufferedBytes += delta;
        if (connectionPending > maxPendingSeen) {
            maxPendingSeen = connectionPending;
        }
    }

    void inputEnded(boolean outputPending) {
        if (outputPending) {
            endsWithOutputPending++;
        }
    }

    void readingPaused(boolean paused) {
        pausedConnections += paused ? 1 : -1;
        if (paused) {
            pauses++;
        }
    }

    void closed(long pending, boolean paused) {
        openConnections--;
        bufferedBytes -= pending;
        if (paused) {
            pausedConnections--;
        }
    }

    ServerConfig config() {
        return config;
    }

    // ---- what tests and benchmarks can watch -----------------------------------------------------------------

    /** The one thread that serves every connection (its CPU time is what the idle test measures). */
    public Thread reactorThread() {
        return reactor;
    }

    /** How many times select() has returned: stays put while the server is idle. */
    public long selectWakeups() {
        return wakeups;
    }

    /** How many ready keys the loop has dispatched to their Acceptor or Handler. */
    public long dispatches() {
        return dispatches;
    }

    public int openConnections() {
        return openConnections;
    }

    /** Connections whose reading is paused because their client does not read its echo (backpressure). */
    public int pausedConnections() {
        return pausedConnections;
    }

    /** How many times, in all, a connection's reading was paused (backpressure). */
    public long pauses() {
        return pauses;
    }

    /**
     * Memory held for pending output by all connections together, right now: the capacity of their pending
     * buffers (at least the bytes waiting in them).
     */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** The most pending-output memory any one connection has held at once since the server started. */
    public long maxPendingSeen() {
        return maxPendingSeen;
    }

    /** How many clients ended their input (half-close) while the server still had output pending for them. */
    public long endsWithOutputPending() {
        return endsWithOutputPending;
    }
}
