package echo.common;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a chapter's server can be told. Each chapter reads only the fields it uses; {@link #defaults()} is
 * what {@code mvn exec:java} runs with.
 *
 * @param bindAddress     where to listen; 127.0.0.1 by default, because a tutorial server must not listen on
 *                        every interface unless asked ({@code --bind 0.0.0.0})
 * @param port            TCP port; 20000 as in the classic recipe, 0 for an ephemeral port (the tests use it)
 * @param backlog         the listen queue: connections the kernel completes before we call accept()
 * @param poolSize        worker threads of a pool (chapter 03)
 * @param queueSize       accepted connections that may wait for a free worker before new ones are refused (03)
 * @param idleTimeout     a connection silent this long is closed (03, like the recipe's {@code timeout = 5});
 *                        {@link Duration#ZERO} means never; at most {@link #MAX_IDLE_TIMEOUT}, a day (a
 *                        socket's time-out is an int of milliseconds: 25 days would wrap round to a negative one)
 * @param readBufferSize  bytes read from a connection at a time
 * @param maxPendingBytes per-connection output waiting for a slow reader; past it the server stops reading
 *                        from that connection until the output drains to half (05, 06, 08)
 * @param maxFrame        the largest frame payload accepted (06, 08 framed); a larger length closes the connection
 * @param maxConnections  open connections at most; 0 means no limit (the guard of chapter 02)
 * @param unixSocket      listen on this Unix domain socket file instead of a TCP port; {@code null} for TCP
 * @param reactors        selector threads serving connections (chapter 09); one per core by default
 * @param transport       how the event loop waits for sockets (08: nio, epoll or io_uring); {@link Transport#NIO}
 */
public record ServerConfig(
        String bindAddress,
        int port,
        int backlog,
        int poolSize,
        int queueSize,
        Duration idleTimeout,
        int readBufferSize,
        int maxPendingBytes,
        int maxFrame,
        int maxConnections,
        Path unixSocket,
        int reactors,
        Transport transport) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 20000;
    public static final int DEFAULT_MAX_FRAME = 1 << 20;
    public static final int MAX_REACTORS = 1024;
    public static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(1);

    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(transport, "transport");
        requireRange("port", port, 0, 65535);
        requireRange("backlog", backlog, 1, Integer.MAX_VALUE);
        requireRange("pool size", poolSize, 1, 100_000);
        requireRange("queue size", queueSize, 0, 1_000_000);
        requireRange("read buffer size", readBufferSize, 1, 64 << 20);
        requireRange("max pending bytes", maxPendingBytes, 1, Integer.MAX_VALUE);
        requireRange("max frame", maxFrame, 0, Integer.MAX_VALUE - Frames.HEADER_BYTES);
        requireRange("max connections", maxConnections, 0, Integer.MAX_VALUE);
        requireRange("reactors", reactors, 1, MAX_REACTORS);
        if (idleTimeout.isNegative() || idleTimeout.compareTo(MAX_IDLE_TIMEOUT) > 0) {
            throw new IllegalArgumentException("idle time-out must be between 0 and " + MAX_IDLE_TIMEOUT.toSeconds()
                    + " s, got " + idleTimeout);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_BIND, DEFAULT_PORT, 1024, 16, 64, Duration.ofSeconds(5),
                16 * 1024, 64 * 1024, DEFAULT_MAX_FRAME, 0, null,
                Runtime.getRuntime().availableProcessors(), Transport.NIO);
    }

    /** Output at or below this, after passing {@link #maxPendingBytes()}, lets reading resume (a low watermark). */
    public int resumeReadingBelow() {
        return maxPendingBytes / 2;
    }

    public ServerConfig withBindAddress(String v) {
        return new ServerConfig(v, port, backlog, poolSize, queueSize, idleTimeout, readBufferSize,
                maxPendingBytes, maxFrame, maxConnections, unixSocket, reactors, transport);
    }

    public ServerConfig withPort(int v) {
        return new ServerConfig(bindAddress, v, backlog, poolSize, queueSize, idleTimeout, readBufferSize,
                maxPendingBytes, maxFrame, maxConnections, unixSocket, reactors, transport);
    }

    public ServerConfig withBacklog(int v) {
        return new ServerConfig(bindAddress, port, v, poolSize, queueSize, idleTimeout, readBufferSize,
                maxPendingBytes, maxFrame, maxConnections, unixSocket, reactors, transport);
    }

    public ServerConfig withPoolSize(int v) {
        return new ServerConfig(bindAddress, port, backlog, v, queueSize, idleTimeout, readBufferSize,
                maxPendingBytes, maxFrame, maxConnections, unixSocket, reactors, transport);
    }

    public ServerConfig withQueueSize(int v) {
        return new ServerConfig(bindAddress, port, backlog, poolSize, v, idleTimeout, readBufferSize,
                maxPendingBytes, maxFrame, maxConnections, unixSocket, reactors, transport);
    }

    public ServerConfig withIdleTimeout(Duration v) {
        return new ServerConfig(bindAddress, port, backlog, poolSize, queueSize, v, readBufferSize,
                maxPendingBytes, maxFrame, maxConnections, unixSocket, reactors, transport);
    }

    public ServerConfig withReadBufferSize(int v) {
        return new ServerConfig(bindAddress, port, backlog, poolSize, queueSize, idleTimeout, v,
                maxPendingBytes, maxFrame, maxConnections, unixSocket, reactors, transport);
    }

    public ServerConfig withMaxPendingBytes(int v) {
        return new ServerConfig(bindAddress, port, backlog, poolSize, queueSize, idleTimeout, readBufferSize,
                v, maxFrame, maxConnections, unixSocket, reactors, transport);
    }

    public ServerConfig withMaxFrame(int v) {
        return new ServerConfig(bindAddress, port, backlog, poolSize, queueSize, idleTimeout, readBufferSize,
                maxPendingBytes, v, maxConnections, unixSocket, reactors, transport);
    }

    public ServerConfig withMaxConnections(int v) {
        return new ServerConfig(bindAddress, port, backlog, poolSize, queueSize, idleTimeout, readBufferSize,
                maxPendingBytes, maxFrame, v, unixSocket, reactors, transport);
    }

    public ServerConfig withUnixSocket(Path v) {
        return new ServerConfig(bindAddress, port, backlog, poolSize, queueSize, idleTimeout, readBufferSize,
                maxPendingBytes, maxFrame, maxConnections, v, reactors, transport);
    }

    public ServerConfig withReactors(int v) {
        return new ServerConfig(bindAddress, port, backlog, poolSize, queueSize, idleTimeout, readBufferSize,
                maxPendingBytes, maxFrame, maxConnections, unixSocket, v, transport);
    }

    public ServerConfig withTransport(Transport v) {
        return new ServerConfig(bindAddress, port, backlog, poolSize, queueSize, idleTimeout, readBufferSize,
                maxPendingBytes, maxFrame, maxConnections, unixSocket, reactors, v);
    }

    private static void requireRange(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
