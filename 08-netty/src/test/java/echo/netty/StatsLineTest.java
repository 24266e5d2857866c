package echo.netty;

import echo.common.EchoServer;
import echo.common.Frames;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.common.Watch;
import echo.testkit.StatsLines;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's {@code --stats} line, built in this JVM from what the chapter reported to its {@link Watch}: the
 * open connections, the bytes pending in their outbound buffers, how many are paused (auto-read off) and the reads
 * a second; framed, the frames a second and the refused lengths too. Before, only the launch test's child JVM
 * printed that line, and nothing read it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsLineTest {
    private static final Pattern READS = Pattern.compile("  reads/s ([\\d,]+)  ");

    /** Two clients echoed and still open: the first line counts their reads; a line soon shows them at rest. */
    @Test
    void theRawChapterShowsConnectionsPendingPausedAndReads() throws Exception {
        Watch watch = new Watch(Trace.OFF, true);
        EchoServer server = new NettyChapter().create(ServerConfig.defaults().withPort(0), watch);
        try {
            server.start();
            try (TestClient a = TestClient.connect(server.address());
                 TestClient b = TestClient.connect(server.address())) {
                assertArrayEquals("a".getBytes(), a.echo("a".getBytes()));
                assertArrayEquals("b".getBytes(), b.echo("b".getBytes()));
                try (StatsLines lines = StatsLines.start(watch.sources())) {
                    String first = lines.next();
                    Matcher reads = READS.matcher(first);
                    assertTrue(reads.find(), first);
                    assertTrue(Long.parseLong(reads.group(1).replace(",", "")) > 0,
                            "each read is counted before it is echoed: " + first);
                    assertFalse(first.contains("frames/s"), "the raw chapter has no frames: " + first);
                    // Both echoes came back, so nothing is held: the line says so once the event loop has done
                    // its book-keeping (at once, in practice; waited for, not assumed).
                    lines.awaitOne("  connections 2  pending output bytes 0  paused 0  reads/s ");
                }
            }
        } finally {
            server.close();
        }
    }

    /** Framed: one frame echoed, one length refused (that connection is closed): frames a second and refused 1. */
    @Test
    void theFramedChapterAddsFramesAndRefusals() throws Exception {
        Watch watch = new Watch(Trace.OFF, true);
        EchoServer server = new NettyFramedChapter().create(ServerConfig.defaults().withPort(0).withMaxFrame(1024),
                watch);
        try {
            server.start();
            try (TestClient good = TestClient.connect(server.address());
                 TestClient bad = TestClient.connect(server.address())) {
                byte[] frame = Frames.encode("hi".getBytes()).array();
                assertArrayEquals(frame, good.echo(frame));
                bad.write(Frames.header(1025));
                assertEquals(0, bad.bytesUntilClosed(), "a length over the max closes the connection");
                try (StatsLines lines = StatsLines.start(watch.sources())) {
                    String first = lines.next();
                    Matcher frames = Pattern.compile("  frames/s ([\\d,]+)  refused 1").matcher(first);
                    assertTrue(frames.find(), "06's figures, after 05's: " + first);
                    assertTrue(Long.parseLong(frames.group(1).replace(",", "")) > 0, "one frame: " + first);
                }
            }
        } finally {
            server.close();
        }
    }
}
