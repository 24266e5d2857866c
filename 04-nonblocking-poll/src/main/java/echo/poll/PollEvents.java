package echo.poll;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Chapter 04's events: the rounds of the loop and what moved in them. No-op by default and {@link #NONE} when
 * nobody watches (DESIGN.md, tracing). All are called on the loop's thread (or the test's that turns the rounds),
 * so an implementation may count with plain fields written by that one thread.
 */
public interface PollEvents {
    PollEvents NONE = new PollEvents() {
    };

    /** A round is over: it asked {@code asked} connections; {@code open} remain; {@code busy} if any byte moved. */
    default void round(int asked, int open, boolean busy) {
    }

    /** {@code accept()} returned this connection, now non-blocking and in the list. */
    default void accepted(SocketChannel client) {
    }

    /** {@code read()} returned {@code n} bytes, the last {@code n} before {@code buffer}'s position. */
    default void read(SocketChannel client, ByteBuffer buffer, int n) {
    }

    /** {@code write()} took {@code n} bytes; {@code left} stay pending (the kernel's send buffer is full). */
    default void wrote(SocketChannel client, int n, int left) {
    }

    /** The connection is closed and leaves the list: at end of stream, or {@code dropped} (reset, gone). */
    default void finished(SocketChannel client, boolean dropped) {
    }
}
