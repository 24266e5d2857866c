package echo.selector;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * What happens in a selector loop (chapter 05's {@link Reactor} and its Handlers; 06, 09 and a2 run the same
 * loop), told as it happens: the loop calls one method per event and does nothing else about being watched.
 * Every method does nothing by default, and {@link #NONE} is what a reactor gets when nobody watches, so an event
 * costs a call to an empty method. {@link SelectorCounters} counts the events (what the tests, the benchmarks
 * and {@code --stats} read) and turns them into {@code --trace} lines. See DESIGN.md, "How a chapter adds tracing".
 *
 * <p>Every method is called on the reactor's own thread, so an implementation given to one reactor may count
 * with plain fields written by that thread (volatile, for readers on other threads).
 */
public interface SelectorEvents {
    SelectorEvents NONE = new SelectorEvents() {
    };

    /** select() returned; {@code ready} is the selected-key set, before the loop dispatches (and empties) it. */
    default void woke(Set<SelectionKey> ready) {
    }

    /** A connection is registered on this reactor (OP_READ), which serves it from now on. */
    default void accepted(SocketChannel channel) {
    }

    /** read() brought the bytes of {@code input} (position to limit), before the Processor sees them. */
    default void read(SocketChannel channel, ByteBuffer input) {
    }

    /**
     * A write straight from what the Processor sent: the kernel took {@code n} bytes; what it did not take is
     * still in {@code replies[0..count)} (kept as pending output next).
     */
    default void wrote(SocketChannel channel, long n, ByteBuffer[] replies, int count) {
    }

    /** OP_WRITE: a write of pending output took {@code n} bytes; {@code head} holds what this buffer has left. */
    default void flushed(SocketChannel channel, int n, ByteBuffer head) {
    }

    /**
     * The memory held for this connection's pending output changed by {@code delta} bytes (a buffer's capacity:
     * kept, or written out); {@code pendingBytes} is what the connection holds now.
     */
    default void held(SocketChannel channel, long delta, long pendingBytes) {
    }

    /** OP_WRITE asked for ({@code on}: output is pending after a partial write) or dropped (drained). */
    default void writeInterest(SocketChannel channel, boolean on) {
    }

    /** Backpressure: reading paused (OP_READ dropped) or resumed, with {@code pendingBytes} held. */
    default void readingPaused(SocketChannel channel, boolean paused, long pendingBytes) {
    }

    /** The client ended its input (read() returned -1); {@code outputPending} if the server still holds output. */
    default void endOfInput(SocketChannel channel, boolean outputPending) {
    }

    /**
     * The server closes the connection ({@code why}, as the log says it): {@code pendingBytes} of output memory
     * and its pause, if {@code readingPaused}, go with it.
     */
    default void closed(SocketChannel channel, String why, long pendingBytes, boolean readingPaused) {
    }

    /** The reactor stopped: every connection it served is closed, and whatever they held released. */
    default void stopped() {
    }
}
