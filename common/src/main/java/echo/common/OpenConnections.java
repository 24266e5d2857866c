package echo.common;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections a server holds open, so that {@code close()} can close every one of them: a thread blocked in
 * read() only wakes up when its socket is closed under it.
 */
public final class OpenConnections<C extends Closeable> {
    private final Set<C> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Tracks {@code connection}; returns false (and closes it) if the server is already closing, so a connection
     * accepted in the last instant is not left open behind close().
     */
    public boolean add(C connection) {
        open.add(connection);
        if (closed) {
            remove(connection);
            return false;
        }
        return true;
    }

    /** Stops tracking and closes it. */
    public void remove(C connection) {
        open.remove(connection);
        closeQuietly(connection);
    }

    public int size() {
        return open.size();
    }

    /** Closes every tracked connection, and every one added from now on. */
    public void closeAll() {
        closed = true;
        for (C connection : open) {
            remove(connection);
        }
    }

    public static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing is best effort: the peer may already be gone, and there is nothing left to tell it.
        }
    }
}
