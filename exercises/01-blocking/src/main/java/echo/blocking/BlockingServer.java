package echo.blocking;

import echo.common.BlockingEvents;
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

/**
 * Exercise 01: chapter 01's server with its lesson taken out. Everything but {@link #serve(Socket)} is given
 * (binding, the accept loop, how a connection ends, close()); you write how one client is served.
 *
 * <p>Run {@code mvn -q -pl exercises/01-blocking test -Dexercise} to be judged by chapter 01's own tests. The
 * chapter's code is the solution: 01-blocking/src/main/java/echo/blocking/BlockingServer.java and the loop it
 * calls, common/src/main/java/echo/common/BlockingEcho.java ({@code serve} and {@code echoUntilEof}).
 */
public final class BlockingServer implements EchoServer {
    private static final System.Logger LOG = Logs.logger(BlockingChapter.ID);

    private final ServerConfig config;
    private final BlockingEvents events; // what --trace, --stats and tests see (DESIGN.md, tracing)
    private ServerSocket listener;
    private Thread serverThread;
    private volatile Socket current; // the one client being served, so close() can cut it off
    private volatile boolean closed;

    public BlockingServer(ServerConfig config) {
        this(config, BlockingEvents.NONE);
    }

    public BlockingServer(ServerConfig config, BlockingEvents events) {
        this.config = config;
        this.events = events;
    }

    @Override
    public void start() throws IOException {
        Net.requireNotStarted(listener, closed); // once (EchoServer's contract): again, it would leak a listener
        // bind() + listen(): from here on the kernel completes handshakes for us, even while we are busy.
        listener = Net.listen(config);
        // The loop gets a thread of its own only so that start() can return; it is still one thread, serving
        // one client at a time.
        serverThread = new Thread(this::serveForever, "echo-" + BlockingChapter.ID + "-server");
        serverThread.start();
    }

    private void serveForever() {
        while (!closed) {
            Socket client;
            try {
                events.accepting();
                client = listener.accept(); // blocks until a client is in the backlog
            } catch (IOException e) {
                if (!closed) { // e.g. "Too many open files": the next accept() would fail at once; do not spin
                    LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
                    Threads.pause(Duration.ofMillis(100));
                }
                continue; // if closed, the loop ends
            }
            events.accepted(client);
            current = client;
            if (closed) { // close() ran between accept() and the line above: it could not see this client
                OpenConnections.closeQuietly(client);
                return;
            }
            // What the chapter's BlockingEcho.serve does around its echo loop, given: serve(client), yours, returns
            // only when this client is done; how it ended is one log line and one event.
            SocketAddress who = client.getRemoteSocketAddress();
            BlockingEvents.End end;
            try (client) {
                try {
                    serve(client);
                    LOG.log(System.Logger.Level.DEBUG, "client " + who + " done");
                    end = BlockingEvents.End.DONE;
                } catch (IOException e) {
                    if (client.isClosed()) { // close() cut it off: the server is shutting down
                        LOG.log(System.Logger.Level.DEBUG, "client " + who + " closed by the server");
                        end = BlockingEvents.End.CLOSED_BY_SERVER;
                    } else { // reset by the client, or gone: one line, no stack trace, and the next one is served
                        LOG.log(System.Logger.Level.INFO, "client " + who + " dropped: " + e.getMessage());
                        end = BlockingEvents.End.DROPPED;
                    }
                }
            } catch (IOException closeFailed) {
                end = BlockingEvents.End.DROPPED; // closing a socket whose peer is gone
            }
            events.ended(client, end);
            current = null;
        }
    }

    /**
     * TODO exercise 01: echo this client until it is done.
     *
     * <p>Read what the client sends into a buffer of {@code config.readBufferSize()} bytes and write it straight
     * back, again and again, until {@code read} returns -1: the client has shut its output (end of stream). Then
     * shut down your own output, so that the client's read sees the end too. (The socket is closed for you when
     * this returns.) While this method runs, nobody else is accepted: that is the chapter's lesson and its limit.
     *
     * <p>Tell {@code events} what happens, for {@code --trace} and the chapter's WatchItTest: call
     * {@code events.reading(client)} before each read, {@code events.read(client, buffer, n)} after each read that
     * got bytes, and {@code events.wrote(client, buffer, n)} after each write.
     *
     * <p>Hint: 01-blocking/README.md, "The code" (the echo loop, and why a blocking write leaves nothing pending
     * at end of stream).
     */
    private void serve(Socket client) throws IOException {
        // TODO exercise 01: your echo loop here. (As it is, the client is closed before it gets a byte back.)
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
        Socket client = current;
        if (client != null) {
            OpenConnections.closeQuietly(client); // wakes a read() blocked on the client
        }
        Threads.join(serverThread);
    }
}
