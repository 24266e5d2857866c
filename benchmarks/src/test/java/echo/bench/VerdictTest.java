package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import echo.bench.ChapterScale.Hold;
import echo.bench.ChapterScale.Idle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict is written from the figures it is given: change a figure and the sentence changes. */
class VerdictTest {
    static final Idle REST = new Idle(2, 0.0, 8, 0.0, 20, 40_000, 2_000_000);
    static final Idle SPINNING = new Idle(2, 98.0, 8, 99.0, 20, 40_000, 2_000_000);

    static ChapterScale subject(String id, double msgs, double cpu, Idle idle, int threads, long rssKiB) {
        return new ChapterScale(id, id, List.of(ReportTest.point(64, msgs, cpu, 300)), List.of(), idle,
                List.of(new Hold(10_000, 10_000, 0, threads, rssKiB, 3_000_000, 0.0, null)), null, null);
    }

    static List<ChapterScale> figures() {
        return List.of(
                subject("02-threads", 160_000, 5.4, REST, 10_020, 40_000 + 520_000), // 52 KiB each
                subject("04-poll", 100_000, 7.1, SPINNING, 20, 40_000 + 170_000),
                subject("05-selector", 110_000, 6.3, REST, 20, 40_000 + 2_000), // 0.2 KiB each
                subject("08-netty", 105_000, 6.8, REST, 20, 40_000 + 3_000));
    }

    @Test
    void namesTheFastestTheNearOnesAndWhatTheyPay() {
        String verdict = Verdict.of(figures(), 64, 10_000);
        assertTrue(verdict.startsWith("**Fastest**, by the server's CPU per round trip at 64 connections:"
                + " 02-threads (5.4 µs); within 20% of it, which is run-to-run noise here: 05-selector (6.3 µs)."),
                verdict);
        // 04 at 7.1 is 31% behind, 08 at 6.8 is 26% behind: not "near".
        assertTrue(!verdict.contains("04-poll (7.1") && !verdict.contains("08-netty (6.8"), verdict);
        assertTrue(verdict.contains("Most round trips per second at 64 connections: 02-threads (160,000/s)."),
                verdict);
        assertTrue(verdict.contains("holding 10,000 idle connections, 02-threads 10,020 threads and 52.0 KiB of"
                + " resident memory each; 05-selector 20 threads and 0.2 KiB of resident memory each."), verdict);
        assertTrue(verdict.contains("The leanest, 05-selector, spends 17% more CPU per round trip than 02-threads."),
                verdict);
        assertTrue(verdict.endsWith("Burns CPU while idle, with nothing to do: 04-poll (98.0%)."), verdict);
    }

    @Test
    void anotherRunAnotherVerdict() {
        List<ChapterScale> figures = List.of(subject("05-selector", 120_000, 4.0, REST, 20, 42_000),
                subject("02-threads", 100_000, 6.0, REST, 10_020, 560_000));
        String verdict = Verdict.of(figures, 64, 10_000);
        assertTrue(verdict.startsWith("**Fastest**, by the server's CPU per round trip at 64 connections:"
                + " 05-selector (4.0 µs), more than 20% ahead of every other."), verdict);
        assertTrue(verdict.contains("holding 10,000 idle connections, 05-selector 20 threads and 0.2 KiB of"
                + " resident memory each."), verdict);
        assertTrue(!verdict.contains("leanest") && !verdict.contains("Burns"), verdict);
    }

    @Test
    void aMemoryFigureAtOrBelowZeroIsBelowResolutionAndNeverTheLeanest() {
        // 08-framed's server gave back more memory between the two readings than its connections took: -0.3 KiB.
        List<ChapterScale> figures = List.of(
                subject("02-threads", 160_000, 5.4, REST, 10_020, 40_000 + 520_000),
                subject("05-selector", 110_000, 6.3, REST, 20, 40_000 + 2_000),
                subject("08-framed", 100_000, 8.0, REST, 20, 40_000 - 3_000),
                subject("09-zero", 100_000, 8.0, REST, 20, 40_000));
        String verdict = Verdict.of(figures, 64, 10_000);
        assertTrue(verdict.contains("The leanest, 05-selector, spends 17% more CPU per round trip than 02-threads."),
                verdict);
        assertTrue(verdict.contains(" Memory per connection below resolution, so not ranked: 08-framed (-0.3 KiB),"
                + " 09-zero (0.0 KiB)."), verdict);

        // The cheapest one's own memory below resolution is said so, not given as a cost.
        String cheapest = Verdict.of(List.of(subject("08-framed", 100_000, 4.0, REST, 20, 40_000 - 3_000),
                subject("05-selector", 110_000, 6.3, REST, 20, 40_000 + 2_000)), 64, 10_000);
        assertTrue(cheapest.contains("08-framed 20 threads and resident memory below resolution (-0.3 KiB each"
                + " measured); 05-selector 20 threads and 0.2 KiB of resident memory each."), cheapest);
        assertTrue(cheapest.contains("The leanest, 05-selector, spends 57% more CPU per round trip than 08-framed."),
                cheapest);
    }

    @Test
    void aPollingLoopOnABusyMachineStillShowsAsBurningCpu() {
        // On a loaded machine the spinning loop gets only its share of a core (a third here), not all of it.
        Idle third = new Idle(2, 33.5, 8, 30.0, 20, 40_000, 2_000_000);
        Idle tick = new Idle(2, 10.0, 8, 0.5, 20, 40_000, 2_000_000);
        String verdict = Verdict.of(List.of(subject("04-poll", 100_000, 7.1, third, 20, 200_000),
                subject("05-selector", 110_000, 6.3, tick, 20, 42_000)), 64, 10_000);
        assertTrue(verdict.endsWith("Burns CPU while idle, with nothing to do: 04-poll (33.5%)."), verdict);
    }

    @Test
    void comparesAtTheLargestCountUpTo64() {
        assertEquals(64, Verdict.comparedAt(List.of(1, 16, 64, 256)));
        assertEquals(16, Verdict.comparedAt(List.of(1, 16, 256)));
        assertEquals(1, Verdict.comparedAt(List.of(1)));
        assertTrue(Verdict.of(figures(), 16, 10_000).startsWith("No subject was measured at 16"));
    }
}
