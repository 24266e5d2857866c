package echo.testkit;

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
 * The raw echo protocol: every byte received goes back on the same connection, in order; after the client's
 * half-close, what is pending is sent, then the connection is closed.
 */
public abstract class RawEchoContract extends EchoContract {

    @Override
    protected byte[] encode(byte[] payload) {
        return payload;
    }

    @Test
    void speaksTheRawProtocol() {
        assertEquals(Protocol.RAW, chapter().protocol());
    }

    @Test
    void roundTrip() throws IOException {
        try (TestClient client = connect()) {
            assertArrayEquals("hello, echo\n".getBytes(), client.echo("hello, echo\n".getBytes()));
        }
    }

    @Test
    void manySequentialMessages() throws IOException {
        try (TestClient client = connect()) {
            for (int i = 0; i < 1000; i++) {
                assertEchoes(client, randomBytes(1 + random.nextInt(200)));
            }
        }
    }

    /** Netty's SocketEchoTest: random data in random-sized writes, every byte checked, read while writing. */
    @Test
    void randomSizedChunksComeBackInOrder() throws Exception {
        byte[] data = randomBytes(1 << 20);
        assertArrayEquals(data, writeWhileReading(data, 16 * 1024));
    }

    /** 8 MiB in one write: far more than the socket buffers hold, so it only works when we read concurrently. */
    @Test
    void eightMegabytesWithConcurrentReading() throws Exception {
        byte[] data = randomBytes(8 << 20);
        assertArrayEquals(data, writeWhileReading(data, data.length));
    }

    /**
     * The pitfall of the non-blocking chapters: at the client's half-close, output may still be pending in the
     * server. 16 MiB does not fit in the socket buffers, so it is; closing at once would lose it.
     */
    @Test
    void halfCloseGetsEverythingBackThenEof() throws IOException {
        assertHalfCloseGetsEverythingThenEof(randomBytes(HALF_CLOSE_BYTES));
    }

    @Test
    void halfCloseBeforeSendingAnythingIsAnEmptyReplyAndEof() throws IOException {
        try (TestClient client = connect()) {
            client.shutdownOutput();
            assertEquals(0, client.readUntilEof().length);
        }
    }

    /** Writes {@code data} in random chunks of up to {@code maxChunk} on one thread while this one reads. */
    private byte[] writeWhileReading(byte[] data, int maxChunk) throws Exception {
        try (TestClient client = connect()) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                java.util.Random chunks = new java.util.Random(7);
                ByteBuffer rest = ByteBuffer.wrap(data);
                try {
                    while (rest.hasRemaining()) {
                        int n = Math.min(rest.remaining(), 1 + chunks.nextInt(maxChunk));
                        client.write(rest.slice().limit(n));
                        rest.position(rest.position() + n);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, ASYNC);
            ByteArrayOutputStream received = new ByteArrayOutputStream(data.length);
            while (received.size() < data.length) {
                int n = Math.min(64 * 1024, data.length - received.size());
                received.write(client.read(n));
            }
            writer.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return received.toByteArray();
        }
    }
}
