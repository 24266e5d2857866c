package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;

/** JMH beside the runner: rows matched by subject and connections, rankings compared, near-ties told apart. */
class AgreementTest {
    static JmhRunner.Point jmh(String id, int threads, double ops) {
        return new JmhRunner.Point(id, 64, threads, Mode.Throughput, ops, ops * 0.03, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, null);
    }

    static ChapterScale runner(String id, double at16, double at64) {
        return new ChapterScale(id, id, List.of(ReportTest.point(16, at16, 6, 200), ReportTest.point(64, at64, 6, 900)),
                List.of(), null, List.of(), null, null);
    }

    @Test
    void rowsPairTheSameSubjectAtTheSameCount() {
        List<Agreement.Row> rows = Agreement.rows(List.of(jmh("05", 16, 100_000), jmh("05", 64, 120_000),
                jmh("06", 256, 1)), List.of(runner("05", 90_000, 110_000), runner("06", 1, 1)), 64);
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(16, rows.get(0).connections());
        assertEquals(100_000 / 90_000.0, rows.get(0).ratio(), 1e-9);
    }

    @Test
    void aSwapBetweenNearTiesAgreesAndAWideOneDoesNot() {
        // At 16: JMH 05 > 06 by 5%, runner 06 > 05 by 4%: a tie. At 64: JMH 05 > 06 by 50%, runner 06 > 05 by 40%.
        List<Agreement.Row> rows = Agreement.rows(
                List.of(jmh("05", 16, 105_000), jmh("06", 16, 100_000), jmh("05", 64, 150_000), jmh("06", 64, 100_000)),
                List.of(runner("05", 100_000, 100_000), runner("06", 104_000, 140_000)), 64);
        List<Agreement.Swap> swaps = Agreement.swaps(rows);
        assertEquals(2, swaps.size(), swaps.toString());
        assertTrue(swaps.get(0).withinTolerance(), swaps.get(0).toString());
        assertTrue(!swaps.get(1).withinTolerance(), swaps.get(1).toString());
        // 150,000 − 4,500 > 100,000 + 3,000: JMH's own ranking stands, and the finding does not excuse it.
        assertTrue(!Agreement.overlap(rows, swaps.get(1)), rows.toString());
        List<String> findings = Agreement.findings(rows);
        assertTrue(findings.get(0).startsWith("At 16 connections JMH ranks 05 > 06, the runner 06 > 05:"
                + " **agree within 15%**"), findings.get(0));
        assertTrue(findings.get(1).contains("**disagree** (JMH puts 05 50% ahead of 06, the runner 40% the other way)"),
                findings.get(1));
    }

    @Test
    void aSwapIsATieOnlyIfBothHarnessesCallItClose() {
        // JMH: 05 ahead of 06 by 5% (close); the runner: 06 ahead of 05 by 40% (not close): a disagreement.
        List<Agreement.Row> rows = Agreement.rows(List.of(jmh("05", 16, 105_000), jmh("06", 16, 100_000)),
                List.of(runner("05", 100_000, 1), runner("06", 140_000, 1)), 64);
        Agreement.Swap swap = Agreement.swaps(rows).get(0);
        assertEquals(0.05, swap.jmhGap(), 1e-9);
        assertEquals(0.40, swap.runnerGap(), 1e-9);
        assertTrue(!swap.withinTolerance(), swap.toString());
        assertTrue(Agreement.findings(rows).get(0).contains("**disagree**"), Agreement.findings(rows).get(0));
        // Errors of 3% each: 105,000 − 3,150 < 100,000 + 3,000, so JMH itself does not tell them apart.
        assertTrue(Agreement.overlap(rows, swap), rows.toString());
    }

    @Test
    void aWideSwapThatNeitherHarnessResolvesIsATieAndOneThatTheRunnerResolvesIsNot() {
        // As on 2026-12-03: JMH 06 19% ahead of 08 with error bars of ±23,000 and ±27,000; the runner level.
        List<Agreement.Row> level = List.of(new Agreement.Row("06", 16, 76_392, 23_286, 56_205, 54_021, 59_391, 3),
                new Agreement.Row("08", 16, 64_229, 27_218, 56_209, 52_478, 58_820, 3));
        Agreement.Swap swap = Agreement.swaps(level).get(0);
        assertTrue(!swap.withinTolerance(), swap.toString());
        assertTrue(Agreement.unresolvedByBoth(level, swap), swap.toString());
        assertTrue(Agreement.findings(level).get(0).contains("**agree within their noise**"),
                Agreement.findings(level).get(0));
        // The same JMH figures, but every runner window puts 08 ahead: the runner resolves it, so they disagree.
        List<Agreement.Row> resolved = List.of(new Agreement.Row("06", 16, 76_392, 23_286, 56_205, 54_021, 56_500, 3),
                new Agreement.Row("08", 16, 64_229, 27_218, 66_000, 60_000, 70_000, 3));
        Agreement.Swap other = Agreement.swaps(resolved).get(0);
        assertTrue(!Agreement.unresolvedByBoth(resolved, other), other.toString());
        assertTrue(Agreement.findings(resolved).get(0).contains("**disagree**"), Agreement.findings(resolved).get(0));
    }

