package echo.threadperclient;

import echo.common.BlockingEvents;

import java.net.Socket;

/**
 * Chapter 02's events (and so 07's): the blocking loop's, plus the life of each connection's thread and the
 * refusals of the connection limit. No-op by default, like {@link BlockingEvents} (DESIGN.md, tracing).
 */
public interface ThreadPerClientEvents extends BlockingEvents {
    ThreadPerClientEvents NONE = new ThreadPerClientEvents() {
    };

    /** Why a connection was closed at once instead of served. */
    enum Refusal {
        /** {@code --max-connections} connections are open already. */
        OVER_LIMIT,
        /** The JVM could not start another thread ("unable to create native thread"). */
        NO_THREAD
    }

    /** Called first thing on the connection's own thread: it exists now, for as long as the connection. */
    default void threadStarted(Socket client) {
    }

    /** Called last thing on the connection's own thread: the connection is over and the thread ends. */
    default void threadEnded(Socket client) {
    }

    /** The acceptor closed this connection at once: {@code limit} is {@code --max-connections}. */
    default void refused(Socket client, Refusal why, int limit) {
    }
}
