package echo.framed;

import echo.selector.Processor;
import echo.selector.ProtocolException;

import java.nio.ByteBuffer;

/**
 * The framed echo, as chapter 05's {@link Processor}: decode, and send each complete frame back as it came. This
 * is the whole difference between chapters 05 and 06; the reactor, the handler, the backpressure are 05's own.
 */
public final class FramedEcho implements Processor {
    private final FrameDecoder decoder;

    public FramedEcho(int maxFrame) {
        this(maxFrame, FrameEvents.NONE);
    }

    /** @param events what this connection's decoder tells ({@link FrameWatcher#connection()} traces it) */
    public FramedEcho(int maxFrame, FrameEvents events) {
        this.decoder = new FrameDecoder(maxFrame, events);
    }

    @Override
    public void process(ByteBuffer input, Reply reply) throws ProtocolException {
        decoder.decode(input, reply::send);
    }

    @Override
    public void endOfInput() throws ProtocolException {
        decoder.endOfInput();
    }
}
