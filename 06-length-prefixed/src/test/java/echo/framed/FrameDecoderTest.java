package echo.framed;

import echo.common.Frames;
import echo.selector.ProtocolException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder on plain buffers, no sockets: each read is a buffer we choose, so "a header split over reads" or
 * "many frames in one read" happens exactly, every time.
 */
class FrameDecoderTest {
    private static final int MAX = 1 << 20;
    private final FrameDecoder decoder = new FrameDecoder(MAX);
    private final List<byte[]> frames = new ArrayList<>();

    /** One "read": the bytes a socket read might return, fed to the decoder. */
    private void read(byte[] bytes) throws ProtocolException {
        decoder.decode(ByteBuffer.wrap(bytes), frame -> {
            byte[] copy = new byte[frame.remaining()];
            frame.get(copy);
            frames.add(copy);
        });
    }

    private static byte[] frame(String payload) {
        return Frames.encode(payload.getBytes()).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void aWholeFrameInOneRead() throws ProtocolException {
        read(frame("hello"));
        assertEquals(1, frames.size());
        assertArrayEquals(frame("hello"), frames.get(0), "header and payload, as they came");
    }

    @Test
    void manyFramesInOneRead() throws ProtocolException {
        read(concat(frame("one"), frame(""), frame("three")));
        assertEquals(3, frames.size());
        assertArrayEquals(frame("one"), frames.get(0));
        assertArrayEquals(frame(""), frames.get(1));
        assertArrayEquals(frame("three"), frames.get(2));
    }

    /**
     * The common case costs nothing: a frame that is whole in one read is handed out as a view of that read (the
     * same array, at the frame's offset), not a copy. Down to the edges: a frame that ends exactly where the read
     * ends, and a zero-length frame that is the read's last 4 bytes.
     */
    @Test
    void aFrameWholeInOneReadIsAViewOfItNotACopy() throws ProtocolException {
        for (byte[] read : List.of(concat(frame("one"), frame("three"), frame("")), frame("hello"), frame(""))) {
            List<ByteBuffer> out = new ArrayList<>();
            new FrameDecoder(MAX).decode(ByteBuffer.wrap(read), out::add);
            int at = 0;
            for (ByteBuffer frame : out) {
                assertSame(read, frame.array(), "frame at byte " + at + " of a " + read.length + "-byte read: a copy");
                assertEquals(at, frame.arrayOffset() + frame.position(), "where the frame starts in the read");
                at += frame.remaining();
            }
            assertEquals(read.length, at, "every byte of the read, in frames");
        }
    }

    @Test
    void aHeaderSplitOverReads() throws ProtocolException {
        byte[] wire = frame("split");
        for (int i = 0; i < Frames.HEADER_BYTES; i++) {
            read(new byte[] {wire[i]});
            assertEquals(0, frames.size(), "half a header is not a frame: nothing yet, and no error");
        }
        read(Arrays.copyOfRange(wire, Frames.HEADER_BYTES, wire.length));
        assertEquals(1, frames.size());
        assertArrayEquals(wire, frames.get(0));
    }

    @Test
    void aPayloadSplitOverReads() throws ProtocolException {
        byte[] wire = frame("a payload that arrives in three pieces");
        read(Arrays.copyOfRange(wire, 0, 10));
        read(Arrays.copyOfRange(wire, 10, 20));
        assertEquals(0, frames.size());
        read(Arrays.copyOfRange(wire, 20, wire.length));
        assertArrayEquals(wire, frames.get(0));
    }

    @Test
    void aReadThatEndsOneFrameAndStartsTheNext() throws ProtocolException {
        byte[] wire = concat(frame("first"), frame("second"));
        int cut = frame("first").length + 6; // inside the second frame's payload
        read(Arrays.copyOfRange(wire, 0, 3));
        read(Arrays.copyOfRange(wire, 3, cut));
        assertEquals(1, frames.size());
        read(Arrays.copyOfRange(wire, cut, wire.length));
        assertArrayEquals(frame("first"), frames.get(0));
        assertArrayEquals(frame("second"), frames.get(1));
    }

    @Test
    void aZeroLengthFrameWhoseHeaderEndsTheRead() throws ProtocolException {
        byte[] empty = frame("");
        read(Arrays.copyOfRange(empty, 0, 2));
        read(Arrays.copyOfRange(empty, 2, 4)); // the read ends with the header: the frame is complete anyway
        assertEquals(1, frames.size());
        assertArrayEquals(empty, frames.get(0));
    }

    /** Every way of cutting a stream of frames into reads gives back the same frames, in order. */
    @Test
    void anyCuttingOfTheStreamGivesTheSameFrames() throws ProtocolException {
        Random random = new Random(6);
        List<byte[]> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            byte[] payload = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(3000)];
            random.nextBytes(payload);
            sent.add(Frames.encode(payload).array());
            stream.writeBytes(sent.get(i));
        }
        byte[] wire = stream.toByteArray();
        for (int run = 0; run < 200; run++) {
            FrameDecoder fresh = new FrameDecoder(MAX);
            List<byte[]> got = new ArrayList<>();
            int maxRead = 1 + random.nextInt(run < 100 ? 8 : 8000); // tiny reads, then large ones
            for (int at = 0; at < wire.length; ) {
                int n = Math.min(wire.length - at, 1 + random.nextInt(maxRead));
                fresh.decode(ByteBuffer.wrap(wire, at, n), frame -> {
                    byte[] copy = new byte[frame.remaining()];
                    frame.get(copy);
                    got.add(copy);
                });
                at += n;
            }
            assertEquals(sent.size(), got.size(), "run " + run);
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i), got.get(i), "run " + run + ", frame " + i);
            }
            assertDoesNotThrow(fresh::endOfInput, "the stream ended between frames");
        }
    }

    @Test
    void exactlyMaxIsAFrame() throws ProtocolException {
        read(Frames.encode(new byte[MAX]).array());
        assertEquals(Frames.HEADER_BYTES + MAX, frames.get(0).length);
    }

    /**
     * The length is checked as soon as the header is complete, before the payload is waited for and before a byte
     * is allocated for it: measured with the JVM's per-thread allocation counter. A valid header of the same
     * size, for contrast, is accepted; but even it costs only a first small buffer until its bytes arrive.
     */
    @Test
    void aLengthOverMaxIsRejectedBeforeAllocating() throws ProtocolException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();

        FrameDecoder big = new FrameDecoder(16 << 20);
        ByteBuffer header = Frames.header(8 << 20); // 8 MiB announced, and allowed by this decoder
        long before = threads.getThreadAllocatedBytes(id);
        big.decode(header, frame -> { });
        long allocatedForValid = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(allocatedForValid < 64 * 1024,
                "a valid header alone reserves a small buffer, not its 8 MiB: " + allocatedForValid);

        ByteBuffer tooLong = Frames.header(MAX + 1);
        before = threads.getThreadAllocatedBytes(id);
        ProtocolException e = assertThrows(ProtocolException.class, () -> decoder.decode(tooLong, frame -> { }));
        long allocatedForBad = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(allocatedForBad < 64 * 1024, "nothing the size of a frame is allocated: " + allocatedForBad);
        assertEquals("frame length " + (MAX + 1) + " is over the max frame of " + MAX + " bytes", e.getMessage());
    }

    /**
     * Announced 8 MiB, sent in pieces of 100,000 bytes: the buffer grows with what arrived, by doubling, and the
     * frame comes out whole. Doubling is what keeps the copying linear: all the buffers together come to about
     * 2.5 times the frame here. A buffer grown only to fit each read would copy the frame so far on every read,
     * some 350 MB for these 84 reads.
     */
    @Test
    void aLargeFrameGrowsWithItsBytesAndComesOutWhole() throws ProtocolException {
        FrameDecoder big = new FrameDecoder(16 << 20);
        byte[] payload = new byte[8 << 20];
        new java.util.Random(3).nextBytes(payload);
        ByteBuffer wire = Frames.encode(payload);
        java.util.List<ByteBuffer> out = new java.util.ArrayList<>();
        long before = allocatedBytes();
        while (wire.hasRemaining()) {
            int n = Math.min(wire.remaining(), 100_000);
            big.decode(wire.slice(wire.position(), n), out::add);
            wire.position(wire.position() + n);
        }
        long allocated = allocatedBytes() - before;
        assertEquals(1, out.size());
        assertEquals(Frames.encode(payload), out.get(0));
        assertTrue(allocated < 4L * payload.length, "the buffer doubles as it grows, so the frame's bytes are copied"
                + " a few times, not once per read: " + allocated + " bytes allocated for a " + payload.length
                + "-byte payload");
    }

    /**
     * Memory follows the bytes that arrived, not the length a header announced, nor the number of reads: a header
     * announcing 8 MiB and then 1,000 bytes in 100 reads of 10 keep the first 4 KiB buffer, grown not once.
     */
    @Test
    void aTrickleOfSmallReadsKeepsTheFirstBuffer() throws ProtocolException {
        FrameDecoder big = new FrameDecoder(16 << 20);
        java.util.function.Consumer<ByteBuffer> none = frame -> {
            throw new AssertionError("no frame is complete yet");
        };
        big.decode(Frames.header(8 << 20), none);
        ByteBuffer ten = ByteBuffer.allocate(10);
        long before = allocatedBytes();
        for (int i = 0; i < 100; i++) {
            big.decode(ten.clear(), none);
        }
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 4096, "1,000 bytes fit the first 4 KiB buffer: " + allocated + " bytes allocated");
        ProtocolException e = assertThrows(ProtocolException.class, big::endOfInput);
        assertEquals("incomplete frame at end of stream: 1000 of 8388608 payload bytes", e.getMessage());
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** 0xFFFFFFFF is -1 as a Java int: read as unsigned, it is 4 GiB - 1, over any max. */
    @Test
    void lengthFFFFFFFFIsOverTheMaxNotNegative() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> read(Frames.header(0xFFFFFFFF).array()));
        assertTrue(e.getMessage().contains("4294967295"), e.getMessage());
        ProtocolException top = assertThrows(ProtocolException.class,
                () -> new FrameDecoder(MAX).decode(Frames.header(Integer.MIN_VALUE), f -> { }));
        assertTrue(top.getMessage().contains("2147483648"), top.getMessage());
    }

    @Test
    void endOfStreamBetweenFramesIsACleanEnd() throws ProtocolException {
        decoder.endOfInput(); // before any frame
        read(frame("done"));
        decoder.endOfInput(); // after a whole one
    }

    @Test
    void endOfStreamInsideAHeaderIsANamedError() throws ProtocolException {
        read(Arrays.copyOf(frame("cut"), 3));
        ProtocolException e = assertThrows(ProtocolException.class, decoder::endOfInput);
        assertEquals("incomplete frame at end of stream: 3 of 4 header bytes", e.getMessage());
    }

    @Test
    void endOfStreamInsideAPayloadIsANamedError() throws ProtocolException {
        read(Arrays.copyOf(frame("cut short"), 6));
        ProtocolException e = assertThrows(ProtocolException.class, decoder::endOfInput);
        assertEquals("incomplete frame at end of stream: 2 of 9 payload bytes", e.getMessage());
    }
}
