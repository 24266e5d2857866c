package echo.bench.testchapters;

import echo.common.BlockingEcho;
import echo.common.EchoServer;
import echo.common.Logs;
import echo.common.Net;
import echo.common.OpenConnections;
import echo.common.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in chapter server for the benchmarks' own tests (the real chapters are other modules): common's blocking
 * echo loop, either on a thread per connection or one connection at a time.
 */
final class BlockingTestServer implements EchoServer {
    private final ServerConfig config;
    private final boolean threadPerConnection;
    private final System.Logger log;
    private final OpenConnections<Socket> connections = new OpenConnections<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private ServerSocket listener;

    BlockingTestServer(String id, ServerConfig config, boolean threadPerConnection) {
        this.config = config;
        this.threadPerConnection = threadPerConnection;
        this.log = Logs.logger(id);
    }

    @Override
    public void start() throws IOException {
        listener = Net.listen(config);
        Thread acceptor = new Thread(this::acceptLoop, "test-acceptor");
        threads.add(acceptor);
        acceptor.start();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                if (!connections.add(socket)) {
                    return;
                }
                if (threadPerConnection) {
                    Thread handler = new Thread(() -> serve(socket), "test-handler");
                    threads.add(handler);
                    handler.start();
                } else {
                    serve(socket);
                }
            }
        } catch (IOException closed) {
            // close() closed the listener.
        }
    }

    private void serve(Socket socket) {
        BlockingEcho.serve(socket, config.readBufferSize(), log);
        connections.remove(socket);
    }

    @Override
    public SocketAddress address() {
        return listener.getLocalSocketAddress();
    }

    @Override
    public void close() {
        if (listener == null) {
            return;
        }
        OpenConnections.closeQuietly(listener);
        connections.closeAll();
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
