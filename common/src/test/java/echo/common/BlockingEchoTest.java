package echo.common;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking chapters' echo loop, on a real loopback connection: what comes back and the one line it logs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingEchoTest {
    private ServerSocket listener;
    private Socket client;
    private Socket served;
    private final Recorder log = new Recorder();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final BlockingEvents recorder = new BlockingEvents() {
        @Override
        public void reading(Socket client) {
            events.add("reading");
        }

        @Override
        public void read(Socket client, byte[] data, int n) {
            events.add("read " + new String(data, 0, n));
        }

        @Override
        public void wrote(Socket client, byte[] data, int n) {
            events.add("wrote " + n);
        }

        @Override
        public void ended(Socket client, End how) {
            events.add("ended " + how + (client.isClosed() ? "" : " (socket still open)"));
        }
    };

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        served = listener.accept();
        client.setSoTimeout(30_000); // a test that would hang fails instead
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        served.close();
        listener.close();
    }

    /** The loop echoes in order, and at the client's half-close it shuts its own output: EOF, socket still open. */
    @Test
    void echoesUntilEndOfStreamThenShutsItsOutput() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(1).nextBytes(data);
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
            try {
                BlockingEcho.echoUntilEof(served, 1000);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, runnable -> new Thread(runnable, "echo").start());
        CompletableFuture<byte[]> reply = readAllAsync(client.getInputStream());
        client.getOutputStream().write(data);
        client.shutdownOutput();
        echo.get(30, TimeUnit.SECONDS);

        assertArrayEquals(data, reply.get(30, TimeUnit.SECONDS), "every byte, in order, then end of stream");
        assertFalse(served.isClosed(), "closing is serve()'s business; the loop only shuts its output");
        assertTrue(served.isOutputShutdown());
    }

    @Test
    void serveClosesTheSocketAndSaysDoneWhenTheClientHalfCloses() throws Exception {
        CompletableFuture<Void> serving = serveAsync();
        client.getOutputStream().write("bye".getBytes());
        client.shutdownOutput();
        assertArrayEquals("bye".getBytes(), client.getInputStream().readAllBytes());
        serving.get(30, TimeUnit.SECONDS);
        assertTrue(served.isClosed());
        assertEquals(List.of("DEBUG client " + client.getLocalSocketAddress() + " connected",
                "DEBUG client " + client.getLocalSocketAddress() + " done"), log.lines);
        // A wait before every read; each read's bytes written back before the next wait; the end, after the close.
        assertEquals("reading", events.get(0));
        assertEquals("ended DONE", events.get(events.size() - 1));
        assertEquals("reading", events.get(events.size() - 2));
        StringBuilder echoed = new StringBuilder();
        for (int i = 1; i < events.size() - 2; i += 3) {
            String read = events.get(i);
            assertTrue(read.startsWith("read "), events.toString());
            assertEquals("wrote " + (read.length() - 5), events.get(i + 1), events.toString());
            assertEquals("reading", events.get(i + 2), events.toString());
            echoed.append(read.substring(5));
        }
        assertEquals("bye", echoed.toString());
    }

    @Test
    void anIdleClientIsOneInfoLine() throws Exception {
        served.setSoTimeout(200); // the client below never sends: the read times out, whatever the machine's speed
        serveAsync().get(30, TimeUnit.SECONDS);
        assertTrue(served.isClosed());
        assertEquals("INFO client " + client.getLocalSocketAddress() + " idle too long, closed", log.lines.get(1));
        assertEquals(List.of("reading", "ended IDLE"), events);
        assertEquals(-1, client.getInputStream().read(), "the idle client sees the connection closed");
    }

    @Test
    void aClientThatResetsIsOneInfoLine() throws Exception {
        client.setSoLinger(true, 0);
        client.close(); // RST: the server's read fails with "Connection reset"
        serveAsync().get(30, TimeUnit.SECONDS);
        assertEquals(2, log.lines.size(), log.lines.toString());
        assertTrue(log.lines.get(1).startsWith("INFO client " + served.getRemoteSocketAddress() + " dropped: "),
                log.lines.get(1));
        assertTrue(log.lines.get(1).toLowerCase(java.util.Locale.ROOT).contains("reset"), "says why: " + log.lines.get(1));
        assertEquals(List.of("reading", "ended DROPPED"), events);
    }

    /** close() of a server closes its connections' sockets under their threads: that is no client's fault. */
    @Test
    void aSocketClosedByTheServerIsADebugLine() throws Exception {
        CompletableFuture<Void> serving = serveAsync();
        served.close(); // before or during the read: either way the read fails on a closed socket
        serving.get(30, TimeUnit.SECONDS);
        assertEquals("DEBUG client " + client.getLocalSocketAddress() + " closed by the server", log.lines.get(1));
        assertEquals("ended CLOSED_BY_SERVER", events.get(events.size() - 1));
    }

    private CompletableFuture<Void> serveAsync() {
        return CompletableFuture.runAsync(() -> BlockingEcho.serve(served, 1024, log, recorder),
                runnable -> new Thread(runnable, "serve").start());
    }

    private static CompletableFuture<byte[]> readAllAsync(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all);
                return all.toByteArray();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, runnable -> new Thread(runnable, "reader").start());
    }

    /** A System.Logger that keeps "LEVEL message" lines. */
    static final class Recorder implements System.Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }

        @Override
        public void log(Level level, Supplier<String> supplier) {
            lines.add(level + " " + supplier.get());
        }
    }
}
