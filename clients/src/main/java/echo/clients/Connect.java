package echo.clients;

import echo.common.Net;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;

/** Opening a stream connection with a time limit, and saying in one line why it failed. */
public final class Connect {
    /** Long enough for a busy machine, short enough that a full accept queue does not look like a hang. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private Connect() {
    }

    /**
     * A connected, blocking channel to {@code address} (TCP, with TCP_NODELAY on, or a Unix domain socket).
     *
     * <p>A blocking {@code connect()} has no time limit of its own: when a server's accept queue is full, Linux
     * drops the SYN and the client retries for about two minutes. So the connect is done non-blocking and waited
     * for with a selector, then the channel is switched back to blocking mode for simple ping-pong code.
     *
     * @throws IOException with a message a person can act on (see {@link #explain})
     */
    public static SocketChannel open(SocketAddress address, Duration timeout) throws IOException {
        SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        try {
            if (address instanceof InetSocketAddress) {
                // Without it, a small message waits for the previous one's ACK (Nagle): ping-pong would measure that.
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            channel.configureBlocking(false);
            if (!channel.connect(address)) {
                try (Selector selector = Selector.open()) {
                    channel.register(selector, SelectionKey.OP_CONNECT);
                    if (selector.select(Math.max(1, timeout.toMillis())) == 0) {
                        throw new SocketTimeoutException("no answer within " + timeout.toSeconds() + " s");
                    }
                    channel.finishConnect();
                } // closing the selector deregisters the channel, which configureBlocking(true) requires
            }
            channel.configureBlocking(true);
            return channel;
        } catch (IOException | UnresolvedAddressException e) {
            channel.close();
            throw explain(address, e);
        }
    }

    /**
     * "cannot connect to 127.0.0.1:20000: connection refused — is the server running?": the one line a user sees
     * instead of a stack trace.
     */
    public static IOException explain(SocketAddress address, Exception e) {
        String where = address instanceof InetSocketAddress inet && inet.isUnresolved()
                ? inet.getHostString() + ":" + inet.getPort()
                : Net.describe(address);
        String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        String why;
        if (e instanceof UnresolvedAddressException) {
            why = "unknown host";
        } else if (e instanceof ConnectException && reason.contains("refused")) {
            why = "connection refused — is the server running?";
        } else if (reason.contains("no such file")) {
            why = "no such socket file — is the server running?";
        } else if (e instanceof SocketTimeoutException) {
            why = e.getMessage() + " — is the server's accept queue full, or is it stopped?";
        } else if (e instanceof NoRouteToHostException) {
            why = "no route to host";
        } else {
            why = e.getMessage();
        }
        IOException explained = new ConnectException("cannot connect to " + where + ": " + why);
        explained.initCause(e);
        return explained;
    }
}
