package echo.threadperclient;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The README's "Watch it" scenario, with the trace captured: each client gets a thread of its own, started when it
 * connects and ended when it leaves, while the acceptor goes straight back to accept() (its "waiting in accept()"
 * comes between A's arrival and B's); past --max-connections a newcomer is refused.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchItTest {
    private static final String ACCEPTOR = "echo-" + ThreadPerClientChapter.ID + "-acceptor";

    @Test
    void aThreadPerClientStartedOnArrivalEndedOnLeaving() throws IOException {
        try (TracedServer watched = TracedServer.start(new ThreadPerClientChapter(),
                ServerConfig.defaults().withPort(0).withMaxConnections(2))) {
            TraceCapture trace = watched.trace();
            TestClient a = watched.connect();
            String nameA = TracedServer.name(a);
            assertArrayEquals("a".getBytes(), a.echo("a".getBytes()));
            try (TestClient b = TestClient.connect(watched.address())) {
                String nameB = TracedServer.name(b);
                assertArrayEquals("b".getBytes(), b.echo("b".getBytes())); // served while A sits in its read()
                List<Trace.Line> lines = trace.awaitInOrder(
                        "accepted " + nameA, "platform thread started for " + nameA + " (live connection threads: 1)",
                        "accepted " + nameB, "platform thread started for " + nameB + " (live connection threads: 2)",
                        "read 1 bytes from " + nameB);
                assertEquals(ACCEPTOR, lines.get(0).thread());
                assertEquals(ACCEPTOR, lines.get(2).thread());
                assertNotEquals(lines.get(1).thread(), lines.get(3).thread(), "a thread each");
                assertEquals(lines.get(3).thread(), lines.get(4).thread(), "B's bytes on B's thread");
                List<Trace.Line> back = trace.awaitInOrder(
                        "accepted " + nameA, "waiting in accept() for the next connection", "accepted " + nameB);
                assertEquals(ACCEPTOR, back.get(1).thread(), "straight back to accept() once A has its thread");

                try (TestClient c = TestClient.connect(watched.address())) {
                    assertEquals(0, c.readUntilEof().length, "over the limit: closed at once");
                    String nameC = TracedServer.name(c);
                    trace.await("refused " + nameC + ": 2 open already (--max-connections 2)");
                }
                a.shutdownOutput();
                assertEquals(0, a.readUntilEof().length);
                Trace.Line ended = trace.await("platform thread ends, " + nameA + " is gone (live connection threads: 1)");
                assertEquals(lines.get(1).thread(), ended.thread(), "A's thread ends A's connection");
            }
        }
    }
}
