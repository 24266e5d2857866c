package echo.common;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocking chapters' watcher, by itself (01, 02, 03 and 07 check it through their servers): one line per
 * event, word for word, and the figures of the --stats line.
 */
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS,
        threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingWatcherTest {

    /** Something watched (--stats alone will do): a watcher, reported to the --stats line. */
    @Test
    void aWatchedServerGetsAWatcherOnTheStatsLine() {
        Watch watch = new Watch(Trace.OFF, true);
        BlockingEvents events = BlockingWatcher.of(watch);
        assertTrue(events instanceof BlockingWatcher, String.valueOf(events));
        assertEquals(List.of(events), watch.sources());
    }

    @Test
    void eachEventIsOneLineAndTheCountersFollow() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Trace trace = Trace.to(line -> lines.add(line.text()), 100, true).start();
        BlockingWatcher watcher = (BlockingWatcher) BlockingWatcher.of(Watch.tracing(trace));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            String who = "127.0.0.1:" + client.getLocalPort();
            byte[] data = "hi\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            watcher.accepting();
            watcher.accepted(accepted);
            watcher.reading(accepted);
            watcher.read(accepted, data, 3);
            watcher.wrote(accepted, data, 3);
            assertEquals(1, watcher.open());
            // the --stats figures: 1 open, 3 bytes echoed over the 3 s (and a few microseconds) handed to line()
            Stats stats = new Stats(List.of(watcher), new PrintStream(new ByteArrayOutputStream()));
            String line = stats.line(System.nanoTime() + 3_000_000_000L);
            assertTrue(line.contains("echo-stats  connections 1  bytes echoed/s 1  jvm threads "), line);
            watcher.accepted(accepted);
            watcher.forget(accepted); // a refusal: accepted, closed at once, never served
            watcher.ended(accepted, BlockingEvents.End.IDLE);
            assertEquals(2, watcher.acceptedTotal());
            assertEquals(0, watcher.open());
            assertEquals(3, watcher.echoedBytes());
            trace.close();
            assertEquals(List.of(
                    "waiting in accept() for the next connection",
                    "accepted " + who + " (open: 1)",
                    "waiting in read() on " + who,
                    "read 3 bytes from " + who + " \"hi\\n\"",
                    "wrote 3 bytes to " + who,
                    "accepted " + who + " (open: 2)",
                    "client " + who + " idle time-out fired: closed (open: 0)"), lines);
        }
    }

    /** How a connection ended, in the words of the trace. */
    @Test
    void eachEndHasItsWords() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Trace trace = Trace.to(line -> lines.add(line.text()), 100, false).start();
        BlockingWatcher watcher = new BlockingWatcher(trace);
        try (Socket unconnected = new Socket()) {
            for (BlockingEvents.End how : BlockingEvents.End.values()) {
                watcher.ended(unconnected, how);
            }
        }
        trace.close();
        assertEquals(List.of(
                "client null done (end of stream, all echoed) (open: -1)",
                "client null idle time-out fired: closed (open: -2)",
                "client null dropped (reset or gone) (open: -3)",
                "client null closed by the server (open: -4)"), lines);
    }
}
