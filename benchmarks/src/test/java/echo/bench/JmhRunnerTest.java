package echo.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
        List<JmhRunner.Point> points = runner.run(List.of(Subject.of(new ThreadPerConnectionChapter()),
                Subject.of(new OneAtATimeChapter())), dir.resolve("jmh.json"), dir.resolve("jmh.txt"));

        assertEquals(4, points.size(), points.toString());
        JmhRunner.Point throughput = points.get(0);
        assertEquals(Mode.Throughput, throughput.mode());
        assertNull(throughput.skipped(), throughput.toString());
        assertTrue(throughput.opsPerSecond() > 0);
        assertTrue(points.get(1).skipped().contains("serves one connection at a time"), points.get(1).toString());
        JmhRunner.Point sampled = points.get(2);
        assertEquals(Mode.SampleTime, sampled.mode());
        assertTrue(sampled.p99Micros() >= sampled.p50Micros() && sampled.p50Micros() > 0, sampled.toString());

        JsonNode json = JsonFiles.read(dir.resolve("jmh.json"));
        assertEquals(2, json.size(), "one JSON result per run:\n" + json);
        assertEquals("echo.bench.RoundTripBenchmark.roundTrip", json.get(1).get("benchmark").asText());
        assertTrue(json.get(1).get("primaryMetric").has("scorePercentiles"), json.toString());
        assertTrue(json.findValues("rawDataHistogram").isEmpty(), json.toString());
    }

    @Test
    void theFirstProblemLineIsReported() {
        String output = "# Warmup: 1 iterations\n<failure>\n\nskipped: 01-blocking serves one connection at a time\n";
        assertEquals("skipped: 01-blocking serves one connection at a time", JmhRunner.firstProblem(output));
        assertEquals("JMH produced no result", JmhRunner.firstProblem("nothing useful"));
    }

}
