package echo.threadperclient;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.common.Watch;
import echo.testkit.StatsLines;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static echo.testkit.NonBlockingRobustnessContract.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's {@code --stats} line, built in this JVM from what the chapter reported to its {@link Watch}: the
 * blocking figures (open connections, bytes echoed per second), then this chapter's own, the live connection
 * threads and the refusals. With {@code --max-connections 1}, A is served and B refused, then the first line is
 * read: one connection, one thread, one refusal. And when nothing watches, the server gets the no-op listener.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsLineTest {

    @Test
    void oneThreadPerConnectionAndTheRefusalsAreCounted() throws Exception {
        Watch watch = new Watch(Trace.OFF, true);
        EchoServer server = new ThreadPerClientChapter().create(
                ServerConfig.defaults().withPort(0).withMaxConnections(1), watch);
        ThreadPerClientWatcher watcher = (ThreadPerClientWatcher) watch.sources().get(0);
        try {
            server.start();
            try (TestClient a = TestClient.connect(server.address());
                 TestClient b = TestClient.connect(server.address())) {
                assertArrayEquals("a".getBytes(), a.echo("a".getBytes()));
                assertEquals(0, b.bytesUntilClosed(), "over the limit: closed at once");
                await(() -> watcher.refusedTotal() == 1 && watcher.open() == 1, "B's refusal counted");

                String line = StatsLines.first(watch.sources());
                assertTrue(line.contains("  connections 1  bytes echoed/s "), "the blocking figures: " + line);
                assertTrue(line.contains("  connection threads 1  refused 1  "), "A's thread, B's refusal: " + line);
            }
        } finally {
            server.close();
        }
    }

    @Test
    void nothingWatchedMeansNoWatcher() {
        assertSame(ThreadPerClientEvents.NONE, ThreadPerClientWatcher.eventsFor(Watch.NONE),
                "neither --trace nor --stats: the server gets the no-op listener and pays nothing");
    }
}
