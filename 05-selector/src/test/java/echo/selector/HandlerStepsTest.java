package echo.selector;

import echo.common.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link Handler} driven one event at a time, on a {@link StubConnection} whose "kernel" takes exactly the
 * bytes the test says: the pitfalls whose edge TCP cannot hit on purpose. Pitfall 6's watermarks to the byte (at
 * {@code maxPendingBytes} reading goes on, one buffer more pauses it; at {@code resumeReadingBelow()} exactly it
 * resumes), pitfall 5's count (a half-close with nothing pending counts nothing), pitfall 1's {@code OP_WRITE}
 * on and off, and the bound's book-keeping: small replies share one buffer, counted by its capacity.
 *
 * <p>With a read buffer of 1 KiB and replies kept in buffers of {@link Handler#MIN_BUFFER} (4 KiB), the pending
 * count moves in steps of exactly 4 KiB, so a limit of 8 KiB is met exactly after eight reads the kernel did not
 * take.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlerStepsTest {
    private static final int READ = 1024;
    private static final int MAX_PENDING = 2 * Handler.MIN_BUFFER; // 8 KiB; reading resumes at 4 KiB
    private static final ServerConfig CONFIG = ServerConfig.defaults().withPort(0).withReadBufferSize(READ)
            .withMaxPendingBytes(MAX_PENDING);

    private final SelectorCounters counters = new SelectorCounters();
    private final StubConnection connection = new StubConnection();
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream(); // what the client sent, in order
    private Reactor reactor;
    private int nextByte;

    private Handler handler(Processor processor) throws IOException {
        return handler(processor, CONFIG);
    }

    private Handler handler(Processor processor, ServerConfig config) throws IOException {
        reactor = new Reactor(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 20000),
                "test-05-handler-steps", "test-05-handler-steps", () -> processor, counters);
        return new Handler(reactor, connection.channel, connection.key, processor);
    }

    @AfterEach
    void closeReactor() {
        if (reactor != null) {
            reactor.close(); // never started: releases its selector
        }
    }

    /** The client's next {@code n} bytes arrive, and the loop dispatches the readable key. */
    private void clientSends(Handler handler, int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) nextByte++;
        }
        sent.writeBytes(bytes);
        connection.channel.nextRead = bytes;
        StubConnection.dispatch(handler, connection, OP_READ);
    }

    /** The kernel takes up to {@code n} more bytes, and the loop dispatches the writable key. */
    private void kernelTakes(Handler handler, long n) {
        connection.channel.writeBudget = n;
        StubConnection.dispatch(handler, connection, OP_WRITE);
    }

    @Test
    void readingGoesOnAtMaxPendingBytesAndPausesOneBufferPastIt() throws IOException {
        Handler handler = handler(Processor.RAW_ECHO);
        for (int i = 0; i < 8; i++) { // the kernel takes nothing: every reply is kept
            clientSends(handler, READ);
        }
        assertEquals(MAX_PENDING, counters.bufferedBytes(), "eight 1 KiB replies in two 4 KiB buffers");
        assertTrue(connection.key.reading(), "exactly at the limit is not past it: still reading");
        assertEquals(0, counters.pauses());

        clientSends(handler, READ); // a third buffer: 12 KiB, past the limit
        assertEquals(MAX_PENDING + Handler.MIN_BUFFER, counters.bufferedBytes());
        assertFalse(connection.key.reading(), "past maxPendingBytes: OP_READ off (backpressure)");
        assertEquals(1, counters.pauses());
        assertEquals(1, counters.pausedConnections());
        assertTrue(connection.key.writing(), "and OP_WRITE on, to send what is pending");
    }

    @Test
    void readingResumesExactlyAtTheLowWatermark() throws IOException {
        Handler handler = handler(Processor.RAW_ECHO);
        for (int i = 0; i < 9; i++) {
            clientSends(handler, READ);
        }
        assertFalse(connection.key.reading(), "paused at 12 KiB pending");

        kernelTakes(handler, Handler.MIN_BUFFER); // one buffer out: 8 KiB pending, above the 4 KiB low watermark
        assertEquals(2 * Handler.MIN_BUFFER, counters.bufferedBytes());
        assertFalse(connection.key.reading(), "8 KiB pending is above resumeReadingBelow(): still paused");

        kernelTakes(handler, Handler.MIN_BUFFER); // 4 KiB pending: at the low watermark exactly
        assertEquals(CONFIG.resumeReadingBelow(), counters.bufferedBytes());
        assertTrue(connection.key.reading(), "at resumeReadingBelow() reading resumes");
        assertEquals(0, counters.pausedConnections());
        assertEquals(1, counters.pauses(), "a resume is not counted as a pause");
        assertTrue(connection.key.writing(), "4 KiB still pending: OP_WRITE stays on");

        kernelTakes(handler, Long.MAX_VALUE);
        assertEquals(0, counters.bufferedBytes());
        assertFalse(connection.key.writing(), "drained: OP_WRITE off, or select() would spin (pitfall 1)");
        assertTrue(connection.key.reading(), "and only OP_WRITE: the connection is still read");
        assertArrayEquals(sent.toByteArray(), connection.channel.written.toByteArray(), "every byte, in order");
    }

    @Test
    void smallRepliesShareABufferAndARestThatDoesNotFitStartsTheNext() throws IOException {
        Handler handler = handler(Processor.RAW_ECHO, CONFIG.withReadBufferSize(16 * 1024).withMaxPendingBytes(1 << 20));
        for (int i = 0; i < 4; i++) {
            clientSends(handler, 1000);
        }
        assertEquals(Handler.MIN_BUFFER, counters.bufferedBytes(), "4,000 bytes of replies held in one 4 KiB buffer");
        clientSends(handler, 1000); // 96 bytes fill the first buffer, 904 start a second
        assertEquals(2 * Handler.MIN_BUFFER, counters.bufferedBytes());
        clientSends(handler, 5000); // bigger than a buffer: 3,192 fill the second, 1,808 start a third
        assertEquals(3 * Handler.MIN_BUFFER, counters.bufferedBytes());
        assertEquals(3 * Handler.MIN_BUFFER, counters.maxPendingSeen());

        kernelTakes(handler, 100); // a partial write of the first buffer: it is still held
        assertEquals(3 * Handler.MIN_BUFFER, counters.bufferedBytes());
        kernelTakes(handler, Long.MAX_VALUE);
        assertEquals(0, counters.bufferedBytes());
        assertArrayEquals(sent.toByteArray(), connection.channel.written.toByteArray(),
                "the shared buffers give back every byte, in order");
    }

    @Test
    void aReplyTheKernelTakesWholeIsNeitherCopiedNorWaitedFor() throws IOException {
        Handler handler = handler(Processor.RAW_ECHO);
        connection.channel.writeBudget = Long.MAX_VALUE;
        clientSends(handler, READ);
        assertEquals(0, counters.bufferedBytes(), "nothing kept");
        assertEquals(0, counters.maxPendingSeen());
        assertFalse(connection.key.writing(), "nothing pending, so OP_WRITE is never asked for (pitfall 1)");
        assertArrayEquals(sent.toByteArray(), connection.channel.written.toByteArray());
    }

    @Test
    void aHalfCloseWithNothingPendingClosesAtOnceAndCountsNothing() throws IOException {
        Handler handler = handler(Processor.RAW_ECHO);
        connection.channel.writeBudget = Long.MAX_VALUE;
        clientSends(handler, 2);
        connection.channel.endOfInput = true;
        StubConnection.dispatch(handler, connection, OP_READ);
        assertFalse(connection.channel.isOpen(), "nothing left to send: closed at once");
        assertEquals(0, counters.endsWithOutputPending(), "no output was pending at the end of input");
    }

    @Test
    void aHalfCloseWithOutputPendingClosesOnlyOnceItIsSent() throws IOException {
        Handler handler = handler(Processor.RAW_ECHO);
        clientSends(handler, READ); // the kernel takes nothing: 1 KiB pending
        connection.channel.endOfInput = true;
        StubConnection.dispatch(handler, connection, OP_READ);
        assertTrue(connection.channel.isOpen(), "output still pending: closing now would drop it (pitfall 5)");
        assertFalse(connection.key.reading(), "at end of stream OP_READ goes, or the loop spins on -1");
        assertEquals(1, counters.endsWithOutputPending());

        kernelTakes(handler, 600);
        assertTrue(connection.channel.isOpen(), "424 bytes still pending");
        assertEquals(0, counters.pausedConnections(), "never paused, so nothing resumed: below the low watermark");
        kernelTakes(handler, Long.MAX_VALUE);
        assertFalse(connection.channel.isOpen(), "the last byte is out: now it closes");
        assertArrayEquals(sent.toByteArray(), connection.channel.written.toByteArray());
    }

    @Test
    void manyRepliesFromOneReadGoOutInOneGatheringWriteInOrder() throws IOException {
        // A processor that answers one read with 20 replies (as 06's decoder does for 20 frames in one read).
        Processor twenty = (input, reply) -> {
            int size = input.remaining() / 20;
            for (int i = 0; i < 20; i++) {
                reply.send(input.slice(input.position() + i * size, size));
            }
        };
        Handler handler = handler(twenty);
        connection.channel.writeBudget = Long.MAX_VALUE;
        clientSends(handler, 1000);
        assertEquals(1, connection.channel.writes, "one system call for the 20 replies");
        assertEquals(1000, connection.channel.written.size(), "all of them taken by it: nothing kept");
        assertFalse(connection.key.writing());

        connection.channel.writeBudget = 700; // takes the first 700 of the next 1,000 bytes
        clientSends(handler, 1000);
        assertEquals(2, connection.channel.writes, "one system call for the 20 replies");
        assertEquals(Handler.MIN_BUFFER, counters.bufferedBytes(), "the 300 not taken, kept in one buffer");
        kernelTakes(handler, Long.MAX_VALUE);
        assertArrayEquals(sent.toByteArray(), connection.channel.written.toByteArray(), "all 20, in order");
    }
}
