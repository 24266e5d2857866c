package echo.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoClientTest {

    /** What one run of the client printed, and its exit code. */
    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome client(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EchoClient.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertOneLineNoStackTrace(String err) {
        assertEquals(1, err.strip().lines().count(), "exactly one line on stderr, got:\n" + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace, got:\n" + err);
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCodeOne() {
        Outcome outcome = client("", "--prot", "20000");
        assertEquals(1, outcome.exitCode());
        assertOneLineNoStackTrace(outcome.err());
        assertTrue(outcome.err().contains("unknown option '--prot'"), outcome.err());
    }

    @Test
    void aBadPortIsNamed() {
        Outcome outcome = client("", "--port", "http");
        assertEquals(1, outcome.exitCode());
        assertOneLineNoStackTrace(outcome.err());
        assertTrue(outcome.err().contains("--port takes a whole number, got 'http'"), outcome.err());

        Outcome tooBig = client("", "--port=70000");
        assertEquals(1, tooBig.exitCode());
        assertTrue(tooBig.err().contains("--port must be between 1 and 65535, got 70000"), tooBig.err());
    }

    @Test
    void conflictingOptionsAreRefused() {
        Outcome outcome = client("", "--framed", "--udp");
        assertEquals(1, outcome.exitCode());
        assertOneLineNoStackTrace(outcome.err());

        Outcome missing = client("", "--port");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("--port needs a value"), missing.err());
    }

    @Test
    void helpPrintsUsage() {
        Outcome outcome = client("", "--help");
        assertEquals(0, outcome.exitCode());
        assertTrue(outcome.out().contains("--framed"), outcome.out());
    }

    @Test
    void nobodyListeningIsOneClearLine() throws IOException {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        } // closed: nothing listens there now
        Outcome outcome = client("hello\n", "--port", String.valueOf(freePort));
        assertEquals(1, outcome.exitCode());
        assertOneLineNoStackTrace(outcome.err());
        assertEquals("cannot connect to 127.0.0.1:" + freePort + ": connection refused — is the server running?",
                outcome.err().strip());
    }

    @Test
    void linesComeBackAndEndOfInputEndsTheSession() throws Exception {
        try (TestServer server = TestServer.echo()) {
            Outcome outcome = client("hello\nwörld\n", "--port", String.valueOf(server.port()));
            assertEquals(0, outcome.exitCode(), outcome.err());
            assertEquals("hello\nwörld\n", outcome.out());
            assertTrue(outcome.err().contains("half-closed"), outcome.err());
            assertTrue(outcome.err().contains("the server closed the connection"), outcome.err());
        }
    }

    @Test
    void framedLinesComeBackAsFrames() throws Exception {
        // A raw echo returns a frame byte for byte, so it serves as a framed echo for the client's side.
        try (TestServer server = TestServer.echo()) {
            Outcome outcome = client("hello\n\nframes\n", "--framed", "--port", String.valueOf(server.port()));
            assertEquals(0, outcome.exitCode(), outcome.err());
            assertEquals("frame of 5 bytes: hello\nframe of 0 bytes: \nframe of 6 bytes: frames\n", outcome.out());
        }
    }

    @Test
    void datagramsComeBack() throws Exception {
        try (TestServer server = TestServer.udpEcho()) {
            Outcome outcome = client("ping\npong\n", "--udp", "--port", String.valueOf(server.port()));
            assertEquals(0, outcome.exitCode(), outcome.err());
            assertEquals("ping\npong\n", outcome.out());
        }
    }

    @Test
    void aUnixDomainSocketWorksLikeAPort(@TempDir Path dir) throws Exception {
        Path socketFile = dir.resolve("echo.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socketFile));
            Thread server = new Thread(() -> echoOneClient(listener), "test-unix-echo");
            server.start();
            Outcome outcome = client("over a file\n", "--unix", socketFile.toString());
            server.join(10_000);
            assertEquals(0, outcome.exitCode(), outcome.err());
            assertEquals("over a file\n", outcome.out());
        }
        // Closing a listening Unix socket leaves its file behind: nobody answers there any more.
        Outcome stale = client("", "--unix", socketFile.toString());
        assertEquals(1, stale.exitCode());
        assertOneLineNoStackTrace(stale.err());
        assertTrue(stale.err().contains("connection refused — is the server running?"), stale.err());

        Files.delete(socketFile);
        Outcome gone = client("", "--unix", socketFile.toString());
        assertEquals(1, gone.exitCode());
        assertOneLineNoStackTrace(gone.err());
        assertTrue(gone.err().contains("no such socket file — is the server running?"), gone.err());
    }

    private static void echoOneClient(ServerSocketChannel listener) {
        try (SocketChannel client = listener.accept()) {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (client.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    client.write(buffer);
                }
                buffer.clear();
            }
            client.shutdownOutput();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
