package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import echo.bench.ChapterScale.Hold;
import echo.bench.ChapterScale.Idle;
import echo.bench.ChapterScale.LoadPoint;
import echo.bench.ChapterScale.SkippedPoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;

/** The report's tables from fixed figures: what a reader sees, cell by cell. */
class ReportTest {
    static final Machine MACHINE = new Machine(2, "Test CPU", "OpenJDK 17", "Linux 6", "2025-01-01 12:00 UTC",
            "0.10 0.20 0.30");

    static LoadPoint point(int connections, double perSecond, double serverMicros, double p99) {
        return new LoadPoint(connections, 64, perSecond, serverMicros, 9.5, 20, p99, 300, 1000, 0, List.of());
    }

    /** A run of these scale figures only, at 16, 64 and 256 connections. */
    static Report.Run run(List<ChapterScale> scale) {
        return new Report.Run("quick", "java -cp benchmarks.jar echo.bench.Suite", MACHINE, "4 min 2 s",
                "0.40 0.50 0.60", List.of(16, 64, 256), 64, 8, 1.0, scale, List.of(), List.of());
    }

    static ChapterScale at64And256(String id, double msgs64, double cpu64, double msgs256, double cpu256) {
        return new ChapterScale(id, id, List.of(point(64, msgs64, cpu64, 900), point(256, msgs256, cpu256, 9000)),
                List.of(), null, List.of(), null, null);
    }

    @Test
    void aShortfallThatRoundsToNothingIsLessThanOnePercent() {
        assertEquals("less than 1%", Report.shortfall(0.0035));
        assertEquals("5%", Report.shortfall(0.05));
        assertEquals("1%", Report.shortfall(0.0051));
    }

    @Test
    void theMultiReactorGoalSaysMetOrByHowMuchItFallsShort() {
        String md = Report.markdown(run(List.of(
                at64And256("07-virtual-threads", 40_000, 9.0, 75_000, 12.4),
                at64And256("09-multi-reactor", 73_000, 10.8, 72_000, 10.5),
                at64And256("09-multi-reactor-1-reactor", 80_000, 8.0, 90_000, 9.0))));
        assertTrue(md.contains("### Goal: 09 with 2 reactors against 07"), md);
        assertTrue(md.contains("| 09-multi-reactor (2 reactors, its default of one per core) | 64 |"
                + " 1.83× (73,000 against 40,000) | 1.20× (10.8 against 9.0 µs) |"), md);
        assertTrue(md.contains("| 09-multi-reactor (2 reactors, its default of one per core) | 256 |"
                + " 0.96× (72,000 against 75,000) | 0.85× (10.5 against 12.4 µs) |"), md);
        // 72,000 / 75,000 = 0.96: 4% short; 10.8 / 9.0 = 1.20: 20% over.
        assertTrue(md.contains("- 09-multi-reactor (2 reactors, its default of one per core): **not met**: msgs/s"
                + " short by up to 4%, CPU per round trip up to 20% over 07's."), md);
        assertTrue(md.contains("- 09-multi-reactor-1-reactor (1 reactor): **met** at both counts."), md);
        // The client's 9.5 µs per round trip is less than 09's 10.8: the report must not call it client-bound.
        assertTrue(md.contains("against 09 and 9.5 against 07, the servers 10.8 and 9.0 µs. A fair test"), md);
        assertTrue(!md.contains("the client needs more CPU than either server"), md);
    }

