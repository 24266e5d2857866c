package echo.common;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {

    /** A running total becomes a rate over the time between two lines; a gauge is shown as it is. */
    @Test
    void aLineHasTheChaptersFiguresThenThreadsAndCpu() {
        AtomicLong rounds = new AtomicLong();
        Stats stats = new Stats(List.of(sample -> sample.count("connections", 500).perSecond("rounds", rounds.get())),
                new PrintStream(new ByteArrayOutputStream()));
        long t0 = System.nanoTime();
        stats.line(t0);
        rounds.set(3_000_000);
        String line = stats.line(t0 + 2_000_000_000L); // two seconds later
        assertTrue(line.contains("echo-stats  connections 500  rounds/s 1,500,000  jvm threads "), line);
        assertTrue(line.matches(".* cpu \\d+%$"), "the process's CPU over the last interval: " + line);
    }
}
