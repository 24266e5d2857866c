package echo.async;

import echo.common.OpenConnections;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One client: read, write all of it, read again. Each step is asked of the JDK, which does it and then calls
 * {@link #onRead} or {@link #onWritten} on some thread of the group. One operation is outstanding at a time, so
 * this object is only ever touched by one handler at a time, one after the other (on whichever thread).
 * <ul>
 *   <li>only one write may be outstanding per channel (a second one throws {@code WritePendingException}), so the
 *       rest of a partial write is written from the write's own completion;</li>
 *   <li>the next read is asked for only once the write has completed entirely: that is the backpressure;</li>
 *   <li>half-close: a read completing with -1 comes after every earlier byte was echoed, so close then;</li>
 *   <li>a failure (a reset client) closes this connection, in one line; a bug in a handler too, with its stack
 *       trace, and the group's thread goes on.</li>
 * </ul>
 */
final class Connection {
    private final AsyncServer server;
    private final AsynchronousSocketChannel channel;
    private final AsyncEvents events;
    // The connection's own buffer, for its whole life. While a read or a write is outstanding it belongs to the
    // JDK (which fills it, or sends from it, on another thread); we touch it again only in the completion.
    private final ByteBuffer buffer;
    private boolean closed;

    Connection(AsyncServer server, AsynchronousSocketChannel channel) {
        this.server = server;
        this.channel = channel;
        this.events = server.events;
        this.buffer = ByteBuffer.allocate(server.config().readBufferSize());
    }

    void start() {
        events.serving(channel, buffer);
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // small replies leave at once
        } catch (IOException e) {
            close(INFO, "could not be set up: " + e.getMessage(), AsyncEvents.End.DROPPED);
            return;
        }
        server.log.log(DEBUG, () -> "client " + describe() + " connected");
        read();
    }

    private void read() {
        buffer.clear();
        events.reading(channel, buffer);
        channel.read(buffer, null, onRead);
    }

    private final CompletionHandler<Integer, Void> onRead = new CompletionHandler<>() {
        @Override
        public void completed(Integer n, Void nothing) {
            events.read(channel, buffer, n);
            try {
                if (n < 0) {
                    // The client shut its output (half-close). Every byte read before this has been echoed
                    // already: a read is asked for only after the last write completed. Nothing is pending.
                    close(DEBUG, "done", AsyncEvents.End.DONE);
                    return;
                }
                buffer.flip();
                write();
            } catch (RuntimeException bug) {
                bug(bug);
            }
        }

        @Override
        public void failed(Throwable failure, Void nothing) {
            events.readFailed(channel, failure);
            failedWith(failure);
        }
    };

    private void write() {
        events.writing(channel, buffer);
        channel.write(buffer, null, onWritten);
    }

    private final CompletionHandler<Integer, Void> onWritten = new CompletionHandler<>() {
        @Override
        public void completed(Integer n, Void nothing) {
            events.wrote(channel, buffer, n);
            try {
                if (buffer.hasRemaining()) {
                    // Pitfall: a partial write (the kernel's send buffer had room for only part). Write the rest
                    // from here, and only here: one write may be outstanding per channel, and a second one asked
                    // for before this completed would throw WritePendingException.
                    write();
                    return;
                }
                // Backpressure, for free: the next read is asked for only now, when every byte of the last one
                // is out. A client that does not read its echo keeps this write outstanding, so nothing more is
                // read from it: its bytes wait in the kernel's receive buffer, and TCP's window stops it.
                read();
            } catch (RuntimeException bug) {
                bug(bug);
            }
        }

        @Override
        public void failed(Throwable failure, Void nothing) {
            events.writeFailed(channel, failure);
            failedWith(failure);
        }
    };

    /** An operation failed: a client that reset or left mid-write (its business, one line), or close(). */
    private void failedWith(Throwable failure) {
        if (failure instanceof ClosedChannelException) { // AsynchronousCloseException too
            // The server is closing (shutdownNow closed the channel under the operation).
            close(DEBUG, "closed", AsyncEvents.End.CLOSED_BY_SERVER);
        } else if (failure instanceof IOException) {
            close(INFO, "dropped: " + failure.getMessage(), AsyncEvents.End.DROPPED);
        } else {
            bug(failure);
        }
    }

    /**
     * A bug in a handler. Thrown out of completed(), it would end the group's thread (the JDK starts another),
     * and in a process started by Launcher the uncaught-exception handler would stop the whole server. This
     * connection goes, loudly, with its stack trace; the others go on.
     */
    private void bug(Throwable bug) {
        server.log.log(WARNING, "closing " + describe() + " after an error", bug);
        close(INFO, "closed after an error", AsyncEvents.End.AFTER_A_BUG);
    }

    private void close(System.Logger.Level level, String why, AsyncEvents.End how) {
        if (closed) {
            return;
        }
        closed = true;
        if (server.log.isLoggable(level)) {
            server.log.log(level, "client " + describe() + " " + why);
        }
        events.ended(channel, buffer, how);
        OpenConnections.closeQuietly(channel);
    }

    private String describe() {
        try {
            SocketAddress remote = channel.getRemoteAddress();
            return String.valueOf(remote);
        } catch (IOException e) {
            return "(address unknown: " + e.getMessage() + ")";
        }
    }
}
