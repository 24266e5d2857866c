package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import echo.bench.ChapterScale.Idle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which panel each subject is drawn in, and that a picture is a grid of those panels with a header and footer. */
class ChartsTest {

    @Test
    void eachChapterIsDrawnWithItsFamilyOfModels() {
        assertEquals(List.of("threads"), Charts.groupsOf("02-thread-per-client"));
        assertEquals(List.of("threads"), Charts.groupsOf("03-thread-pool"));
        assertEquals(List.of("threads"), Charts.groupsOf("07-virtual-threads"));
        assertEquals(List.of("loops"), Charts.groupsOf("04-nonblocking-poll"));
        assertEquals(List.of("loops"), Charts.groupsOf("05-selector"));
        assertEquals(List.of("loops", "frames"), Charts.groupsOf("06-length-prefixed"));
        assertEquals(List.of("loops"), Charts.groupsOf("09-multi-reactor"));
        assertEquals(List.of("loops"), Charts.groupsOf("a2-unix-sockets"));
        assertEquals(List.of("frames", "Netty"), Charts.groupsOf("08-netty-framed"));
        assertEquals(List.of("Netty"), Charts.groupsOf("08-netty"));
        assertEquals(List.of("Netty"), Charts.groupsOf("08-netty-io_uring"));
        assertEquals(List.of("other"), Charts.groupsOf("a1-udp"));
        assertEquals(List.of("other"), Charts.groupsOf("a3-async-channels"));
        assertEquals(List.of("other"), Charts.groupsOf("10-something-new"), "a new chapter still gets a panel");
    }

    @Test
    void theLoopsPanelsSevenSeriesDifferInColourAndInMarker() {
        // The published throughput chart drew 04 and a2 alike (one colour and marker each for 6 series, 7 in loops).
        List<String> loops = List.of("04-nonblocking-poll", "05-selector", "06-length-prefixed", "09-multi-reactor",
                "09-multi-reactor-1-reactor", "09-multi-reactor-framed", "a2-unix-sockets");
        loops.forEach(id -> assertTrue(Charts.groupsOf(id).contains("loops"), id));
        for (int i = 0; i < loops.size(); i++) {
            for (int j = i + 1; j < loops.size(); j++) {
                assertNotEquals(Charts.COLOURS[i % Charts.COLOURS.length], Charts.COLOURS[j % Charts.COLOURS.length],
                        "series " + i + " and " + j + " share a colour");
                assertNotEquals(Charts.MARKERS[i % Charts.MARKERS.length], Charts.MARKERS[j % Charts.MARKERS.length],
                        "series " + i + " and " + j + " share a marker");
            }
        }
    }

    @Test
    void theOneConnectionPanelLabelsBarsByChapterNumberAndNeverTwoAlike() {
        List<String> ids = List.of("05-selector", "08-netty", "08-netty-framed", "08-netty-io_uring",
                "09-multi-reactor", "09-multi-reactor-1-reactor", "09-multi-reactor-framed", "a2-unix-sockets");
        assertEquals("05", Charts.shortId("05-selector", ids));
        assertEquals("a2", Charts.shortId("a2-unix-sockets", ids));
        assertEquals("08", Charts.shortId("08-netty", ids));
        assertEquals("08 io_uring", Charts.shortId("08-netty-io_uring", ids));
        assertEquals("08 framed", Charts.shortId("08-netty-framed", ids));
        assertEquals("09", Charts.shortId("09-multi-reactor", ids));
        assertEquals("09 framed", Charts.shortId("09-multi-reactor-framed", ids));
        assertEquals("09 1-reactor", Charts.shortId("09-multi-reactor-1-reactor", ids));
        assertEquals(ids.size(), ids.stream().map(id -> Charts.shortId(id, ids)).distinct().count());
        // Two subjects of one number, neither extending the other: whole ids, not "10" twice.
        List<String> siblings = List.of("10-alpha", "10-beta");
        assertEquals("10-alpha", Charts.shortId("10-alpha", siblings));
    }

