package echo.common;

import java.nio.ByteBuffer;

/**
 * The framed protocol's wire format, for clients and tests: a 4-byte big-endian length N, then N bytes.
 * The server side (the decoder that must cope with partial and merged reads) is chapter 06's subject and lives
 * there, not here.
 */
public final class Frames {
    public static final int HEADER_BYTES = Integer.BYTES;

    private Frames() {
    }

    /** One frame holding {@code payload}, ready to write. */
    public static ByteBuffer encode(byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        frame.putInt(payload.length).put(payload).flip();
        return frame;
    }

    /** Just a header announcing {@code length} bytes; used by tests to send lengths no payload could match. */
    public static ByteBuffer header(int length) {
        return ByteBuffer.allocate(HEADER_BYTES).putInt(0, length);
    }
}
