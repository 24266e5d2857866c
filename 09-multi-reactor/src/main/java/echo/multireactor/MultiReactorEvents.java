package echo.multireactor;

import echo.selector.SelectorEvents;

import java.nio.channels.SocketChannel;

/**
 * What chapter 09 adds to chapter 05's {@link SelectorEvents}: each reactor's loop has events of its own (one
 * listener per reactor, since each is written by its own thread), and the acceptor hands each connection to one of
 * them. No-op by default and {@link #NONE} when nobody watches (DESIGN.md, "How a chapter adds tracing").
 */
public interface MultiReactorEvents {
    MultiReactorEvents NONE = new MultiReactorEvents() {
    };

    /** The listener of reactor {@code k}'s loop (0 to N-1), asked once as the server builds that reactor. */
    default SelectorEvents reactor(int k) {
        return SelectorEvents.NONE;
    }

    /** The listener of the acceptor's loop (it accepts, and serves no connection). */
    default SelectorEvents acceptor() {
        return SelectorEvents.NONE;
    }

    /** On the acceptor's thread: {@code channel} goes to reactor {@code k}, which serves it from now on. */
    default void handedOver(SocketChannel channel, int k) {
    }
}