    @Test
    void aSeriesWhosePointsAllLieUnderLaterOnesIsNamedInTheFooter() {
        List<String> at = List.of("1", "16", "64");
        Map<String, List<Double>> threads = new java.util.LinkedHashMap<>();
        threads.put("01-blocking", java.util.Arrays.asList(46_000.0, null, null)); // one point, drawn first
        threads.put("02-thread-per-client", List.of(46_500.0, 84_000.0, 80_000.0));
        threads.put("03-thread-pool", java.util.Arrays.asList(47_000.0, 86_000.0, null));
        // The axis runs from 0 to 100,000: 500 apart is 0.5% of it, under a marker; 02's 16 and 64 show.
        assertEquals(List.of("01-blocking lies under 02-thread-per-client and 03-thread-pool (at 1 connection)"),
                Charts.hiddenUnder(threads, at, 0, 100_000, false));
        // 4,000 apart is 4%: 01 shows beside them.
        threads.put("01-blocking", java.util.Arrays.asList(42_000.0, null, null));
        assertEquals(List.of(), Charts.hiddenUnder(threads, at, 0, 100_000, false));
        // Covered at 1 by one series and at 16 by another: its line between them shows, so it is not named.
        threads.put("01-blocking", java.util.Arrays.asList(47_100.0, 79_900.0, null)); // under 03 at 1, 02 at 16
        threads.put("02-thread-per-client", List.of(43_000.0, 80_000.0, 80_000.0));
        assertEquals(List.of(), Charts.hiddenUnder(threads, at, 0, 100_000, false));
        // A series drawn last is on top of everything, however close: never hidden.
        Map<String, List<Double>> two = new java.util.LinkedHashMap<>();
        two.put("a", List.of(10.0, 20.0, 30.0));
        two.put("b", List.of(10.0, 25.0, 30.0)); // covers a at 1 and 64, not at 16
        assertEquals(List.of(), Charts.hiddenUnder(two, at, 0, 100, false));
        two.put("b", List.of(10.0, 20.5, 30.0));
        assertEquals(List.of("a lies under b (at 1, 16, 64 connections)"), Charts.hiddenUnder(two, at, 0, 100, false));
        // On a log axis closeness is a ratio: 100 and 101 touch on an axis of 1 to 10,000, 100 and 150 do not.
        Map<String, List<Double>> log = new java.util.LinkedHashMap<>();
        log.put("a", java.util.Arrays.asList(100.0, null, null));
        log.put("b", java.util.Arrays.asList(101.0, null, null));
        assertEquals(List.of("a lies under b (at 1 connection)"),
                Charts.hiddenUnder(log, at, Math.log(1), Math.log(10_000), true));
        log.put("b", java.util.Arrays.asList(150.0, null, null));
        assertEquals(List.of(), Charts.hiddenUnder(log, at, Math.log(1), Math.log(10_000), true));
    }

    @Test
    void theMemoryChartSaysWhichBarsItDrawsAtItsFloor() {
        Map<String, Double> figures = new java.util.LinkedHashMap<>();
        figures.put("03-thread-pool RSS", 1.6);
        figures.put("03-thread-pool heap", 0.03);
        figures.put("08-netty-framed RSS", -0.3);
        figures.put("08-netty-framed heap", 0.1);
        // A chart of 2026-12-03 drew 03's heap (0.04 KiB per connection) as a bar labelled 0.1, and said nothing.
        assertEquals(List.of("Drawn at the 0.1 KiB floor: below resolution (the server's memory moved by more than"
                        + " its connections added): 08-netty-framed RSS -0.3 KiB; smaller than the floor:"
                        + " 03-thread-pool heap 0.03 KiB"), Charts.floorRemarks(figures));
        assertEquals(List.of(), Charts.floorRemarks(Map.of("05-selector RSS", 0.4)));
    }

