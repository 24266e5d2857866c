package echo.framed;

import echo.selector.ProtocolException;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import static echo.common.Frames.HEADER_BYTES;

/**
 * Exercise 06: chapter 06's decoder with its lesson, {@code decode} and {@code checkLength}, taken out; its
 * helpers are given. Judge it with {@code mvn -q -pl exercises/06-length-prefixed test -Dexercise}. The solution
 * is the chapter's own class, 06-length-prefixed/src/main/java/echo/framed/FrameDecoder.java.
 *
 * <p>Finds frames in a byte stream. A frame is a 4-byte big-endian length N, then N bytes of payload.
 *
 * <p>TCP delivers bytes, not messages, so a single read "could contain an entire frame, a partial frame, or
 * multiple frames" (the Tokio tutorial's words). The decoder takes whatever each read brought, hands out every
 * frame that is now complete, and keeps the rest (half a header, part of a payload) for the next read. One
 * decoder per connection; it knows nothing about sockets, so it is tested on plain buffers
 * ({@code FrameDecoderTest}).
 */
public final class FrameDecoder {
    private final int maxFrame;
    private final FrameEvents events;

    // A header that arrived in pieces: its bytes so far, shifted into an int (not a buffer: four bytes do not
    // deserve an allocation), and how many of the four we have. headerBytes == 0 means "between frames".
    private int header;
    private int headerBytes;

    // A frame whose payload arrived in pieces: allocated only once its length is known and checked, and grown as
    // its bytes arrive (not at the announced size: a header alone must not make us reserve a megabyte); filled
    // read after read. null when no payload is outstanding. frameSize is what it will hold once complete.
    private ByteBuffer frame;
    private int frameSize;

    /** The first buffer of a partial frame; it doubles as bytes arrive, up to the frame's size. */
    static final int FIRST_BUFFER = 4096;

    public FrameDecoder(int maxFrame) {
        this(maxFrame, FrameEvents.NONE);
    }

    /** @param events told of each frame completed, each read used up mid-frame, each length refused */
    public FrameDecoder(int maxFrame, FrameEvents events) {
        this.maxFrame = maxFrame;
        this.events = events;
    }

    /**
     * Consumes all of {@code input} and passes each frame it completes to {@code frames}, in order. A frame is
     * passed whole, header and payload, as it came on the wire (an echo sends it back as it is). It may be a view
     * of {@code input}, valid only until {@code input} is reused.
     *
     * @throws ProtocolException when a header announces a length over the max: nothing is allocated for it, and
     *                           the connection cannot go on (where would the next frame start?)
     */
    public void decode(ByteBuffer input, Consumer<ByteBuffer> frames) throws ProtocolException {
        // TODO exercise 06: consume ALL of input; pass every frame it completes to frames, in order, whole
        // (header and payload, as on the wire); keep what is left for the next call. Cases, all normal:
        //  - several frames in one read (merged): hand out each one (a view, input.slice(...), needs no copy);
        //  - a header split over reads: keep its bytes so far in header/headerBytes;
        //  - a payload split over reads: startFrame(length) once the length is known and checked, then copy what
        //    each read brings (makeRoom(n) first) until frameSize bytes are there;
        //  - a zero-length frame is complete as soon as its header is.
        // Check every length with checkLength() as soon as its header is complete, before allocating anything.
        // Tell events as you go: events.frame(length) for each frame completed, events.partial(have, of) when a
        // read ends mid-payload, events.headerHeld(headerBytes) when input is used up between frames.
        // Hint: 06-length-prefixed/README.md, "The code". (As it is, every connection is closed at once.)
        throw new ProtocolException("TODO exercise 06: decode frames");
    }

    private void startFrame(int length) {
        frameSize = HEADER_BYTES + length;
        frame = ByteBuffer.allocate(Math.min(frameSize, FIRST_BUFFER)).putInt(length);
    }

    /**
     * Memory follows the bytes that really arrived, at most twice them: a client that announces 1 MiB and sends
     * 10 bytes costs 4 KiB, not 1 MiB. Without this, a few hundred bare headers could fill the heap.
     */
    private void makeRoom(int n) {
        if (frame.remaining() < n) {
            int capacity = Math.min(frameSize, Math.max(frame.position() + n, frame.capacity() * 2));
            frame = ByteBuffer.allocate(capacity).put(frame.flip());
        }
    }

    /**
     * The client closed its output. Between frames that is a clean end; anywhere else the stream stopped in the
     * middle of a frame, and the bytes of that fragment are lost, which the server reports.
     */
    public void endOfInput() throws ProtocolException {
        if (headerBytes > 0) {
            throw new ProtocolException("incomplete frame at end of stream: " + headerBytes + " of "
                    + HEADER_BYTES + " header bytes");
        }
        if (frame != null) {
            throw new ProtocolException("incomplete frame at end of stream: " + (frame.position() - HEADER_BYTES)
                    + " of " + (frameSize - HEADER_BYTES) + " payload bytes");
        }
    }

    /**
     * The guard mini-redis does not have. Without it, one 4-byte header (0x7FFFFFFF) makes the server allocate
     * 2 GiB, and a few of them exhaust the heap. The length is read as unsigned: a Java int with its top bit set
     * (0xFFFFFFFF is -1) is a length of 2^31 or more, over any max, not a negative number to be waved through.
     */
    private int checkLength(int length) throws ProtocolException {
        // TODO exercise 06: over maxFrame, tell events.refused(length as unsigned, maxFrame) and throw a ProtocolException saying so ("frame length 1001 is over the max
        // frame of 1000 bytes"). Mind the sign: 0xFFFFFFFF is -1 as a Java int, and 4,294,967,295 as a length.
        return length;
    }
}
