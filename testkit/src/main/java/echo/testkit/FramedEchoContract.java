package echo.testkit;

import echo.common.Frames;
import echo.common.Protocol;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The framed protocol (DESIGN.md, "The protocols"): a 4-byte big-endian length N, then N bytes; each frame goes back.
 * A single read on the server "could contain an entire frame, a partial frame, or multiple frames" (mini-redis):
 * these tests make each of those happen on purpose, and check the edges of the length: 0, the max, max + 1,
 * and 0xFFFFFFFF (which is negative as a Java int).
 */
public abstract class FramedEchoContract extends EchoContract {

    @Override
    protected byte[] encode(byte[] payload) {
        return Frames.encode(payload).array();
    }

    protected int maxFrame() {
        return config().maxFrame();
    }

    @Test
    void speaksTheFramedProtocol() {
        assertEquals(Protocol.FRAMED, chapter().protocol());
    }

    @Test
    void oneFrameRoundTrip() throws IOException {
        try (TestClient client = connect()) {
            assertEchoes(client, "hello, frames".getBytes());
        }
    }

    @Test
    void manyFramesMergedIntoOneWrite() throws IOException {
        ByteArrayOutputStream merged = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            merged.write(encode(randomBytes(random.nextInt(300))));
        }
        byte[] wire = merged.toByteArray();
        try (TestClient client = connect()) {
            client.write(wire); // one write: the server's first read holds many frames
            assertArrayEquals(wire, client.read(wire.length), "every frame back, in order, none merged or lost");
        }
    }

    @Test
    void headerSplitAcrossWrites() throws Exception {
        byte[] wire = encode("split header".getBytes());
        try (TestClient client = connect()) {
            for (int i = 0; i < Frames.HEADER_BYTES; i++) {
                client.write(new byte[] {wire[i]});
                Thread.sleep(5); // lets each byte leave as its own segment; the assertion does not depend on it
            }
            client.write(ByteBuffer.wrap(wire, Frames.HEADER_BYTES, wire.length - Frames.HEADER_BYTES));
            assertArrayEquals(wire, client.read(wire.length));
        }
    }

    @Test
    void payloadSplitAcrossWrites() throws Exception {
        byte[] wire = encode(randomBytes(10_000));
        try (TestClient client = connect()) {
            int at = 0;
            while (at < wire.length) {
                int n = Math.min(wire.length - at, 1 + random.nextInt(1500));
                client.write(ByteBuffer.wrap(wire, at, n));
                at += n;
                Thread.sleep(1);
            }
            assertArrayEquals(wire, client.read(wire.length));
        }
    }

    @Test
    void zeroLengthFrameIsAFrameToo() throws IOException {
        try (TestClient client = connect()) {
            assertEchoes(client, new byte[0]);
            assertEchoes(client, "after the empty one".getBytes());
        }
    }

    @Test
    void frameOfExactlyMaxSizeIsEchoed() throws Exception {
        byte[] payload = randomBytes(maxFrame());
        try (TestClient client = connect()) {
            CompletableFuture<byte[]> reply = readAsync(client, Frames.HEADER_BYTES + payload.length);
            client.write(encode(payload));
            assertArrayEquals(encode(payload), reply.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void lengthOverMaxClosesThatConnectionOnly() throws IOException {
        assertBadLengthClosesOnlyItsConnection(maxFrame() + 1);
    }

    @Test
    void lengthFFFFFFFFClosesThatConnectionOnly() throws IOException {
        assertBadLengthClosesOnlyItsConnection(0xFFFFFFFF);
    }

    /** As the raw contract's half-close test, with frames: every whole frame comes back, then end of stream. */
    @Test
    void halfCloseAfterFramesGetsThemAllThenEof() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream(HALF_CLOSE_BYTES + 4096);
        int largest = Math.min(maxFrame(), 64 * 1024);
        while (wire.size() < HALF_CLOSE_BYTES) {
            wire.write(encode(randomBytes(random.nextInt(largest + 1))));
        }
        assertHalfCloseGetsEverythingThenEof(wire.toByteArray());
    }

    /** EOF in the middle of a frame: the whole frames before it come back, the fragment does not. */
    @Test
    void eofInsideAFrameEchoesTheWholeFramesOnly() throws IOException {
        byte[] whole = encode("whole".getBytes());
        byte[] fragment = java.util.Arrays.copyOf(encode(new byte[100]), 50);
        try (TestClient client = connect()) {
            client.write(whole);
            client.write(fragment);
            client.shutdownOutput();
            byte[] back = new byte[whole.length];
            System.arraycopy(client.read(whole.length), 0, back, 0, whole.length);
            assertArrayEquals(whole, back);
            assertEquals(0, client.bytesUntilClosed(), "half a frame is never echoed");
        }
    }

    /** A stream of frames of random sizes, written in random chunks that ignore frame boundaries. */
    @Test
    void framesInRandomChunksWhileReading() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            stream.write(encode(randomBytes(random.nextInt(20_000))));
        }
        byte[] wire = stream.toByteArray();
        try (TestClient client = connect()) {
            CompletableFuture<byte[]> reply = readAsync(client, wire.length);
            int at = 0;
            while (at < wire.length) {
                int n = Math.min(wire.length - at, 1 + random.nextInt(7000));
                client.write(ByteBuffer.wrap(wire, at, n));
                at += n;
            }
            assertArrayEquals(wire, reply.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    private void assertBadLengthClosesOnlyItsConnection(int badLength) throws IOException {
        try (TestClient bystander = connect(); TestClient bad = connect()) {
            byte[] pending = encode("a frame in two halves".getBytes());
            bystander.write(ByteBuffer.wrap(pending, 0, 10)); // the bystander is mid-frame when the bad one hits

            bad.write(Frames.header(badLength));
            assertEquals(0, bad.bytesUntilClosed(), "a bad length closes that connection and echoes nothing");

            bystander.write(ByteBuffer.wrap(pending, 10, pending.length - 10));
            assertArrayEquals(pending, bystander.read(pending.length), "other connections go on");
        }
        try (TestClient newcomer = connect()) {
            assertEchoes(newcomer, "and new ones are served".getBytes());
        }
    }

    private static CompletableFuture<byte[]> readAsync(TestClient client, int n) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.read(n);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, ASYNC);
    }
}
