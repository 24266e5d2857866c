package echo.framed;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.selector.SelectorChapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Why this chapter exists, shown on chapter 05's raw echo server: TCP carries a stream of bytes, not messages.
 * What one write() sent is not what one read() gets: two writes can come back as one read, and one write as
 * many reads. A protocol that needs messages has to mark where each one ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpIsAByteStreamTest {
    private EchoServer rawEcho;

    @BeforeEach
    void start() throws IOException {
        rawEcho = new SelectorChapter().create(ServerConfig.defaults().withPort(0));
        rawEcho.start();
    }

    @AfterEach
    void stop() {
        rawEcho.close();
    }

    /**
     * Two writes, "a" then "b", each sent at once as its own segment (TCP_NODELAY). The client waits until both
     * echoes are in its socket's receive buffer, then reads once: it gets "ab". Nothing in the stream says where
     * "a" ended. (The wait is what makes this deterministic; without it, the merge happens or not by timing.)
     */
    @Test
    void twoWritesComeBackAsOneRead() throws IOException {
        try (Socket client = connect()) {
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            out.write('a');
            out.flush();
            out.write('b');
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (in.available() < 2) { // bytes in the kernel's receive buffer, not yet read
                if (System.nanoTime() > deadline) {
                    fail("the echo of 'a' and 'b' did not arrive");
                }
                Thread.onSpinWait();
            }
            byte[] buffer = new byte[100];
            int n = in.read(buffer);
            assertEquals("ab", new String(buffer, 0, n), "two messages sent, one read: the boundary is gone");
        }
    }

    /**
     * The other half: one write of 1 MiB comes back over many reads. The client's receive buffer is 64 KiB, so no
     * single read can return the whole message, however the timing goes.
     */
    @Test
    void oneWriteComesBackAsManyReads() throws Exception {
        byte[] message = new byte[1 << 20];
        new Random(5).nextBytes(message);
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(64 * 1024); // before connecting, so the TCP window is sized by it
            client.connect(rawEcho.address(), 30_000);
            client.setSoTimeout(30_000);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    client.getOutputStream().write(message); // one write() call
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] back = new byte[message.length];
            int reads = 0;
            for (int at = 0; at < back.length; reads++) {
                int n = client.getInputStream().read(back, at, back.length - at); // asks for all that is left
                assertTrue(n > 0, "connection closed early");
                at += n;
            }
            writing.get(30, TimeUnit.SECONDS);
            assertArrayEquals(message, back);
            System.out.println("one write of " + message.length + " bytes came back in " + reads + " reads");
            assertTrue(reads > 1, "one write, one message, but it cannot arrive in a single read: " + reads);
        }
    }

    private Socket connect() throws IOException {
        Socket client = new Socket();
        client.connect((InetSocketAddress) rawEcho.address(), 30_000);
        client.setTcpNoDelay(true);
        client.setSoTimeout(30_000);
        return client;
    }
}
