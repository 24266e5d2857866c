package echo.pool;

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
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exercise 03: chapter 03's server with its lesson, {@link #dispatch(Socket)}, taken out; the rest is given.
 * Judge it with {@code mvn -q -pl exercises/03-thread-pool test -Dexercise}. The solution is the chapter's own
 * class, 03-thread-pool/src/main/java/echo/pool/ThreadPoolServer.java.
 *
 * <p>Chapter 03: a fixed pool of worker threads, made in advance, serves the connections; an accepted connection
 * that finds every worker busy waits in a bounded queue; beyond pool + queue a newcomer is refused; a client that
 * stays silent longer than the idle time-out is dropped, which gives its worker back. Every resource the server
 * holds now has a ceiling that does not depend on how many clients show up.
 *
 * <p>This is the "pre-allocated pool" of the classic socketserver recipes, with the {@code timeout = 5} of
 * Python's {@code StreamRequestHandler}.
 */
public final class ThreadPoolServer implements EchoServer {
    private static final System.Logger LOG = Logs.logger(ThreadPoolChapter.ID);

    private final ServerConfig config;
    private final PoolEvents events; // what --trace, --stats and tests see (DESIGN.md, tracing)
    private final OpenConnections<Socket> connections = new OpenConnections<>(); // being served or waiting
    private final List<Thread> workers = new CopyOnWriteArrayList<>();            // so close() can join them
    private final AtomicInteger workerCount = new AtomicInteger();
    private Semaphore places;                                                      // P + Q, see dispatch()
    private ServerSocket listener;
    private ThreadPoolExecutor pool;
    private Thread acceptor;
    private volatile boolean closed;

    public ThreadPoolServer(ServerConfig config) {
        this(config, PoolEvents.NONE);
    }

    public ThreadPoolServer(ServerConfig config, PoolEvents events) {
        this.config = config;
        this.events = events;
    }

    @Override
    public void start() throws IOException {
        Net.requireNotStarted(listener, closed); // once (EchoServer's contract): again, it would leak a listener
        listener = Net.listen(config);
        // P places being served and Q waiting: a connection takes one when it is accepted and gives it back when
        // it is done. This count, not the executor, decides who is refused (see dispatch()).
        places = new Semaphore(config.poolSize() + config.queueSize());
        // Exactly poolSize threads, never more, never fewer (core = max). The executor's queue has no capacity of
        // its own and cannot grow without end: it only ever holds connections that hold a place, at most P + Q.
        // (Executors.newFixedThreadPool(n) alone, with nothing counting places, would keep every accepted socket,
        // and its memory, waiting for hours under overload instead of saying no.)
        pool = new ThreadPoolExecutor(config.poolSize(), config.poolSize(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), this::newWorker);
        try {
            pool.prestartAllCoreThreads(); // pre-allocated: the threads exist before the first client
        } catch (OutOfMemoryError noThread) { // "unable to create native thread": --pool asked for too many
            close();
            throw new IOException("cannot start " + config.poolSize() + " worker threads (" + noThread.getMessage()
                    + "); try a smaller --pool");
        }
        // Loaded now, not at first use: out of file descriptors (the usual reason accept() fails), the JVM cannot
        // open a class file either, and this is the class the failed accept() needs to pause. Loaded then, it killed
        // the acceptor with a NoClassDefFoundError (testkit's DescriptorTrapContract).
        Threads.class.getName();
        acceptor = new Thread(this::acceptForever, "echo-" + ThreadPoolChapter.ID + "-acceptor");
        acceptor.start();
    }

    private Thread newWorker(Runnable work) {
        Thread worker = new Thread(work, "echo-" + ThreadPoolChapter.ID + "-worker-" + workerCount.incrementAndGet());
        workers.add(worker);
        return worker;
    }

    private void acceptForever() {
        while (!closed) {
            Socket client;
            try {
                events.accepting();
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
                    Threads.pause(Duration.ofMillis(100)); // e.g. out of file descriptors: the next accept() would fail at once
                }
                continue;
            }
            events.accepted(client);
            if (connections.add(client)) {
                dispatch(client);
            }
        }
    }

    /**
     * TODO exercise 03: hand {@code client} to the pool, or refuse it.
     *
     * <ul>
     *   <li>A connection holds one of the P + Q {@code places} (a Semaphore, made in start()) from here until
     *       {@link #leave(Socket)} gives it back. If none is free (every worker busy, the queue full), refuse:
     *       one INFO line naming the client, {@code --pool} and {@code --queue} ("client /127.0.0.1:51234
     *       refused: every worker busy (--pool 2), queue full (--queue 1)"), then {@code connections.remove},
     *       then {@code events.refused(client)}. Do not wait for a place, and do not leave the refusal to the
     *       executor (the comment in the chapter's dispatch() says why: a worker between two clients is free but
     *       not waiting).</li>
     *   <li>Set the idle time-out: {@code client.setSoTimeout(...)} from {@code config.idleTimeout()}, so that a
     *       silent client's read() throws and its worker serves the next (BlockingEcho.serve logs it).</li>
     *   <li>Call {@code events.queued(client)}, then {@code pool.execute(...)}: first thing in the task
     *       {@code events.workerTaken(client)}, then serve it with BlockingEcho.serve (pass it {@code events}),
     *       and {@code leave(client)} when done, whatever happens.</li>
     * </ul>
     * The events are for {@code --trace}, {@code --stats} and the chapter's WatchItTest (DESIGN.md, tracing).
     * Hint: 03-thread-pool/README.md, "The code" and "What breaks".
     */
    private void dispatch(Socket client) {
        connections.remove(client); // TODO exercise 03 (as it is, every client is closed unanswered)
    }

    /** The connection is done: close it and give its place back. */
    private void leave(Socket client) {
        connections.remove(client);
        places.release();
        events.released(client, places.availablePermits());
        LOG.log(System.Logger.Level.DEBUG, "client " + client.getRemoteSocketAddress() + " left: "
                + places.availablePermits() + " of " + (config.poolSize() + config.queueSize()) + " places free");
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
        Threads.join(acceptor); // nothing new reaches the pool after this
        if (pool != null) {
            pool.shutdownNow(); // workers stop taking connections; the waiting ones are dropped...
        }
        connections.closeAll(); // ...and closed here, with those being served (a blocked read() wakes up)
        for (Thread worker : workers) {
            Threads.join(worker);
        }
    }
}
