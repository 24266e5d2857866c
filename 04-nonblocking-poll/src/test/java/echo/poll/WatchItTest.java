package echo.poll;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Watch it" scenario, with the trace captured: the loop spins through hundreds of thousands of rounds
 * a second and the trace says so in one line a second, never a line a round; a client that sends a lot and does
 * not read shows up as a partial write whose remainder stays pending.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WatchItTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "last (\\d+\\.\\d\\d) s: ([\\d,]+) rounds, ([\\d,]+) of them found nothing to do .*; (\\d+) connections"
                    + " asked each round");
    private static final String LOOP = "echo-" + PollingChapter.ID + "-loop";

    private final TraceCapture trace = new TraceCapture();
    private final PollWatcher counts = new PollWatcher(trace.trace()); // the loop's counts, beside its trace

    /** The chapter's server with its watcher on this test's trace, whose counts the test reads too. */
    private TracedServer start() throws IOException {
        return TracedServer.start(trace, capture -> new PollingServer(ServerConfig.defaults().withPort(0), counts));
    }

    @Test
    void aSpinningLoopIsSummarisedOnceASecondNotTracedPerRound() throws IOException {
        try (TracedServer watched = start()) {
            TestClient a = watched.connect();
            String nameA = TracedServer.name(a);
            assertArrayEquals("hi".getBytes(), a.echo("hi".getBytes()));
            trace.awaitInOrder("accepted " + nameA, "read 2 bytes from " + nameA, "wrote 2 bytes to " + nameA)
                    .forEach(line -> assertEquals(LOOP, line.thread(), "all on the loop's one thread"));

            // Two summaries after the echo: the client is silent, the loop is not.
            trace.await("a second summary", line -> trace.count("found nothing to do") >= 3);
            List<Trace.Line> summaries = trace.lines().stream()
                    .filter(line -> line.text().contains("found nothing to do")).toList();
            Matcher last = SUMMARY.matcher(summaries.get(summaries.size() - 1).text());
            assertTrue(last.matches(), summaries.get(summaries.size() - 1).text());
            long rounds = Long.parseLong(last.group(2).replace(",", ""));
            long idle = Long.parseLong(last.group(3).replace(",", ""));
            assertTrue(rounds > 1000, "a silent client, and still thousands of rounds a second: " + rounds);
            assertTrue(idle > rounds * 9 / 10, "nearly all of them idle: " + idle + " of " + rounds);
            assertEquals("1", last.group(4));
            assertEquals(LOOP, summaries.get(0).thread(), "written by the loop itself, between two rounds");

            // The trace holds a handful of lines, while the loop has turned hundreds of thousands of rounds.
            long lines = trace.lines().size();
            assertTrue(counts.rounds() > 100 * lines, counts.rounds() + " rounds, " + lines + " lines");
            double seconds = summaries.get(summaries.size() - 1).nanos() / 1e9;
            assertTrue(summaries.size() <= seconds + 1, summaries.size() + " summaries in " + seconds + " s");
            assertEquals(0, trace.trace().dropped(), "nothing flooded the queue");
        }
    }

    /** A client that sends a lot and reads nothing: a write takes part, the rest waits, reading from it stops. */
    @Test
    void aClientThatDoesNotReadLeavesAPartialWritePending() throws Exception {
        try (TracedServer watched = start()) {
            TestClient greedy = watched.connect();
            String name = TracedServer.name(greedy);
            byte[] lot = new byte[16 << 20];
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    greedy.write(lot); // blocks once every buffer on the way is full: the server stopped reading
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Trace.Line partial = trace.await("wrote .* to " + name + "; its send buffer is full",
                    line -> line.text().startsWith("wrote ") && line.text().contains(name)
                            && line.text().contains("; its send buffer is full: "));
            assertEquals(LOOP, partial.thread());
            int left = Integer.parseInt(partial.text().replaceAll(".*buffer is full: (\\d+) bytes pending.*", "$1"));
            assertTrue(left > 0 && left <= ServerConfig.defaults().readBufferSize(), partial.text());
            // Until the client reads, the server's send buffer fills and stays full: output waits, --stats shows it.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (counts.pendingBytes() == 0) {
                assertTrue(System.nanoTime() < until, "--stats should show the pending output");
                Thread.sleep(10);
            }
            assertEquals(lot.length, greedy.read(lot.length).length, "reading, it gets every byte back");
            sending.get(60, TimeUnit.SECONDS);
            greedy.shutdownOutput();
            assertEquals(0, greedy.readUntilEof().length);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (counts.pendingBytes() != 0 || counts.open() != 0) {
                assertTrue(System.nanoTime() < deadline, "pending " + counts.pendingBytes() + " after the client left");
                Thread.sleep(10);
            }
        }
    }
}
