package echo.blocking;

import echo.common.BlockingEcho;
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
 * Chapter 01: the simplest echo server that works. One thread accepts a connection, echoes it until the client is
 * done, and only then accepts the next. While it serves one client, every other client waits in the kernel's
 * listen queue (the backlog): connected, but unanswered.
 *
 * <p>Python's {@code socketserver.TCPServer} with a {@code StreamRequestHandler} works exactly like this.
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
            // The whole lesson of this chapter is this one call: it returns only when this client is done.
            // Until then nobody else is accepted, read, or answered.
            BlockingEcho.serve(client, config.readBufferSize(), LOG, events);
            current = null;
        }
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
