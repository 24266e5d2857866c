package echo.common;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a reader asked to see: a trace, stats, both or nothing, and what goes on the --stats line. */
class WatchTest {

    /** "Whether anything is watched at all": a trace alone is enough, so is --stats alone. */
    @Test
    void aTraceOrStatsEachMeanWatched() {
        Trace trace = Trace.to(line -> { }, 1, false);
        Watch tracing = Watch.tracing(trace);
        assertSame(trace, tracing.trace());
        assertFalse(tracing.stats(), "tracing() prints no stats");
        assertTrue(tracing.on(), "a trace alone");
        assertTrue(new Watch(Trace.OFF, true).on(), "--stats alone");
        assertFalse(new Watch(Trace.OFF, false).on());
        assertFalse(Watch.NONE.on());
    }

    /** What the factories report is what the launcher gets back, in order, as a list it cannot change. */
    @Test
    void reportedSourcesAreKeptInOrder() {
        Watch watch = new Watch(Trace.OFF, true);
        Stats.Source first = sample -> sample.count("a", 1);
        Stats.Source second = sample -> sample.count("b", 2);
        assertSame(first, watch.report(first));
        assertSame(second, watch.report(second));
        List<Stats.Source> sources = watch.sources();
        assertEquals(List.of(first, second), sources);
        assertThrows(UnsupportedOperationException.class, () -> sources.add(first));
    }
}
