package echo.netty;

import echo.common.Frames;
import echo.common.Transport;
import echo.testkit.ChildJvm;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hundreds of clients that write as fast as they can and never read, against the real server in a child JVM with
 * a 64 MiB heap (and so 64 MiB of direct memory). The watermark must hold each of them to a bounded cost: the
 * server neither dies nor drops anyone, and a fresh client is echoed at once. Framed, each client sends
 * zero-length frames, the worst case for a bound counted in bytes (4 bytes each, echoed as 4 bytes each).
 */
// A separate thread: a read from a child that never exits would not notice a same-thread time-out.
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FloodTest {
    static final int CLIENTS = 100;
    /** What one client may write at most; far more than a paused server lets through (see flood()). */
    private static final long CAP = 4 << 20;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void neverReadersSendingEmptyFramesCannotExhaustA64MegabyteServer(Transport transport) throws Exception {
        flood(transport, true, ByteBuffer.allocate(64 * 1024)); // 16,384 frames of length 0: four zero bytes each
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void neverReadersSendingBytesCannotExhaustA64MegabyteServer(Transport transport) throws Exception {
        byte[] bytes = new byte[64 * 1024];
        new Random(8).nextBytes(bytes);
        flood(transport, false, ByteBuffer.wrap(bytes));
    }

    /** On every transport: each has its own buffers and read loop between the kernel and the watermark. */
    private void flood(Transport transport, boolean framed, ByteBuffer chunk) throws Exception {
        Available.assume(transport);
        List<String> args = new ArrayList<>(List.of("--port", "0", "--transport", transport.label()));
        if (framed) {
            args.add("--framed");
        }
        List<SocketChannel> clients = new ArrayList<>();
        try (ChildJvm server = ChildJvm.start(List.of("-Xmx64m"), NettyChapter.class, args.toArray(String[]::new))) {
            InetSocketAddress address = server.listeningAddress();
            for (int i = 0; i < CLIENTS; i++) {
                SocketChannel client = SocketChannel.open();
                clients.add(client);
                // Small buffers on our side: the echo stalls soon, and the flood costs the machine little.
                client.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                client.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
                client.connect(address);
                client.configureBlocking(false);
            }
            long[] written = writeUntilAllStall(clients, chunk);
            long least = Long.MAX_VALUE;
            long total = 0;
            for (long n : written) {
                least = Math.min(least, n);
                total += n;
            }

            assertTrue(server.isAlive(), "the server died: " + server.stderr());
            try (TestClient fresh = TestClient.connect(address)) {
                byte[] wire = framed ? Frames.encode("still here".getBytes()).array() : "still here".getBytes();
                assertArrayEquals(wire, fresh.echo(wire), "a fresh client is served during the flood");
                byte[] empty = framed ? Frames.encode(new byte[0]).array() : "!".getBytes();
                assertArrayEquals(empty, fresh.echo(empty));
            }
            String log = server.stderr();
            assertFalse(log.contains("OutOfMemoryError"), log);
            assertFalse(log.contains(" closed: ") || log.contains(" dropped: "), "nobody was dropped: " + log);
            assertTrue(least > 64 * 1024, "every client got past the watermark; the least wrote " + least);
            System.out.printf("08%s flood on %s: %d never-readers wrote %d MiB (%d KiB each on average, at least %d);"
                            + " the server's peak resident memory with -Xmx64m: %s%n", framed ? "-framed" : "", transport,
                    CLIENTS, total >> 20, total / CLIENTS >> 10, least >> 10, peakResident(server.pid()));

            // SIGTERM (what Ctrl-C, kill and a service manager send) stops it, flood still connected.
            server.terminate();
            assertTrue(server.stdout().contains(": stopped"), "the shutdown hook closed the server: " + server.stdout());
        } finally {
            for (SocketChannel client : clients) {
                client.close();
            }
        }
    }

    /**
     * Writes {@code chunk} to every client in turn, never reading, until each one has written {@link #CAP} bytes
     * or no write has gone in for five seconds: by then the server has stopped reading from every one of them
     * (its watermark) and the kernel's buffers between us are full. Returns what each one wrote.
     */
    private static long[] writeUntilAllStall(List<SocketChannel> clients, ByteBuffer chunk) throws Exception {
        long[] written = new long[clients.size()];
        ByteBuffer[] rest = new ByteBuffer[clients.size()];
        long lastProgress = System.nanoTime();
        long deadline = lastProgress + TimeUnit.SECONDS.toNanos(180);
        boolean capped = false;
        while (!capped && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(5)) {
            assertTrue(System.nanoTime() < deadline, "the flood should stall or reach its cap");
            boolean progress = false;
            capped = true;
            for (int i = 0; i < clients.size(); i++) {
                if (written[i] >= CAP) {
                    continue;
                }
                capped = false;
                if (rest[i] == null || !rest[i].hasRemaining()) {
                    rest[i] = chunk.duplicate(); // whole chunks, so a framed server sees whole frames
                }
                int n = clients.get(i).write(rest[i]);
                if (n > 0) {
                    written[i] += n;
                    progress = true;
                }
            }
            if (progress) {
                lastProgress = System.nanoTime();
            } else {
                Thread.sleep(5); // everyone is stalled for now: give the server the core
            }
        }
        return written;
    }

    /** VmHWM from /proc: the most memory the process has had resident (Linux only; "unknown" elsewhere). */
    private static String peakResident(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }
}