    static String report() {
        Idle idle = new Idle(2, 0.0, 8, 0.5, 20, 40 * 1024, 2 * 1024 * 1024);
        ChapterScale threads = new ChapterScale("02-threads", "a thread each",
                List.of(point(1, 14_000.4, 6.04, 95.5), point(16, 120_000, 5.0, 250)), List.of(), idle,
                List.of(new Hold(1000, 1000, 0, 1020, 40 * 1024 + 128_000, 2 * 1024 * 1024 + 17 * 1024 * 1000, 0.0,
                        null)), null, null);
        ChapterScale serial = new ChapterScale("01-serial", "one at a time", List.of(point(1, 10_000, 7.5, 120)),
                List.of(new SkippedPoint(16, "01-serial serves one connection at a time")), idle, List.of(),
                "serves one connection at a time", null);
        ChapterScale broken = new ChapterScale("09-broken", "does not start", List.of(), List.of(), null, List.of(),
                null, "server process 42 exited (code 1)");
        List<JmhRunner.Point> jmh = List.of(
                new JmhRunner.Point("02-threads", 64, 1, Mode.SampleTime, 30_000, Double.NaN, 33.3, 12, 90, 300, null),
                JmhRunner.Point.skipped("01-serial", 64, 16, Mode.SampleTime,
                        "01-serial serves one connection at a time"),
                new JmhRunner.Point("01-serial", 64, 1, Mode.SampleTime, 25_000, Double.NaN, 40, 15, 100, 400, null));
        return Report.markdown(new Report.Run("quick", "java -cp benchmarks.jar echo.bench.Suite", MACHINE,
                "4 min 2 s", "0.40 0.50 0.60", List.of(1, 16), 64, 8, 2.0, List.of(serial, threads, broken), jmh,
                List.of("throughput.png")));
    }

    @Test
    void theHeaderNamesTheMachineAndTheRun() {
        String md = report();
        assertTrue(md.startsWith("# Benchmark results: quick preset\n"), md);
        assertTrue(md.contains("on 2 cores (Test CPU), OpenJDK 17, Linux 6"), md);
        assertTrue(md.contains("before: 0.10 0.20 0.30; after: 0.40 0.50 0.60. The run took 4 min 2 s."), md);
    }

    @Test
    void roundTripTablesPutChaptersDownAndConnectionsAcross() {
        String md = report();
        assertTrue(md.contains("""
                ### Round trips per second

                | chapter | 1 connection | 16 connections |
                | --- | ---: | ---: |
                | 01-serial | 10,000 | skipped |
                | 02-threads | 14,000 | 120,000 |
                | 09-broken | failed | failed |
                """), md);
        assertTrue(md.contains("| 02-threads | 6.0 | 5.0 |"), "µs with one decimal under 100:\n" + md);
        assertTrue(md.contains("| 02-threads | 95.5 | 250 |"), md);
    }

    @Test
    void idleAndHoldTablesShowPerConnectionCosts() {
        String md = report();
        assertTrue(md.contains("| 02-threads | 0.0% | 0.5% | 20 | 40.0 | 2.0 |"), md);
        // (40 MiB + 128,000 KiB − 40 MiB) ÷ 1,000 = 128.0 KiB; heap likewise 17.0 KiB.
        assertTrue(md.contains("| 02-threads | 1,000 | 1,000 | 1,020 | 165.0 | 18.6 | 128.0 | 17.0 | 0.0% |"), md);
        assertTrue(md.contains("- 01-serial: not measured: serves one connection at a time."), md);
    }

    @Test
    void jmhTablesAndEverySkipWithItsReason() {
        String md = report();
        assertTrue(md.contains("| 02-threads | 64 B | 30,000 | — |"), md);
        assertTrue(md.contains("| 01-serial | 64 B | 25,000 | skipped |"), md);
        assertTrue(md.contains("| 02-threads | 64 B | 12.0 / 90.0 | — |"), md);
        assertTrue(md.contains("- 01-serial serves one connection at a time (scale 16, jmh 16t/64 B)"), md);
        assertTrue(md.contains("- 09-broken failed: server process 42 exited (code 1) (scale)"), md);
        assertTrue(md.contains("![Round trips per second against connections, a panel per family of models](throughput.png)"));
    }

