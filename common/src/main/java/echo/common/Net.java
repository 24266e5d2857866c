package echo.common;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Binding a listening socket, with errors a reader can act on. Every chapter binds through here so that
 * "port in use" reads the same everywhere: {@code port 20000 on 127.0.0.1 is already in use}.
 */
public final class Net {
    private Net() {
    }

    /** A bound, listening {@link ServerSocket} for the blocking chapters (01, 02, 03, 07). */
    public static ServerSocket listen(ServerConfig config) throws IOException {
        InetSocketAddress address = inetAddress(config);
        ServerSocket server = new ServerSocket();
        try {
            server.bind(address, config.backlog());
            return server;
        } catch (IOException e) {
            server.close();
            throw explain(e, address);
        }
    }

    /**
     * A bound, listening {@link ServerSocketChannel} (still in blocking mode) for the NIO chapters: on a TCP port,
     * or on a Unix domain socket file when {@link ServerConfig#unixSocket()} is set.
     */
    public static ServerSocketChannel listenChannel(ServerConfig config) throws IOException {
        if (config.unixSocket() != null) {
            return listenUnix(config.unixSocket(), config.backlog());
        }
        InetSocketAddress address = inetAddress(config);
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(address, config.backlog());
            return server;
        } catch (IOException e) {
            server.close();
            throw explain(e, address);
        }
    }

    /** Something that binds by itself: a {@code DatagramChannel}'s bind, Netty's {@code bootstrap.bind(address).sync()}. */
    @FunctionalInterface
    public interface Binding<T> {
        T bind(InetSocketAddress address) throws Exception;
    }

    /**
     * Binds through another API (UDP, Netty) to the configured address, failing with the same clear words as
     * {@link #listen}: {@code port 20000 on 127.0.0.1 is already in use}.
     */
    public static <T> T bind(ServerConfig config, Binding<T> binding) throws IOException {
        InetSocketAddress address = inetAddress(config);
        try {
            return binding.bind(address);
        } catch (IOException e) { // Netty's sync() rethrows the bind's own BindException, undeclared
            throw explain(e, address);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while binding " + Net.describe(address));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot listen on " + Net.describe(address) + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a server's {@link EchoServer#address()} hands back: {@code bound}, the listener (or its address) that
     * {@code start()} set, or, while it is still {@code null}, the caller's mistake said as such
     * ({@code IllegalStateException: not started}) rather than a {@code NullPointerException} from inside.
     */
    public static <T> T requireStarted(T bound) {
        if (bound == null) {
            throw new IllegalStateException("not started");
        }
        return bound;
    }

    /**
     * The first line of a server's {@link EchoServer#start()}: a server is started once. {@code startedWith} is
     * what {@code start()} sets (the listener, the event loop...), {@code closed} whether {@code close()} has run.
     * A second start(), or one after close(), would bind a listener that nothing ever closes: it is refused, as
     * the caller's mistake, before anything is opened.
     */
    public static void requireNotStarted(Object startedWith, boolean closed) {
        if (closed) {
            throw new IllegalStateException("closed: a server is started once; make a new one");
        }
        if (startedWith != null) {
            throw new IllegalStateException("already started");
        }
    }

    /** Where to talk to a server: an {@code ip:port} for TCP, the path for a Unix domain socket. */
    public static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /**
     * Removes a server's Unix socket file. The file outlives the socket (closing a channel does not unlink it),
     * so a server that bound one must delete it on close, or the next start finds it in the way.
     */
    public static void removeSocketFile(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            try {
                Files.deleteIfExists(unix.getPath());
            } catch (IOException e) {
                System.getLogger(Net.class.getName()).log(System.Logger.Level.WARNING,
                        "could not remove socket file " + unix.getPath() + ": " + e.getMessage());
            }
        }
    }

    private static ServerSocketChannel listenUnix(Path path, int backlog) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            removeIfStale(address);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(address, backlog);
            return server;
        } catch (IOException e) {
            server.close();
            throw new BindException("cannot listen on socket file " + path + ": " + e.getMessage());
        }
    }

    /**
     * A socket file left by a server that died without cleaning up refuses connections; a live server's accepts
     * them. Remove the first kind, refuse to touch the second, and never delete anything that is not a socket
     * file (a FIFO, a regular file, a directory, a device): {@code --unix} with a wrong path must not destroy it.
     */
    private static void removeIfStale(UnixDomainSocketAddress address) throws IOException {
        Path path = address.getPath();
        if (!isSocketFile(path)) {
            throw new BindException(path + " exists and is not a socket file; remove it or pick another --unix path");
        }
        try (SocketChannel probe = SocketChannel.open(address)) {
            throw new BindException("socket file " + path + " is in use by a running server");
        } catch (BindException inUse) {
            throw inUse;
        } catch (IOException refused) {
            // Nobody listens: a stale file from an earlier run.
        }
        Files.deleteIfExists(path);
    }

    /** The file type bits of st_mode (S_IFMT), and the value that means "socket" (S_IFSOCK). */
    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;

    /**
     * Whether {@code path} is a socket file, read from its mode as {@code stat} reports it (the link itself, not
     * what it points to: a symbolic link is not ours to follow and delete). Java has no "isSocket", but on Linux
     * and macOS the "unix" attribute view gives the raw mode.
     */
    static boolean isSocketFile(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException noUnixView) { // e.g. Windows: cannot tell, so do not delete
            return false;
        }
    }

    private static InetSocketAddress inetAddress(ServerConfig config) throws IOException {
        try {
            return new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port());
        } catch (UnknownHostException e) {
            throw new BindException("cannot resolve bind address '" + config.bindAddress() + "'");
        }
    }

    private static IOException explain(IOException e, InetSocketAddress address) {
        String where = address.getAddress().getHostAddress();
        if (e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")) {
            return new BindException("port " + address.getPort() + " on " + where + " is already in use"
                    + " (is another server running? pick another with --port)");
        }
        return new BindException("cannot listen on " + where + ":" + address.getPort() + ": " + e.getMessage());
    }
}