    @Test
    void theFooterSaysWhatIsLeftOutApartFromNotesOnWhatIsDrawn() {
        java.awt.FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
                .getFontMetrics();
        assertEquals(List.of("Left out: none.", "Note: 1 connection is latency-bound."),
                Charts.footer(List.of(), List.of("1 connection is latency-bound"), metrics, 10_000));
        assertEquals(List.of("Left out: 01-blocking (cannot serve 16 connections)."),
                Charts.footer(List.of("01-blocking (cannot serve 16 connections)"), List.of(), metrics, 10_000));
    }

    @Test
    void panelsComeInFamilyOrderAndEmptyOnesAreLeftOut() {
        Map<String, List<String>> panels = Charts.panels(List.of("05-selector", "06-length-prefixed", "08-netty",
                "08-netty-framed", "a1-udp"));
        assertEquals(List.of("loops", "frames", "Netty", "other"), List.copyOf(panels.keySet()));
        assertEquals(List.of("06-length-prefixed", "08-netty-framed"), panels.get("frames"));
        assertEquals(List.of("08-netty", "08-netty-framed"), panels.get("Netty"));
    }

    @Test
    void aPictureIsAGridOfPanelsUnderATitleAndSubtitle(@TempDir Path dir) throws Exception {
        Idle idle = new Idle(2, 0.0, 8, 0.5, 20, 40 * 1024, 2 * 1024 * 1024);
        List<ChapterScale> scale = List.of(
                new ChapterScale("02-thread-per-client", "t", List.of(ReportTest.point(1, 10_000, 9, 80),
                        ReportTest.point(16, 90_000, 6, 200)), List.of(), idle, List.of(), null, null),
                new ChapterScale("05-selector", "s", List.of(ReportTest.point(1, 11_000, 8, 70),
                        ReportTest.point(16, 80_000, 7, 210)), List.of(), idle, List.of(), null, null),
                ChapterScale.unavailable("08-netty-io_uring", "n", "no io_uring here"));
        assertEquals(List.of("08-netty-io_uring (not available here)"), Charts.leftOut(scale, List.of(16),
                ChapterScale.LoadPoint::serverMicrosPerMessage, false));
        ChapterScale serial = new ChapterScale("01-blocking", "b", List.of(ReportTest.point(1, 9_000, 9, 80)),
                List.of(new ChapterScale.SkippedPoint(16, "one at a time")), idle, List.of(), "one at a time", null);
        assertEquals(List.of("01-blocking (cannot serve 16 connections)"), Charts.leftOut(List.of(serial),
                List.of(16), ChapterScale.LoadPoint::serverMicrosPerMessage, false));
        System.setProperty("java.awt.headless", "true");
        Charts.draw(scale, List.of(1, 16), 8, 1000, "2 cores, JDK 17, 2026-01-01", dir);
        BufferedImage cpu = ImageIO.read(dir.resolve("server-cpu-per-message.png").toFile());
        // threads, loops, and the 1-connection panel: three panels in a row, under the title and subtitle.
        assertEquals(3 * Charts.PANEL_WIDTH, cpu.getWidth());
        assertTrue(cpu.getHeight() > 340 + 62, "header, one row of panels, footer: " + cpu.getHeight());
        BufferedImage throughput = ImageIO.read(dir.resolve("throughput.png").toFile());
        assertEquals(Math.max(900, 2 * Charts.PANEL_WIDTH), throughput.getWidth(), "two panels: no 1-connection panel");
        // One chapter fills one panel; the picture is still as wide as its title (about 1,000 pixels), not cut.
        Path one = Files.createDirectories(dir.resolve("one"));
        Charts.draw(List.of(scale.get(0)), List.of(1, 16), 8, 1000, "2 cores, JDK 17, 2026-01-01", one);
        int width = ImageIO.read(one.resolve("throughput.png").toFile()).getWidth();
        assertTrue(width > 900, "one panel, and the title still fits: " + width);
    }
}
