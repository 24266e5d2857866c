package echo.clients;

import java.time.Duration;
import java.util.Objects;

/**
 * What a load run does: {@code connections} connections to {@code target}, each doing synchronous ping-pong of
 * {@code payloadSize}-byte messages on its own thread, first for {@code warmup} (not measured), then either for
 * {@code duration} or for {@code countPerConnection} messages each.
 *
 * @param replyTimeout a round trip that has not finished after this long is an error and ends its connection
 *                     (for datagrams: the datagram counts as lost and the connection goes on)
 * @param progress     print a progress line each second (on stderr when run from the command line)
 */
public record LoadOptions(
        Target target,
        int connections,
        int payloadSize,
        Duration warmup,
        Duration duration,
        long countPerConnection,
        Duration replyTimeout,
        boolean progress) {

    /** Each connection is a thread here: keep it well under the process's 20,000 file descriptors. */
    public static final int MAX_CONNECTIONS = 5_000;

    public LoadOptions {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(replyTimeout, "replyTimeout");
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be between 1 and " + MAX_CONNECTIONS
                    + ", got " + connections);
        }
        if (payloadSize < 0) {
            throw new IllegalArgumentException("payload size must not be negative, got " + payloadSize);
        }
        if ((duration == null) == (countPerConnection <= 0)) {
            throw new IllegalArgumentException("give either a duration or a count per connection, not both");
        }
        if (warmup.isNegative() || (duration != null && (duration.isNegative() || duration.isZero()))) {
            throw new IllegalArgumentException("warm-up and duration must be positive");
        }
    }

    /** 1 connection, 64-byte messages, 1 s of warm-up, 10 s measured, progress shown. */
    public static LoadOptions defaults(Target target) {
        return new LoadOptions(target, 1, 64, Duration.ofSeconds(1), Duration.ofSeconds(10), 0,
                Duration.ofSeconds(10), true);
    }

    public LoadOptions withConnections(int n) {
        return new LoadOptions(target, n, payloadSize, warmup, duration, countPerConnection, replyTimeout, progress);
    }

    public LoadOptions withPayloadSize(int bytes) {
        return new LoadOptions(target, connections, bytes, warmup, duration, countPerConnection, replyTimeout,
                progress);
    }

    public LoadOptions withWarmup(Duration d) {
        return new LoadOptions(target, connections, payloadSize, d, duration, countPerConnection, replyTimeout,
                progress);
    }

    /** Measure for this long (and forget any count). */
    public LoadOptions withDuration(Duration d) {
        return new LoadOptions(target, connections, payloadSize, warmup, d, 0, replyTimeout, progress);
    }

    /** Measure exactly this many round trips per connection (and forget any duration). */
    public LoadOptions withCountPerConnection(long n) {
        return new LoadOptions(target, connections, payloadSize, warmup, null, n, replyTimeout, progress);
    }

    public LoadOptions withReplyTimeout(Duration d) {
        return new LoadOptions(target, connections, payloadSize, warmup, duration, countPerConnection, d, progress);
    }

    public LoadOptions withProgress(boolean on) {
        return new LoadOptions(target, connections, payloadSize, warmup, duration, countPerConnection, replyTimeout,
                on);
    }
}
