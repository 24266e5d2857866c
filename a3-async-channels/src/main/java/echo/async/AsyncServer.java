package echo.async;

import echo.common.EchoServer;
import echo.common.Logs;
import echo.common.Net;
import echo.common.OpenConnections;
import echo.common.ServerConfig;
import echo.common.Threads;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ShutdownChannelGroupException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Side chapter a3: the proactor. Chapter 05's selector says "this channel is ready" and the loop does the I/O;
 * here the server asks the JDK for the I/O itself (accept, read, write) and the JDK calls a
 * {@link CompletionHandler} once it is <em>done</em>, on one of the threads of an {@link AsynchronousChannelGroup}.
 *
 * <p>This class is the group and the accept loop; {@link Connection} is one client's read, write, read.
 */
public final class AsyncServer implements EchoServer {
    private final ServerConfig config;
    private final String chapterId;
    final System.Logger log;
    final AsyncEvents events;

    private final AtomicBoolean closing = new AtomicBoolean();
    private final Queue<Thread> threads = new ConcurrentLinkedQueue<>(); // every thread the group was given
    /** How long close() waits for the group's threads: a handler should never take this long. */
    static final Duration CLOSE_LIMIT = Duration.ofSeconds(30);
    private Duration closeLimit = CLOSE_LIMIT;
    private AsynchronousChannelGroup group;
    private AsynchronousServerSocketChannel listener;
    private SocketAddress address;

    /** A failed accept is asked again after a second, from a JDK timer thread, not from a group thread asleep. */
    private static final Executor IN_A_SECOND = CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS);

    /** A server nobody watches. */
    public AsyncServer(ServerConfig config, String chapterId) {
        this(config, chapterId, AsyncEvents.NONE);
    }

    /**
     * @param chapterId names the group's threads ({@code echo-<chapterId>-group-N}) and the logger
     * @param events    told of every accept, read, write and end (see DESIGN.md, "How a chapter adds tracing")
     */
    public AsyncServer(ServerConfig config, String chapterId, AsyncEvents events) {
        this.config = config;
        this.chapterId = chapterId;
        this.log = Logs.logger(chapterId);
        this.events = events;
        // Loaded now, not at the first close: out of file descriptors (the shortage the acceptor pauses for), the
        // JVM cannot open a class file either, and these are what ending a connection needs, the one thing that
        // ends the shortage. Loaded at the first close, a group thread died of a NoClassDefFoundError and stopped
        // the server (DescriptorTrapTest, AcceptPauseTest).
        AsyncEvents.End.values();
        OpenConnections.class.getName();
    }

    @Override
    public void start() throws IOException {
        Net.requireNotStarted(group, closing.get()); // once (EchoServer's contract): again, it would leak a listener
        // The threads that run every completion handler: a fixed pool, named, so a thread dump says whose they are
        // and close() can wait for them. (Without a group, channels share the JDK's default one: unnamed daemon
        // threads, sized by the number of cores, that nobody can shut down.)
        group = AsynchronousChannelGroup.withFixedThreadPool(config.poolSize(), groupThreads());
        try {
            listener = Net.bind(config, this::listen);
            address = listener.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        accept(); // the first accept; each completed accept asks for the next
    }

    private AsynchronousServerSocketChannel listen(java.net.InetSocketAddress where) throws IOException {
        AsynchronousServerSocketChannel channel = AsynchronousServerSocketChannel.open(group);
        try {
            return channel.bind(where, config.backlog());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private ThreadFactory groupThreads() {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "echo-" + chapterId + "-group-" + next.incrementAndGet());
            threads.add(thread);
            return thread;
        };
    }

    /** Asks the JDK for the next connection; {@link #acceptor} is called once it has one. */
    private void accept() {
        try {
            events.accepting();
            listener.accept(null, acceptor);
        } catch (ShutdownChannelGroupException closed) {
            // close() shut the group down while an accept was being asked for: nothing more to accept.
        }
    }

    private final CompletionHandler<AsynchronousSocketChannel, Void> acceptor = new CompletionHandler<>() {
        @Override
        public void completed(AsynchronousSocketChannel channel, Void nothing) {
            events.accepted(channel);
            // Pitfall: an accept completes once. Ask for the next connection first thing, or the server serves
            // its first client and no other: nobody would ever accept again.
            accept();
            new Connection(AsyncServer.this, channel).start();
        }

        @Override
        public void failed(Throwable failure, Void nothing) {
            if (closing.get()) {
                return; // close() closed the listener under the outstanding accept: AsynchronousCloseException
            }
            // Usually "Too many open files". Asked again at once, it would fail again at once, for ever, at full
            // speed: ask again in a second. Clients wait in the backlog meanwhile.
            log.log(WARNING, "accept failed, pausing accepts for 1 s: " + failure);
            IN_A_SECOND.execute(AsyncServer.this::accept);
        }
    };

    @Override
    public SocketAddress address() {
        return Net.requireStarted(address);
    }

    /**
     * Closes the listener, then every connection (the group's {@code shutdownNow()} closes each channel in it:
     * its outstanding operation fails with {@code AsynchronousCloseException}), and waits for the group's threads
     * to end. Not from a completion handler: a group thread cannot wait for itself.
     */
    @Override
    public void close() {
        if (group == null || !closing.compareAndSet(false, true)) {
            return; // never started, or closed already
        }
        if (listener != null) {
            OpenConnections.closeQuietly(listener);
        }
        try {
            group.shutdownNow();
        } catch (IOException e) {
            log.log(WARNING, "closing the connections failed: " + e.getMessage());
        }
        awaitGroupTermination();
    }

    /**
     * Waits until the group has terminated and every thread it had has ended; an interrupt does not cut it short
     * (see Threads.join). Both, because "terminated" is said by the group's pool as its last thread finishes its
     * last task, a moment before that thread has really ended.
     */
    private void awaitGroupTermination() {
        boolean interrupted = false;
        long deadline = System.nanoTime() + closeLimit.toNanos();
        while (!group.isTerminated() && System.nanoTime() < deadline) {
            try {
                group.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!group.isTerminated()) {
            // Loud, and we go on: a close() that never returns would keep a Ctrl-C from ever ending the process.
            // Seen once, in a loaded build (2026-12-02): after 1,000 clients left at once, every group thread sat
            // in the JDK's EPollPort waiting for work and none was polling epoll, so the shutdown's wake-ups were
            // never read (README, "What breaks").
            log.log(ERROR, "the channel group did not end within " + closeLimit.toSeconds() + " s of close(): "
                    + threads.stream().filter(Thread::isAlive).count() + " of its threads still alive; giving up on them");
            return;
        }
        threads.forEach(Threads::join);
    }

    /** For the test that shows close() gives up loudly instead of hanging. */
    void closeLimit(Duration limit) {
        closeLimit = limit;
    }

    ServerConfig config() {
        return config;
    }
}
