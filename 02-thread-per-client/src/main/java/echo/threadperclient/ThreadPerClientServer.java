package echo.threadperclient;

import echo.common.BlockingEcho;
import echo.common.EchoServer;
import echo.common.Logs;
import echo.common.Net;
import echo.common.OpenConnections;
import echo.common.ServerConfig;
import echo.common.Threads;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chapter 02: chapter 01's loop, except that each accepted connection gets a thread of its own. The accept loop
 * never waits for a client any more, so every client is answered at once; the price is one thread per connection,
 * for as long as the connection stays open, and nothing stops a crowd of clients from asking for more threads
 * than the machine has. {@code --max-connections} puts a ceiling on that.
 *
 * <p>Python's {@code socketserver.ThreadingTCPServer} works like this. Chapter 07 reuses this class as it is and
 * only hands it another {@link ThreadFactory}: virtual threads instead of platform threads.
 */
public class ThreadPerClientServer implements EchoServer {
    private final ServerConfig config;
    private final String chapterId;
    private final ThreadFactory connectionThreads;
    private final ThreadPerClientEvents events; // what --trace, --stats and tests see (DESIGN.md, tracing)
    private final System.Logger log;

    // close() must reach every connection (a thread blocked in read() wakes only when its socket is closed) and
    // wait for every thread. Both sets shrink as clients leave: nothing here grows without clients.
    private final OpenConnections<Socket> connections = new OpenConnections<>();
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();

    private ServerSocket listener;
    private Thread acceptor;
    private volatile boolean closed;

    public ThreadPerClientServer(ServerConfig config) {
        this(config, ThreadPerClientEvents.NONE);
    }

    public ThreadPerClientServer(ServerConfig config, ThreadPerClientEvents events) {
        this(config, ThreadPerClientChapter.ID, platformThreads("echo-" + ThreadPerClientChapter.ID + "-conn-"),
                events);
    }

    /**
     * The hook for chapter 07: the same server, with every connection's thread made by {@code connectionThreads}.
     * Its threads should be named {@code echo-<chapterId>-...} like every thread of the project.
     */
    protected ThreadPerClientServer(ServerConfig config, String chapterId, ThreadFactory connectionThreads,
                                    ThreadPerClientEvents events) {
        this.config = config;
        this.chapterId = chapterId;
        this.connectionThreads = connectionThreads;
        this.events = events;
        this.log = Logs.logger(chapterId);
    }

    /** Ordinary (platform) threads named {@code prefix1}, {@code prefix2}...: one OS thread each. */
    static ThreadFactory platformThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> new Thread(task, prefix + count.incrementAndGet());
    }

    @Override
    public void start() throws IOException {
        Net.requireNotStarted(listener, closed); // once (EchoServer's contract): again, it would leak a listener
        listener = Net.listen(config);
        // Loaded now, not at first use: out of file descriptors (the usual reason accept() fails), the JVM cannot
        // open a class file either, and this is the class the failed accept() needs to pause. Loaded then, it killed
        // the acceptor with a NoClassDefFoundError (testkit's DescriptorTrapContract).
        Threads.class.getName();
        acceptor = new Thread(this::acceptForever, "echo-" + chapterId + "-acceptor");
        acceptor.start();
    }

    private void acceptForever() {
        while (!closed) {
            Socket client;
            try {
                events.accepting();
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    // Typically "Too many open files": the connection stays in the backlog and the next accept()
                    // would fail the same way at once. Pause instead of spinning on it.
                    log.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
                    Threads.pause(Duration.ofMillis(100));
                }
                continue;
            }
            events.accepted(client);
            if (refused(client) || !connections.add(client)) {
                continue; // refused and closed, or close() began: add() closed it
            }
            // The one change from chapter 01: instead of serving the client here, hand it to a new thread and go
            // straight back to accept(). This thread lives exactly as long as the connection.
            Thread handler = connectionThreads.newThread(() -> {
                events.threadStarted(client);
                try {
                    BlockingEcho.serve(client, config.readBufferSize(), log, events);
                } finally {
                    connections.remove(client);
                    events.threadEnded(client);
                    handlers.remove(Thread.currentThread());
                }
            });
            handlers.add(handler);
            try {
                handler.start();
            } catch (OutOfMemoryError noThread) {
                // "unable to create native thread": the process is out of threads (or memory for their stacks),
                // the very failure this chapter warns about. Refuse this client, keep accepting, say it once.
                handlers.remove(handler);
                connections.remove(client);
                events.refused(client, ThreadPerClientEvents.Refusal.NO_THREAD, config.maxConnections());
                log.log(System.Logger.Level.WARNING, "client " + client.getRemoteSocketAddress()
                        + " refused: cannot start another thread (" + noThread.getMessage() + ")");
                Threads.pause(Duration.ofMillis(100));
            }
        }
    }

    /**
     * The guard against the recipe's warning: without it, anyone who opens connections gets a thread each, until
     * the process runs out of file descriptors, threads or memory; from then on newcomers wait unanswered, and a
     * process short of any of them fails in places that have nothing to do with echo. Over the limit a newcomer
     * is closed at once, and those already connected go on as before.
     */
    private boolean refused(Socket client) {
        int max = config.maxConnections();
        if (max == 0 || connections.size() < max) {
            return false; // only this thread adds connections, so the count cannot rise between check and add
        }
        log.log(System.Logger.Level.INFO, "client " + client.getRemoteSocketAddress()
                + " refused: already " + max + " open, the limit set by --max-connections");
        OpenConnections.closeQuietly(client);
        events.refused(client, ThreadPerClientEvents.Refusal.OVER_LIMIT, max);
        return true;
    }

    @Override
    public SocketAddress address() {
        return Net.requireStarted(listener).getLocalSocketAddress();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (listener != null) {
            OpenConnections.closeQuietly(listener); // wakes accept() with an exception
        }
        Threads.join(acceptor); // from here on no new handler can appear
        connections.closeAll(); // wakes every handler blocked in read() or write()
        for (Thread handler : handlers) {
            Threads.join(handler);
        }
    }
}
