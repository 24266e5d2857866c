package echo.clients;

import echo.common.BlockingEcho;
import echo.common.Logs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tiny servers for the clients' tests, on loopback and an ephemeral port, a thread per connection: an honest echo
 * (common's {@link BlockingEcho}), one that corrupts, one that never answers, one that hangs up, and a UDP echo.
 */
final class TestServer implements AutoCloseable {
    /** What a connection's thread does with its socket. */
    interface Handler {
        void serve(Socket socket) throws IOException;

        /** A thread's body that may fail with an IOException. */
        interface Body {
            void run() throws IOException;
        }
    }

    private static final System.Logger LOG = Logs.logger("test-server");

    private final ServerSocket listener;
    private final DatagramSocket datagrams;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private TestServer(Handler handler) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        datagrams = null;
        start("test-accept", () -> {
            while (true) {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                start("test-connection", () -> {
                    try (socket) {
                        handler.serve(socket);
                    }
                });
            }
        });
    }

    private TestServer(DatagramSocket datagrams) {
        this.listener = null;
        this.datagrams = datagrams;
        start("test-udp", () -> {
            byte[] buffer = new byte[65_535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                datagrams.receive(packet);
                datagrams.send(packet); // the packet still carries the sender's address: straight back
            }
        });
    }

    /** Every byte back, in order (the same loop chapters 01-03 use). */
    static TestServer echo() throws IOException {
        return new TestServer(socket -> BlockingEcho.echoUntilEof(socket, 16 * 1024));
    }

    /** Echoes, but flips the last byte of every chunk it reads, so every message comes back wrong. */
    static TestServer corrupting() throws IOException {
        return new TestServer(socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                buffer[n - 1] ^= 0x01;
                out.write(buffer, 0, n);
            }
        });
    }

    /**
     * Echoes the first connection only; every later one is accepted and read but never answered, as a server
     * that queues connections past its pool leaves them (03).
     */
    static TestServer servesTheFirstOnly() throws IOException {
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        return new TestServer(socket -> {
            if (first.getAndSet(false)) {
                BlockingEcho.echoUntilEof(socket, 16 * 1024);
            } else {
                socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            }
        });
    }

    /** Reads and discards; never answers. */
    static TestServer silent() throws IOException {
        return new TestServer(socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream()));
    }

    /** Answers nothing and hangs up at once. */
    static TestServer hangingUp() throws IOException {
        return new TestServer(socket -> { });
    }

    static TestServer udpEcho() throws IOException {
        return new TestServer(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    }

    SocketAddress address() {
        return listener != null ? listener.getLocalSocketAddress() : datagrams.getLocalSocketAddress();
    }

    int port() {
        return ((InetSocketAddress) address()).getPort();
    }

    private void start(String name, Handler.Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (SocketException closed) {
                // close() closed the socket under us: the normal way out.
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, name + ": " + e.getMessage());
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        if (listener != null) {
            listener.close();
        }
        if (datagrams != null) {
            datagrams.close();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
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
