package echo.blocking;

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
 * (binding, the accept loop, close()); you write how one client is served.
 *
 * <p>Run {@code mvn -q -pl exercises/01-blocking test -Dexercise} to be judged by chapter 01's own tests. The
 * chapter's code is the solution: 01-blocking/src/main/java/echo/blocking/BlockingServer.java and the loop it
 * calls, common/src/main/java/echo/common/BlockingEcho.java ({@code echoUntilEof}).
 */
public final class BlockingServer implements EchoServer {
    private static final System.Logger LOG = Logs.logger(BlockingChapter.ID);

    private final ServerConfig config;
    private ServerSocket listener;
    private Thread serverThread;
    private volatile Socket current; // the one client being served, so close() can cut it off
    private volatile boolean closed;

    public BlockingServer(ServerConfig config) {
        this.config = config;
    }

    @Override
    public void start() throws IOException {
        listener = Net.listen(config);
        serverThread = new Thread(this::serveForever, "echo-" + BlockingChapter.ID + "-server");
        serverThread.start();
    }

    private void serveForever() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept(); // blocks until a client is in the backlog
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
                    Threads.pause(Duration.ofMillis(100));
                }
                continue;
            }
            current = client;
            if (closed) {
                OpenConnections.closeQuietly(client);
                return;
            }
            SocketAddress who = client.getRemoteSocketAddress();
            try (client) {
                serve(client);
                LOG.log(System.Logger.Level.DEBUG, "client " + who + " done");
            } catch (IOException e) {
                if (client.isClosed()) { // close() cut it off: the server is shutting down
                    LOG.log(System.Logger.Level.DEBUG, "client " + who + " closed by the server");
                } else { // reset by the client, or gone: one line, no stack trace, and the next one is served
                    LOG.log(System.Logger.Level.INFO, "client " + who + " dropped: " + e.getMessage());
                }
            }
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
     * <p>Hint: 01-blocking/README.md, "The code" (the echo loop, and why a blocking write leaves nothing pending
     * at end of stream).
     */
    private void serve(Socket client) throws IOException {
        // TODO exercise 01: your echo loop here. (As it is, the client is closed before it gets a byte back.)
    }

    @Override
    public SocketAddress address() {
        if (listener == null) {
            throw new IllegalStateException("not started");
        }
        return listener.getLocalSocketAddress();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (listener != null) {
            OpenConnections.closeQuietly(listener);
        }
        Socket client = current;
        if (client != null) {
            OpenConnections.closeQuietly(client);
        }
        Threads.join(serverThread);
    }
}
