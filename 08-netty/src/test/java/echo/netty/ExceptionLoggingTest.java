package echo.netty;

import echo.common.Frames;
import echo.common.Logs;
import echo.common.ServerConfig;
import echo.common.Transport;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What {@code EchoHandler.exceptionCaught} says, by kind of trouble. A client's doing (a reset, a frame over the
 * limit) is one INFO line; a bug in lesson code (a handler's NullPointerException, or one inside a decoder, which
 * Netty wraps in a DecoderException) is a WARNING that carries the exception, so its stack trace (file and line)
 * is printed. In every case that one connection is closed and the server goes on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExceptionLoggingTest {
    static {
        Logs.init();
    }

    private NettyServer server;
    private LogCapture log;
    private final AtomicBoolean buggy = new AtomicBoolean();

    private void start(boolean framed) throws IOException {
        start(framed, Transport.NIO);
    }

    private void start(boolean framed, Transport transport) throws IOException {
        NettyChapter chapter = framed ? new NettyFramedChapter() : new NettyChapter();
        log = new LogCapture(chapter.id()).attach();
        server = (NettyServer) chapter.create(ServerConfig.defaults().withPort(0).withTransport(transport));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (log != null) {
            log.close();
        }
    }

    @Test
    void aBugInAHandlerIsAWarningWithItsStackTrace() throws Exception {
        start(false);
        NullPointerException bug = new NullPointerException("a learner's bug");
        Hooks.onEachConnection(server, child -> firstOnly(child, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                throw bug;
            }
        }));
        try (TestClient client = TestClient.connect(server.address())) {
            client.write("boom".getBytes());
            assertEquals(0, client.bytesUntilClosed(), "the buggy connection is closed, with nothing echoed");
        }
        LogRecord record = awaitRecord("closed");
        assertEquals(Level.WARNING, record.getLevel(), record.getMessage());
        assertSame(bug, record.getThrown(), "the record carries the exception, so its stack trace is printed");
        assertTrue(record.getMessage().contains("NullPointerException"), record.getMessage());
        assertStillServing(false);
    }

    /** A bug inside a decoder reaches exceptionCaught wrapped in a DecoderException: a bug all the same. */
    @Test
    void aBugInADecoderIsAWarningWithItsStackTrace() throws Exception {
        start(false);
        IllegalStateException bug = new IllegalStateException("a decoder's bug");
        Hooks.onEachConnection(server, child -> firstOnly(child, new ByteToMessageDecoder() {
            @Override
            protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
                throw bug;
            }
        }));
        try (TestClient client = TestClient.connect(server.address())) {
            client.write("boom".getBytes());
            assertEquals(0, client.bytesUntilClosed());
        }
        LogRecord record = awaitRecord("closed");
        assertEquals(Level.WARNING, record.getLevel(), record.getMessage());
        assertSame(bug, record.getThrown().getCause(), "the record carries the exception and its cause");
        assertStillServing(false);
    }

    /** Each transport has its own exception for a reset (epoll and io_uring: Netty's NativeIoException). */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aResetIsOneInfoLineWithoutAStackTrace(Transport transport) throws Exception {
        Available.assume(transport);
        start(false, transport);
        TestClient client = TestClient.connect(server.address());
        assertArrayEquals("hi".getBytes(), client.echo("hi".getBytes()));
        client.reset();
        LogRecord record = awaitRecord("dropped");
        assertEquals(Level.INFO, record.getLevel(), record.getMessage());
        assertNull(record.getThrown(), "a reset is the network's doing: no stack trace");
        assertStillServing(false);
    }

    @Test
    void aFrameOverTheLimitIsOneInfoLineWithoutAStackTrace() throws Exception {
        start(true);
        try (TestClient client = TestClient.connect(server.address())) {
            client.write(ByteBuffer.allocate(4).putInt(-1).flip()); // 0xFFFFFFFF: 4 GiB
            assertEquals(0, client.bytesUntilClosed());
        }
        LogRecord record = awaitRecord("closed");
        assertEquals(Level.INFO, record.getLevel(), record.getMessage());
        assertTrue(record.getMessage().contains("frame length exceeds"), record.getMessage());
        assertNull(record.getThrown(), "a client that breaks the protocol is not a bug here: no stack trace");
        assertStillServing(true);
    }

    /** The bug goes into the first connection only, so that the next one shows the server still serving. */
    private void firstOnly(Channel child, ChannelHandler bug) {
        if (buggy.compareAndSet(false, true)) {
            child.pipeline().addFirst(bug);
        }
    }

    private void assertStillServing(boolean framed) throws IOException {
        try (TestClient other = TestClient.connect(server.address())) {
            byte[] wire = framed ? Frames.encode("next".getBytes()).array() : "next".getBytes();
            assertArrayEquals(wire, other.echo(wire), "only that connection is closed");
        }
    }

    /** The first record whose message mentions {@code word}, waiting for it (the event loop logs it). */
    private LogRecord awaitRecord(String word) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (LogRecord record : log.records()) {
                if (record.getMessage().contains(word)) {
                    return record;
                }
            }
            Thread.sleep(10);
        }
        fail("no log line with '" + word + "': " + log.records().stream().map(LogRecord::getMessage).toList());
        return null;
    }
}
