package echo.bench;

import echo.clients.EchoConnection;
import echo.common.Chapter;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;
import echo.common.ServerConfig;
import java.util.Optional;

/**
 * Which measurements a chapter can take part in, decided from what it declares (its promises, options and
 * protocol), never from its name. A combination that cannot run is skipped with the reason, so a run never hangs
 * on, say, a one-client-at-a-time server asked to serve 16 ping-pong connections.
 */
final class Capacity {
    private Capacity() {
    }

    /** Why {@code chapter} cannot serve {@code connections} ping-pong connections at once, if it cannot. */
    static Optional<String> cannotServe(Chapter chapter, ServerConfig config, int connections) {
        if (connections > 1 && !chapter.promises().contains(Promise.CONCURRENT_CLIENTS)) {
            return Optional.of(chapter.id() + " serves one connection at a time: the others would wait in the"
                    + " accept queue until the first leaves, and a ping-pong client never leaves");
        }
        if (chapter.promises().contains(Promise.WORKER_PER_CONNECTION) && connections > config.poolSize()) {
            return Optional.of(chapter.id() + " has a pool of " + config.poolSize() + " workers: connections past "
                    + config.poolSize() + " wait in its queue until a worker frees, and a ping-pong client never"
                    + " frees one");
        }
        return Optional.empty();
    }

    /** Why {@code chapter} cannot echo {@code payload}-byte messages, if it cannot. */
    static Optional<String> cannotCarry(Chapter chapter, ServerConfig config, int payload) {
        if (chapter.protocol() == Protocol.DATAGRAM && payload > EchoConnection.MAX_DATAGRAM_PAYLOAD) {
            return Optional.of(chapter.id() + ": one UDP datagram carries at most "
                    + EchoConnection.MAX_DATAGRAM_PAYLOAD + " bytes, not " + payload);
        }
        if (chapter.protocol() == Protocol.FRAMED && payload > config.maxFrame()) {
            return Optional.of(chapter.id() + ": " + payload + " bytes is over its max frame of " + config.maxFrame());
        }
        return Optional.empty();
    }

    /** Why holding many idle connections open tells nothing about {@code chapter}, if it does not. */
    static Optional<String> cannotHold(Chapter chapter) {
        if (chapter.protocol() == Protocol.DATAGRAM) {
            return Optional.of("UDP has no connections: one socket serves every client, so nothing grows with them");
        }
        if (!chapter.promises().contains(Promise.CONCURRENT_CLIENTS)) {
            return Optional.of("serves one connection at a time; the rest wait in the kernel's accept queue"
                    + " (at most the backlog), costing the server no thread and no memory, and are not served");
        }
        return Optional.empty();
    }
}
