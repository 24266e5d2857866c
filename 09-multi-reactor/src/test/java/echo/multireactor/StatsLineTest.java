package echo.multireactor;

import echo.common.EchoServer;
import echo.common.Frames;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.common.Watch;
import echo.testkit.StatsLines;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's {@code --stats} line, built in this JVM from what the chapter reported to its {@link Watch}: 05's
 * figures summed over the reactors, then each reactor's share of the connections ({@code per reactor 2/1}). The
 * framed chapter adds chapter 06's frame figures; the raw one has none. The line is the first one the stats
 * thread prints, a second after it starts, once every connection is registered and echoed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsLineTest {

    @Test
    void theReactorsAreSummedAndEachOnesShareIsShown() throws Exception {
        Watch watch = new Watch(Trace.OFF, true);
        EchoServer server = new MultiReactorChapter().create(ServerConfig.defaults().withPort(0).withReactors(2),
                watch);
        List<TestClient> clients = new ArrayList<>();
        try {
            server.start();
            for (int i = 0; i < 3; i++) { // reactor 0, 1, 0
                TestClient client = TestClient.connect(server.address());
                clients.add(client);
                assertArrayEquals(("c" + i).getBytes(), client.echo(("c" + i).getBytes()));
            }
            String line = StatsLines.first(watch.sources());
            assertTrue(line.contains("  connections 3  "), "05's figures, summed over the reactors: " + line);
            assertTrue(line.contains("  per reactor 2/1  "), "each reactor's share, two reactors: " + line);
            assertFalse(line.contains("frames/s"), "the raw chapter has no frames: " + line);
        } finally {
            for (TestClient client : clients) {
                client.close();
            }
            server.close();
        }
    }

    @Test
    void theFramedChapterAddsItsFrameFigures() throws Exception {
        Watch watch = new Watch(Trace.OFF, true);
        EchoServer server = new MultiReactorFramedChapter().create(
                ServerConfig.defaults().withPort(0).withReactors(2), watch);
        try {
            server.start();
            try (TestClient client = TestClient.connect(server.address())) {
                byte[] frame = Frames.encode("hi".getBytes()).array();
                assertArrayEquals(frame, client.echo(frame));
                String line = StatsLines.first(watch.sources());
                assertTrue(line.contains("frames/s ") && line.contains("  refused 0"), "06's figures: " + line);
                assertTrue(line.contains("  per reactor 1/0  "), line);
            }
        } finally {
            server.close();
        }
    }
}
