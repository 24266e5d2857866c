package echo.async;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;

/**
 * What happens in the proactor, told as it happens: the server calls one method per event, on the thread it
 * happens on, and does nothing else about being watched. Every method does nothing by default, and {@link #NONE}
 * is what the server gets when nobody watches. {@link AsyncWatcher} turns the events into {@code --trace} lines
 * and {@code --stats} figures; the tests count with it.
 *
 * <p>Called from every thread of the group at once: an implementation must be thread-safe, must not block and
 * must not throw. The buffers are the connection's own: look, do not keep or change.
 */
public interface AsyncEvents {
    /** Nobody watching. */
    AsyncEvents NONE = new AsyncEvents() {
    };

    /**
     * How a connection ended, and how {@code --trace} says it. (The words live here rather than in a switch in
     * the watcher: javac compiles a switch on an enum to a class of its own, loaded at the switch's first run,
     * which out of file descriptors is a class the JVM cannot open. See AsyncServer's constructor.)
     */
    enum End {
        /** The client shut its output (a read completed with -1); everything it sent had been echoed. */
        DONE("done (end of input, all echoed)"),
        /** A read or write failed: reset by the client, or gone. */
        DROPPED("dropped (reset or gone)"),
        /** The server closed it: close(), which shuts the group down. */
        CLOSED_BY_SERVER("closed by the server"),
        /** A bug in a handler (its stack trace is logged). */
        AFTER_A_BUG("after a bug in a handler");

        private final String said;

        End(String said) {
            this.said = said;
        }

        /** The words of the trace's "closed" line. */
        public String said() {
            return said;
        }
    }

    /** The server asked the JDK for the next connection (a completed accept asks for the next one first). */
    default void accepting() {
    }

    /** An accept completed with this connection. */
    default void accepted(AsynchronousSocketChannel client) {
    }

    /** A Connection now serves this client, with {@code buffer}, its own for its whole life. */
    default void serving(AsynchronousSocketChannel client, ByteBuffer buffer) {
    }

    /** The server asked for a read into {@code buffer}: nothing happens on this connection until it completes. */
    default void reading(AsynchronousSocketChannel client, ByteBuffer buffer) {
    }

    /** A read completed with {@code n} bytes, in {@code buffer[0..n)}; -1 is the client's end of input. */
    default void read(AsynchronousSocketChannel client, ByteBuffer buffer, int n) {
    }

    /** The server asked for a write of the {@code buffer.remaining()} bytes of {@code buffer}. */
    default void writing(AsynchronousSocketChannel client, ByteBuffer buffer) {
    }

    /** A write completed with {@code n} bytes sent; {@code buffer.remaining()} are still to go (a partial write). */
    default void wrote(AsynchronousSocketChannel client, ByteBuffer buffer, int n) {
    }

    /** The outstanding read failed (the connection is about to end). */
    default void readFailed(AsynchronousSocketChannel client, Throwable failure) {
    }

    /** The outstanding write failed (the connection is about to end). */
    default void writeFailed(AsynchronousSocketChannel client, Throwable failure) {
    }

    /** The connection is over, for this reason; its channel is closed right after, and {@code buffer} freed. */
    default void ended(AsynchronousSocketChannel client, ByteBuffer buffer, End how) {
    }
}
