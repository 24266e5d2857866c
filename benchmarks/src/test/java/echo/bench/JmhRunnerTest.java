package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import echo.bench.testchapters.OneAtATimeChapter;
import echo.bench.testchapters.ThreadPerConnectionChapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;

class JmhRunnerTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runsEachModeInAForkOfItsOwnAndSkipsWhatCannotRun(@TempDir Path dir) throws Exception {
        JmhRunner runner = new JmhRunner(new JmhRunner.Settings(List.of(2), List.of(64), true, true, 0,
                Duration.ZERO, 1, Duration.ofMillis(300), 1),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<JmhRunner.Point> points = runner.run(List.of(new ThreadPerConnectionChapter(), new OneAtATimeChapter()),
                dir.resolve("jmh.json"), dir.resolve("jmh.txt"));

        assertEquals(4, points.size(), points.toString());
        JmhRunner.Point throughput = points.get(0);
        assertEquals(Mode.Throughput, throughput.mode());
        assertNull(throughput.skipped(), throughput.toString());
        assertTrue(throughput.opsPerSecond() > 0);
        assertTrue(points.get(1).skipped().contains("serves one connection at a time"), points.get(1).toString());
        JmhRunner.Point sampled = points.get(2);
        assertEquals(Mode.SampleTime, sampled.mode());
        assertTrue(sampled.p99Micros() >= sampled.p50Micros() && sampled.p50Micros() > 0, sampled.toString());

        String json = Files.readString(dir.resolve("jmh.json"));
        assertEquals(2, json.split("\"benchmark\" :", -1).length - 1, "one JSON result per run:\n" + json);
        assertFalse(json.contains("rawDataHistogram"));
    }

    @Test
    void rawHistogramsAreLeftOutAndTheRestKept() {
        String jmh = """
                [
                    {
                        "benchmark" : "echo.bench.RoundTripBenchmark.roundTrip",
                        "mode" : "sample",
                        "primaryMetric" : {
                            "score" : 24.5,
                            "scorePercentiles" : {
                                "99.0" : 110.0
                            },
                            "scoreUnit" : "us/op",
                            "rawDataHistogram" : [
                                [
                                    [
                                        [ 6.4, 1 ],
                                        [ 7.1, 3 ]
                                    ]
                                ]
                            ]
                        },
                        "secondaryMetrics" : {
                        }
                    }
                ]
                """;
        String kept = JmhRunner.withoutRawHistograms(jmh);
        assertFalse(kept.contains("rawDataHistogram"), kept);
        assertTrue(kept.contains("\"scoreUnit\" : \"us/op\"\n"), "no comma left dangling:\n" + kept);
        assertTrue(kept.contains("\"99.0\" : 110.0"));
        assertTrue(kept.contains("\"secondaryMetrics\""));
        assertEquals(count(kept, '{'), count(kept, '}'));
        assertEquals(count(kept, '['), count(kept, ']'));
    }

    @Test
    void jsonWithoutRawHistogramsIsUnchanged() {
        String throughput = "[ { \"score\" : 1.0, \"rawData\" : [ [ 1.0, 2.0 ] ] } ]";
        assertEquals(throughput, JmhRunner.withoutRawHistograms(throughput));
    }

    @Test
    void theFirstProblemLineIsReported() {
        String output = "# Warmup: 1 iterations\n<failure>\n\nskipped: 01-blocking serves one connection at a time\n";
        assertEquals("skipped: 01-blocking serves one connection at a time", JmhRunner.firstProblem(output));
        assertEquals("JMH produced no result", JmhRunner.firstProblem("nothing useful"));
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}
