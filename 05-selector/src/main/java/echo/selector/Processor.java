package echo.selector;

import java.nio.ByteBuffer;

/**
 * The hook: what a connection does with the bytes it reads. Doug Lea's Handler reads, <em>processes</em> and
 * sends; the reactor and the handler do the reading and the sending (with everything that can go wrong there),
 * and a {@code Processor} is the middle step. Chapter 05 echoes raw bytes ({@link #RAW_ECHO}); chapter 06 plugs
 * in a frame decoder, and runs on this very loop.
 *
 * <p>A server makes one processor per connection (so it may keep per-connection state, like half a frame) and
 * calls it only from the reactor thread, so it needs no locks. It must not block: while it runs, no other
 * connection is served.
 */
public interface Processor {

    /** Every byte back as it came: the raw echo protocol. Stateless, so every connection shares this one. */
    Processor RAW_ECHO = (input, reply) -> reply.send(input);

    /**
     * Called with the bytes just read from the connection. {@code input} is a view of the reactor's one read
     * buffer and is valid only during this call: copy whatever must outlive it.
     *
     * @throws ProtocolException when the input breaks the protocol: the server logs the reason (one line) and
     *                           closes this connection, and only this one
     */
    void process(ByteBuffer input, Reply reply) throws ProtocolException;

    /**
     * The client shut its output (end of stream): nothing more will arrive. Everything already sent still goes
     * out before the server closes the connection.
     *
     * @throws ProtocolException when the input ended where it must not (in the middle of a frame): logged, and
     *                           what was sent before still goes out
     */
    default void endOfInput() throws ProtocolException {
    }

    /** Where a processor puts its answer. */
    interface Reply {
        /**
         * Sends {@code bytes} after everything sent before. The buffer may be a view of {@code input}: the
         * server writes it before {@link #process} returns to the loop, and copies only what the kernel did not
         * take. Do not change the buffer after handing it over.
         */
        void send(ByteBuffer bytes);
    }
}
