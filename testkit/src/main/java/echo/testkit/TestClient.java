package echo.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A test's end of one connection, over TCP or a Unix domain socket. Every wait is bounded: a read or write that
 * cannot finish within {@link #TIMEOUT} fails the test with what did arrive, instead of hanging the build.
 *
 * <p>It is non-blocking underneath so that "nothing arrives for a while" can be checked without closing the
 * connection, which a blocking read with a time-out cannot do portably. One thread may read while another
 * writes (the big-payload tests need that): each direction waits on a Selector of its own.
 */
public final class TestClient implements AutoCloseable {
    /**
     * Generous on purpose: tests assert what arrives, not how fast; a loaded CI machine must still pass. The
     * exercises (exercises/README.md) set {@code -Decho.test.timeout.seconds} lower, so that an unfinished
     * solution fails in seconds instead of hanging each test for half a minute.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("echo.test.timeout.seconds", 30));

    private final SocketChannel channel;
    private final Selector readable;
    private final Selector writable;

    private TestClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.readable = Selector.open();
        this.writable = Selector.open();
        channel.register(readable, SelectionKey.OP_READ);
        channel.register(writable, SelectionKey.OP_WRITE);
    }

    public static TestClient connect(SocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        if (address instanceof InetSocketAddress) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        return new TestClient(channel);
    }

    public SocketChannel channel() {
        return channel;
    }

    /** Writes every byte, waiting for room in the socket buffer as needed. */
    public void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes));
    }

    public void write(ByteBuffer buffer) throws IOException {
        long deadline = deadline(TIMEOUT);
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await(writable, deadline, () -> "writing: " + buffer.remaining() + " bytes still unsent");
            }
        }
    }

    /** Exactly {@code n} bytes; fails if the connection ends or goes quiet first. */
    public byte[] read(int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        long deadline = deadline(TIMEOUT);
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer);
            if (read < 0) {
                fail("connection closed by the server after " + buffer.position() + " of " + n + " expected bytes");
            } else if (read == 0) {
                await(readable, deadline, () -> "reading: got " + buffer.position() + " of " + n + " bytes");
            }
        }
        return buffer.array();
    }

    /** Writes {@code bytes} and reads the same number back. */
    public byte[] echo(byte[] bytes) throws IOException {
        write(bytes);
        return read(bytes.length);
    }

    /** Everything until the server closes its side. A reset instead of a clean close fails the test. */
    public byte[] readUntilEof() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long deadline = deadline(TIMEOUT);
        while (true) {
            int read = channel.read(buffer);
            if (read < 0) {
                return all.toByteArray();
            }
            if (read == 0) {
                await(readable, deadline, () -> "waiting for the server to close; got " + all.size() + " bytes");
            }
            all.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
    }

    /**
     * Sends all of {@code bytes}, half-closes the moment the last one is out, and returns everything that comes
     * back until the server closes. It reads only while its writes are stalled, and then only one buffer's worth
     * before writing again: so it never deadlocks with a server that writes each echo before reading more (every
     * blocking chapter), yet keeps the server's output backed up, so that at the half-close a large payload
     * leaves the server with output still pending (the case a server that closes at end of input gets wrong), as
     * far as the kernel lets a client arrange it: see the half-close tests.
     * Fails if nothing moves either way for {@link #TIMEOUT}; a reset instead of a clean close fails the test.
     */
    public byte[] writeAndHalfCloseThenReadUntilEof(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream all = new ByteArrayOutputStream(bytes.length);
        try (Selector either = Selector.open()) {
            SelectionKey key = channel.register(either, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            long deadline = deadline(TIMEOUT);
            while (out.hasRemaining()) {
                if (channel.write(out) > 0) {
                    deadline = deadline(TIMEOUT);
                    continue;
                }
                // Stalled: the server is not taking more, most likely because it waits to hand us its echo.
                int read = channel.read(in.clear());
                if (read < 0) {
                    fail("connection closed by the server after " + all.size() + " bytes, with "
                            + out.remaining() + " of " + bytes.length + " still to send");
                }
                if (read > 0) {
                    all.write(in.array(), 0, read);
                    deadline = deadline(TIMEOUT);
                    continue;
                }
                await(either, deadline, () -> "writing: " + out.remaining() + " bytes unsent, " + all.size()
                        + " received, nothing moves either way");
            }
            key.cancel();
        }
        shutdownOutput();
        all.write(readUntilEof());
        return all.toByteArray();
    }

    /**
     * Bytes received until the server closed the connection, cleanly or with a reset: for the cases where the
     * server is right to drop a connection (a bad frame) and how the kernel says so is not the point.
     */
    public int bytesUntilClosed() throws IOException {
        int total = 0;
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long deadline = deadline(TIMEOUT);
        try {
            while (true) {
                int read = channel.read(buffer);
                if (read < 0) {
                    return total;
                }
                if (read == 0) {
                    int soFar = total;
                    await(readable, deadline, () -> "waiting for the server to close; got " + soFar + " bytes");
                }
                total += read;
                buffer.clear();
            }
        } catch (IOException reset) {
            return total;
        }
    }

    /**
     * Watches the connection for {@code window} and returns how many bytes arrived; fails if the server closes it
     * meanwhile. Used only to assert a
     * limitation (chapter 01 does not answer a second client): the assertion is "zero", which a correct serial
     * server meets however slow the machine is, so the window makes this test neither slow nor flaky.
     */
    public int bytesArrivingWithin(Duration window) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long deadline = deadline(window);
        int total = 0;
        while (System.nanoTime() < deadline) {
            int read = channel.read(buffer);
            if (read < 0) { // a closed connection is not a waiting one: say so, rather than count it as "nothing"
                fail("the server closed the connection after " + total + " bytes; a waiting client stays connected");
            }
            total += read;
            buffer.clear();
            if (read == 0) {
                readable.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                readable.selectedKeys().clear();
            }
        }
        return total;
    }

    /** The client's half-close: "I have nothing more to send", while still reading what comes back. */
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Closes with SO_LINGER 0, so the server sees a reset (RST) instead of an orderly close. */
    public void reset() throws IOException {
        if (channel.getRemoteAddress() instanceof InetSocketAddress) {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        close();
    }

    @Override
    public void close() throws IOException {
        try {
            readable.close();
            writable.close();
        } finally {
            channel.close();
        }
    }

    private static void await(Selector ready, long deadline, Supplier<String> what) throws IOException {
        long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0) {
            fail("timed out after " + TIMEOUT.toSeconds() + " s " + what.get());
        }
        ready.select(remainingMs);
        ready.selectedKeys().clear();
    }

    private static long deadline(Duration d) {
        return System.nanoTime() + d.toNanos();
    }
}