    static Report.Run headlineRun(boolean withIoUring) {
        Idle idle = new Idle(2, 0.0, 8, 0.5, 20, 40 * 1024, 2 * 1024 * 1024);
        ChapterScale selector = new ChapterScale("05-selector", "selector", List.of(point(64, 110_000, 6.3, 900)),
                List.of(), idle, List.of(new Hold(10_000, 10_000, 0, 20, 40 * 1024 + 2_000, 0, 0.0, null)), null,
                null);
        ChapterScale ioUring = withIoUring
                ? new ChapterScale("08-netty-io_uring", "netty", List.of(point(64, 120_000, 4.2, 800)), List.of(),
                        idle, List.of(), null, null)
                : ChapterScale.unavailable("08-netty-io_uring", "netty", "08-netty-io_uring: unknown option"
                        + " '--transport' for 08-netty");
        return new Report.Run("quick", "cmd", MACHINE, "1 s", "0 0 0", List.of(1, 16, 64, 256), 64, 8, 2.0,
                List.of(selector, ioUring), List.of(), List.of(), 10_000);
    }

    @Test
    void theHeadlineComparesEveryServersCpuWithNettyOnIoUringWhenItWasMeasured() {
        String md = Report.headline(headlineRun(true));
        assertTrue(md.contains("| chapter | msgs/s, 64 conns | server CPU per msg, 64 conns | × of Netty io_uring |"),
                md);
        assertTrue(md.contains("| 05-selector | 110,000 | 6.3 µs | 1.50× | 0.0% | 20 | 0.2 KiB |"), md);
        assertTrue(md.contains("| 08-netty-io_uring | 120,000 | 4.2 µs | 1.00× |"), md);
    }

    @Test
    void aMemoryFigureAtOrBelowZeroIsMarkedBelowResolutionInBothTables() {
        Idle idle = new Idle(2, 0.0, 8, 0.5, 20, 40 * 1024, 2 * 1024 * 1024);
        // The server's RSS fell by 3,000 KiB while it held 10,000 connections; its live heap grew by 2,048,000 B.
        ChapterScale framed = new ChapterScale("08-netty-framed", "netty", List.of(point(64, 100_000, 6.0, 900)),
                List.of(), idle, List.of(new Hold(10_000, 10_000, 0, 20, 40 * 1024 - 3_000,
                        2 * 1024 * 1024 + 2_048_000, 0.0, null)), null, null);
        Report.Run run = new Report.Run("quick", "cmd", MACHINE, "1 s", "0 0 0", List.of(1, 16, 64, 256), 64, 8, 2.0,
                List.of(framed), List.of(), List.of(), 10_000);
        String headline = Report.headline(run);
        assertTrue(headline.contains("| 08-netty-framed | 100,000 | 6.0 µs | — | 0.0% | 20 | below resolution"
                + " (-0.3 KiB) |"), headline);
        String md = Report.markdown(run);
        assertTrue(md.contains("| 08-netty-framed | 10,000 | 10,000 | 20 | 37.1 | 4.0 | below resolution (-0.3) | 0.2"
                + " | 0.0% |"), md);
        assertTrue(md.contains("A figure at or below zero is marked *below resolution*"), md);
    }

    @Test
    void withoutNettyOnIoUringTheColumnSaysADashAndWhy() {
        String md = Report.headline(headlineRun(false));
        assertTrue(md.contains("| 05-selector | 110,000 | 6.3 µs | — | 0.0% | 20 | 0.2 KiB |"), md);
        assertTrue(md.contains("| 08-netty-io_uring | not available here | — | — |"), md);
        assertTrue(md.contains("× of Netty io_uring: — because 08-netty-io_uring was not measured in this run"
                + " (08-netty-io_uring: unknown option '--transport' for 08-netty)."), md);
    }

    @Test
    void theReportOpensWithAVerdictFromItsOwnFigures() {
        String md = Report.markdown(headlineRun(true));
        assertTrue(md.contains("## Verdict\n\n**Fastest**, by the server's CPU per round trip at 64 connections:"
                + " 08-netty-io_uring (4.2 µs)"), md);
        assertTrue(md.indexOf("## Verdict") < md.indexOf("Caveats, beside it"), md);
    }
}
