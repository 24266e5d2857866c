package echo.common;

import java.net.Socket;

/**
 * What happens in a blocking server (chapters 01, 02, 03 and 07 and their shared loop, {@link BlockingEcho}), told
 * as it happens: the server calls one method per event and does nothing else about being watched. Every method
 * does nothing by default, and {@link #NONE} is what a server gets when nobody watches, so an event costs a call
 * to an empty method, which the JIT removes. {@link BlockingWatcher} turns the events into {@code --trace} lines
 * and {@code --stats} figures; a test can implement the few it needs. A chapter whose server has events of its
 * own (03's pool) extends this interface.
 *
 * <p>Called on the thread the event happens on, often many threads at once: an implementation must be
 * thread-safe, must not block and must not throw.
 */
public interface BlockingEvents {
    /** Nobody watching. */
    BlockingEvents NONE = new BlockingEvents() {
    };

    /** How a connection ended. */
    enum End {
        /** The client shut its output (end of stream) and everything it sent was echoed. */
        DONE,
        /** Silent longer than the read time-out (03's {@code --idle-timeout}): the server gave up on it. */
        IDLE,
        /** Reset or otherwise gone: an I/O error on this connection alone. */
        DROPPED,
        /** The server closed it: {@code close()}, shutting down. */
        CLOSED_BY_SERVER
    }

    /** The accepting thread is about to wait in {@code accept()} for the next connection. */
    default void accepting() {
    }

    /** {@code accept()} returned this connection. */
    default void accepted(Socket client) {
    }

    /** About to wait in {@code read()}: this thread now does nothing until the client sends or goes. */
    default void reading(Socket client) {
    }

    /** {@code read()} returned {@code n} bytes, in {@code data[0..n)} (look, do not keep or change). */
    default void read(Socket client, byte[] data, int n) {
    }

    /** {@code write()} returned: all {@code n} bytes of {@code data[0..n)} are with the kernel. */
    default void wrote(Socket client, byte[] data, int n) {
    }

    /** The connection is over, for this reason, and its socket closed. */
    default void ended(Socket client, End how) {
    }
}