    @Test
    void wideErrorBarsAreSaid() {
        List<Agreement.Row> rows = List.of(new Agreement.Row("05", 16, 39_000, 56_000, 38_000),
                new Agreement.Row("08", 16, 32_000, 22_000, 47_000));
        Agreement.Swap swap = Agreement.swaps(rows).get(0);
        assertTrue(Agreement.overlap(rows, swap), swap.toString());
        assertTrue(Agreement.findings(rows).get(0).endsWith("JMH's error bars overlap, so JMH does not tell these"
                + " two apart)."), Agreement.findings(rows).get(0));
    }

    @Test
    void theSameOrderAgrees() {
        List<Agreement.Row> rows = Agreement.rows(List.of(jmh("05", 16, 120_000), jmh("06", 16, 100_000)),
                List.of(runner("05", 110_000, 1), runner("06", 90_000, 1)), 64);
        assertEquals(List.of(), Agreement.swaps(rows));
        assertEquals("At 16 connections both rank 05 > 06: **agree**.", Agreement.findings(rows).get(0));
    }

    static ChapterScale.LoadPoint windows(int connections, double... perSecond) {
        List<ChapterScale.LoadPoint> each = new java.util.ArrayList<>();
        for (double w : perSecond) {
            each.add(ReportTest.point(connections, w, 6, 200));
        }
        return ChapterScale.LoadPoint.median(each);
    }

    @Test
    void theMedianWindowIsTheFigureAndEveryWindowIsKept() {
        ChapterScale.LoadPoint p = windows(16, 90_000, 70_000, 110_000);
        assertEquals(90_000, p.messagesPerSecond());
        assertEquals(List.of(90_000.0, 70_000.0, 110_000.0), p.windows());
        assertEquals(70_000, p.lowestWindow());
        assertEquals(110_000, p.highestWindow());
        assertEquals(70_000, windows(16, 90_000, 70_000).messagesPerSecond(), "the lower middle of two");
    }

    @Test
    void aSwapWithinTheRunnersOwnSpreadIsSaidAndOneOutsideItToo() {
        ChapterScale a = new ChapterScale("05", "05", List.of(windows(16, 100_000, 95_000, 105_000)), List.of(),
                null, List.of(), null, null);
        ChapterScale b = new ChapterScale("06", "06", List.of(windows(16, 104_000, 99_000, 108_000)), List.of(),
                null, List.of(), null, null);
        List<Agreement.Row> rows = Agreement.rows(List.of(jmh("05", 16, 105_000), jmh("06", 16, 100_000)),
                List.of(a, b), 64);
        assertEquals(3, rows.get(0).runnerWindows());
        Agreement.Swap swap = Agreement.swaps(rows).get(0);
        assertTrue(Agreement.runnerOverlap(rows, swap), rows.toString());
        assertTrue(Agreement.findings(rows).get(0).contains("the runner's windows overlap, so the runner does not"
                + " either"), Agreement.findings(rows).get(0));
        ChapterScale far = new ChapterScale("06", "06", List.of(windows(16, 112_000, 110_000, 114_000)), List.of(),
                null, List.of(), null, null);
        List<Agreement.Row> apart = Agreement.rows(List.of(jmh("05", 16, 105_000), jmh("06", 16, 100_000)),
                List.of(a, far), 64);
        Agreement.Swap resolved = Agreement.swaps(apart).get(0);
        assertTrue(!Agreement.runnerOverlap(apart, resolved), apart.toString());
        assertTrue(resolved.withinTolerance(), "12% and 5%: a tie by the 15% rule, and said to be one");
        assertTrue(Agreement.findings(apart).get(0).contains("every runner window has them this way round"),
                Agreement.findings(apart).get(0));
    }
}
