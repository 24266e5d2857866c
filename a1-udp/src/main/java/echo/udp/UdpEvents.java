package echo.udp;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Side chapter a1's events: each datagram in and out. No-op by default and {@link #NONE} when nobody watches
 * (DESIGN.md, tracing). Called on the server's one thread.
 */
public interface UdpEvents {
    UdpEvents NONE = new UdpEvents() {
    };

    /** A datagram arrived from {@code sender}: its bytes are {@code datagram}'s remaining ones (look, do not move). */
    default void received(SocketAddress sender, ByteBuffer datagram) {
    }

    /** It was larger than {@code largest} bytes: only that many are echoed, the rest the kernel threw away. */
    default void truncated(SocketAddress sender, int largest) {
    }

    /** {@code n} bytes went back to {@code sender} as one datagram. */
    default void echoed(SocketAddress sender, int n) {
    }

    /** The answer could not be sent (the error is logged). */
    default void notAnswered(SocketAddress sender) {
    }
}
