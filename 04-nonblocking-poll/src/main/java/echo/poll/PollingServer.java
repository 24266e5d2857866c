package echo.poll;

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
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Chapter 04: one thread, many clients, no waiting. Every channel is non-blocking, so accept(), read() and
 * write() return at once, with nothing if there is nothing; one loop asks every channel in turn, for ever.
 *
 * <p>It serves everyone, and it is correct where the tutorials' version is not (see the README). But "for ever"
 * is the catch: with nothing to do, the loop still asks, as fast as it can, and burns a core.
 */
public final class PollingServer implements EchoServer {
    private static final System.Logger LOG = Logs.logger(PollingChapter.ID);

    private final ServerConfig config;
    private final Duration idleBackoff;
    private final List<Connection> connections = new ArrayList<>(); // the loop thread's alone
    private ServerSocketChannel listener;
    private SocketAddress address;
    private Thread loop;
    private final PollEvents events; // what --trace, --stats and tests see (DESIGN.md, tracing)
    private boolean acceptFailing;
    private volatile boolean closed;

    /** The chapter's server: it never backs off, which is the point it makes. */
    public PollingServer(ServerConfig config) {
        this(config, Duration.ZERO, PollEvents.NONE);
    }

    public PollingServer(ServerConfig config, PollEvents events) {
        this(config, Duration.ZERO, events);
    }

    /**
     * @param idleBackoff how long to sleep after a round that found nothing to do; {@link Duration#ZERO} (the
     *                    chapter's choice) never sleeps. The README measures what sleeping saves and costs.
     */
    public PollingServer(ServerConfig config, Duration idleBackoff, PollEvents events) {
        this.config = config;
        this.idleBackoff = idleBackoff;
        this.events = events;
    }

    @Override
    public void start() throws IOException {
        Net.requireNotStarted(listener, closed); // once (EchoServer's contract): again, it would leak a listener
        listen();
        loop = new Thread(this::pollForever, "echo-" + PollingChapter.ID + "-loop");
        loop.start();
    }

    /** Opens the listener, but starts no loop: {@link #start()} starts it; a test may call {@link #pollRound()}. */
    void listen() throws IOException {
        listen(Net.listenChannel(config));
    }

    /** The same on a listener already open: a test hands in one whose accept() fails when it says so. */
    void listen(ServerSocketChannel channel) throws IOException {
        listener = channel;
        address = listener.getLocalAddress();
        listener.configureBlocking(false); // accept() returns null at once when nobody is waiting
        // Loaded now, not at first use: out of file descriptors (the shortage accept() reports), the JVM cannot open
        // a class file either, and this is the class the loop needs to close connections and so end the shortage.
        OpenConnections.class.getName();
    }

    private void pollForever() {
        try {
            while (!closed) {
                boolean busy = pollRound();
                if (!busy && !idleBackoff.isZero()) {
                    LockSupport.parkNanos(idleBackoff.toNanos()); // the back-off: less CPU, slower answers
                }
            }
        } finally {
            release();
        }
    }

    /** One round: accept whoever is waiting, then ask every connection once. Returns whether any byte moved. */
    boolean pollRound() {
        boolean busy = acceptAll();
        int asked = 0;
        // An iterator, so that a finished connection is removed without skipping the next one (deleting
        // from a list while looping over it by index is the tutorials' bug) and without ending the loop.
        for (Iterator<Connection> it = connections.iterator(); it.hasNext(); ) {
            Connection connection = it.next();
            busy |= connection.poll();
            asked++;
            if (connection.finished) {
                it.remove();
            }
        }
        events.round(asked, connections.size(), busy);
        return busy;
    }

    private void release() {
        connections.forEach(c -> OpenConnections.closeQuietly(c.channel));
        connections.clear();
        if (listener != null) {
            OpenConnections.closeQuietly(listener);
            Net.removeSocketFile(address);
        }
    }

    private boolean acceptAll() {
        boolean accepted = false;
        try {
            SocketChannel channel;
            while ((channel = listener.accept()) != null) {
                accepted = true;
                acceptFailing = false; // a shortage ends when an accept succeeds, not when the queue is empty
                try {
                    channel.configureBlocking(false);
                    if (address instanceof InetSocketAddress) {
                        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    }
                } catch (IOException e) { // this one client's trouble (say, reset already): not the listener's
                    LOG.log(System.Logger.Level.INFO, "could not set up an accepted connection: " + e.getMessage());
                    OpenConnections.closeQuietly(channel);
                    continue;
                }
                connections.add(new Connection(channel, config.readBufferSize(), events));
                events.accepted(channel);
                LOG.log(System.Logger.Level.DEBUG, "client " + describe(channel) + " connected");
            }
        } catch (IOException e) {
            // Usually "Too many open files". Not swallowed: said once, not once per round (100,000 lines a second);
            // the loop tries again next round anyway.
            if (!acceptFailing) {
                LOG.log(System.Logger.Level.WARNING, "accept failed, retrying every round: " + e.getMessage());
            }
            acceptFailing = true;
        }
        return accepted;
    }

    /** One client: its channel and one buffer, which holds what was read until all of it is written back. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer buffer;
        final PollEvents events;
        boolean pending;  // the buffer holds output a partial write left behind
        boolean finished; // closed: the loop removes it

        Connection(SocketChannel channel, int bufferSize, PollEvents events) {
            this.channel = channel;
            this.buffer = ByteBuffer.allocate(bufferSize);
            this.events = events;
        }

        /** Does what can be done without waiting; returns whether any byte moved. */
        boolean poll() {
            try {
                if (pending) {
                    // A partial write left a remainder: retry it. Read nothing more until it is gone, so a client
                    // that does not read its echo costs this one buffer, and stops itself (TCP flow control).
                    int n = channel.write(buffer);
                    events.wrote(channel, n, buffer.remaining());
                    if (buffer.hasRemaining()) {
                        return n > 0;
                    }
                    pending = false;
                    buffer.clear();
                    return true;
                }
                int n = channel.read(buffer);
                if (n == 0) {
                    return false; // nothing to read: the usual answer, and we ask again next round, and again...
                }
                if (n < 0) {
                    // The client half-closed. We read only with nothing pending, so every byte it sent has been
                    // echoed already: flushed, now close.
                    finish(System.Logger.Level.DEBUG, "done");
                    return true;
                }
                events.read(channel, buffer, n);
                buffer.flip();
                int written = channel.write(buffer); // may take only part: the kernel's send buffer is full
                events.wrote(channel, written, buffer.remaining());
                if (buffer.hasRemaining()) {
                    pending = true; // keep the rest for the next round, in order
                } else {
                    buffer.clear();
                }
                return true;
            } catch (IOException e) {
                // Reset, or gone: said in one line, and only this client is dropped. Nothing is swallowed.
                finish(System.Logger.Level.INFO, "dropped: " + e.getMessage());
                return true;
            }
        }

        private void finish(System.Logger.Level level, String why) {
            if (LOG.isLoggable(level)) {
                LOG.log(level, "client " + describe(channel) + " " + why);
            }
            finished = true;
            events.finished(channel, level != System.Logger.Level.DEBUG);
            OpenConnections.closeQuietly(channel);
        }
    }

    private static String describe(SocketChannel channel) {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "(address unknown: " + e.getMessage() + ")";
        }
    }

    @Override
    public SocketAddress address() {
        return Net.requireStarted(address);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop == null) { // never started, or driven round by round by a test: nothing runs, so release here
            release();
            return;
        }
        // The loop never blocks, so it sees "closed" within one round.
        LockSupport.unpark(loop);
        Threads.join(loop);
    }
}
