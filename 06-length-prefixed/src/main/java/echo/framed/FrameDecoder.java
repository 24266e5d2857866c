package echo.framed;

import echo.selector.ProtocolException;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import static echo.common.Frames.HEADER_BYTES;

/**
 * Finds frames in a byte stream. A frame is a 4-byte big-endian length N, then N bytes of payload.
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
        // The loop runs while there is input to look at. A zero-length frame whose header is the last byte of
        // input needs no more: it is finished in the same pass as its header (the payload step copies 0 bytes).
        while (input.hasRemaining()) {
            if (frame == null) {
                if (headerBytes == 0 && input.remaining() >= HEADER_BYTES) {
                    // Between frames, with a whole header in this read. Peek at the length (get(int) does not
                    // move the position) and check it before anything else.
                    int length = checkLength(input.getInt(input.position()));
                    int size = HEADER_BYTES + length;
                    if (input.remaining() >= size) {
                        // The common case: the whole frame is in this read. Hand out a view of it: no copy, no
                        // allocation. Then advance past it; the loop looks for the next frame in the same read.
                        events.frame(length);
                        frames.accept(input.slice(input.position(), size));
                        input.position(input.position() + size);
                        continue;
                    }
                    // Only part of the payload is here. The length is checked, so now we may allocate.
                    input.position(input.position() + HEADER_BYTES);
                    startFrame(length);
                } else {
                    // The header itself is split across reads (or this read ends in the middle of one). Take its
                    // bytes one at a time: there are at most four, so simplicity wins over speed here.
                    header = header << 8 | (input.get() & 0xFF);
                    if (++headerBytes < HEADER_BYTES) {
                        continue; // incomplete: if input is empty now, the loop ends and we wait for more
                    }
                    int length = checkLength(header);
                    header = 0;
                    headerBytes = 0;
                    startFrame(length);
                }
            }
            // Inside a payload: copy as much of it as this read holds (n may be 0 for a zero-length frame).
            int n = Math.min(frameSize - frame.position(), input.remaining());
            makeRoom(n);
            frame.put(frame.position(), input, input.position(), n);
            frame.position(frame.position() + n);
            input.position(input.position() + n);
            if (frame.position() < frameSize) {
                // Incomplete, and input is used up. Not an error: the rest is on its way. This is the state a
                // decoder spends most of its life in when frames are larger than a read.
                events.partial(frame.position() - HEADER_BYTES, frameSize - HEADER_BYTES);
                return;
            }
            events.frame(frameSize - HEADER_BYTES);
            frames.accept(frame.flip());
            frame = null; // the receiver owns it now; the next frame gets a buffer of its own
        }
        events.headerHeld(headerBytes); // input used up between frames; more than 0: a header split across reads
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
        if (Integer.toUnsignedLong(length) > maxFrame) {
            events.refused(Integer.toUnsignedLong(length), maxFrame);
            throw new ProtocolException("frame length " + Integer.toUnsignedLong(length)
                    + " is over the max frame of " + maxFrame + " bytes");
        }
        return length;
    }
}
