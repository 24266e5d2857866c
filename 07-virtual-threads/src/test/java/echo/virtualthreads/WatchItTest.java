package echo.virtualthreads;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Watch it" scenario, with the trace captured: chapter 02's events, on virtual threads, each line
 * of the read/write loop naming the carrier the virtual thread is mounted on at that moment.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchItTest {

    @Test
    void aVirtualThreadPerClientAndTheCarrierItRunsOn() throws IOException {
        try (TracedServer watched = TracedServer.start(new VirtualThreadsChapter(), ServerConfig.defaults().withPort(0))) {
            TraceCapture trace = watched.trace();
            TestClient a = watched.connect();
            String nameA = TracedServer.name(a);
            assertArrayEquals("a".getBytes(), a.echo("a".getBytes()));
            List<Trace.Line> lines = trace.awaitInOrder("accepted " + nameA,
                    "virtual thread started for " + nameA + " on carrier ForkJoinPool-",
                    "waiting in read() on " + nameA + " on carrier ForkJoinPool-",
                    "read 1 bytes from " + nameA + " on carrier ForkJoinPool-",
                    "wrote 1 bytes to " + nameA + " on carrier ForkJoinPool-");
            assertTrue(lines.get(1).text().endsWith("(live connection threads: 1)"), lines.get(1).text());
            String thread = lines.get(1).thread();
            assertTrue(thread.startsWith("echo-" + VirtualThreadsChapter.ID + "-conn-"), thread);
            lines.subList(2, 5).forEach(line -> assertEquals(thread, line.thread(), "the connection's own thread"));

            a.shutdownOutput();
            assertEquals(0, a.readUntilEof().length);
            trace.await("virtual thread ends, " + nameA + " is gone (live connection threads: 0)");
        }
    }
}
