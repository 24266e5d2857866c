package echo.common;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FramesTest {
    @Test
    void aFrameIsABigEndianLengthThenThePayload() {
        ByteBuffer frame = Frames.encode(new byte[] {7, 8, 9});
        assertEquals(0, frame.position(), "ready to write");
        assertArrayEquals(new byte[] {0, 0, 0, 3, 7, 8, 9}, frame.array());
        assertEquals(7, frame.remaining());
    }

    @Test
    void aHeaderAloneCarriesAnyLengthEvenNegativeOnes() {
        ByteBuffer header = Frames.header(0xFFFFFFFF);
        assertEquals(4, header.remaining());
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, header.array());
        assertArrayEquals(new byte[] {0x01, 0x02, 0x03, 0x04}, Frames.header(0x01020304).array());
    }
}
