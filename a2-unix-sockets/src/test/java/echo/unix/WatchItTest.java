package echo.unix;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Watch it" scenario, with the trace captured: chapter 05's loop, event for event, on a socket file.
 * A Unix socket's client has no address, so the trace names it by the channel and the file it came in on; two
 * clients are two names. One echoes and half-closes: end of input, closed, the other still open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchItTest {
    private static final String REACTOR = "echo-" + UnixSocketsChapter.ID + "-reactor";

    @TempDir
    Path dir;

    @Test
    void chapter05sEventsOnASocketFile() throws Exception {
        Path file = dir.resolve("echo.sock");
        try (TracedServer watched = TracedServer.start(new UnixSocketsChapter(),
                ServerConfig.defaults().withUnixSocket(file))) {
            TraceCapture trace = watched.trace();
            TestClient first = watched.connect();
            TestClient second = watched.connect();
            assertArrayEquals("hi\n".getBytes(), first.echo("hi\n".getBytes()));
            assertArrayEquals("yo\n".getBytes(), second.echo("yo\n".getBytes()));
            List<Trace.Line> reads = trace.awaitInOrder("select() woke: 1 ready (1 accept)",
                    "accepted client ", "read 3 bytes from client ", "wrote 3 bytes to client ",
                    "read 3 bytes from client ", "wrote 3 bytes to client ");
            reads.forEach(line -> assertEquals(REACTOR, line.thread(), "05's one thread does it all"));
            String a = client(reads.get(2).text(), "read 3 bytes from ");
            String b = client(reads.get(4).text(), "read 3 bytes from ");
            assertTrue(a.endsWith(" on " + file), "named by the file it came in on: " + a);
            assertNotEquals(a, b, "two clients, two names: " + trace.dump());
            assertEquals(2, trace.count("accepted client "), trace.dump());

            first.shutdownOutput();
            assertEquals(0, first.readUntilEof().length);
            trace.awaitInOrder("end of input from " + a + ", OP_READ off", "closed " + a + ": done (open: 1)");
        }
    }

    private static String client(String line, String after) {
        return line.substring(after.length());
    }
}
