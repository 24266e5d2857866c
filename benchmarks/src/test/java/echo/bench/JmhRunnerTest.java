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
import java.util.Set;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;

class JmhRunnerTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runsEachModeInAForkOfItsOwnAgainstOneWarmedServerAndSkipsWhatCannotRun(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        JmhRunner runner = new JmhRunner(new JmhRunner.Settings(List.of(2), List.of(64), true, true, 0,
                Duration.ZERO, 1, Duration.ofMillis(300), 1, Set.of(), Duration.ofMillis(300)),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        List<JmhRunner.Point> points = runner.run(List.of(Subject.of(new ThreadPerConnectionChapter()),
                Subject.of(new OneAtATimeChapter())), dir.resolve("jmh.json"), dir.resolve("jmh.txt"));

        assertEquals(4, points.size(), points.toString());
        JmhRunner.Point throughput = point(points, "t1-thread-per-connection", Mode.Throughput);
        assertNull(throughput.skipped(), throughput.toString());
        assertTrue(throughput.opsPerSecond() > 0);
        JmhRunner.Point oneAtATime = point(points, "t0-one-at-a-time", Mode.Throughput);
        assertTrue(oneAtATime.skipped().contains("serves one connection at a time"), oneAtATime.toString());
        JmhRunner.Point sampled = point(points, "t1-thread-per-connection", Mode.SampleTime);
        assertTrue(sampled.p99Micros() >= sampled.p50Micros() && sampled.p50Micros() > 0, sampled.toString());

        String said = log.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.split("server warm-up", -1).length - 1, "one server, warmed once, for both modes:\n" + said);
        assertFalse(said.contains("t0-one-at-a-time: server warm-up"), "no server for a subject that runs nothing:\n" + said);

        JsonNode json = JsonFiles.read(dir.resolve("jmh.json"));
        assertEquals(2, json.size(), "one JSON result per run:\n" + json);
        assertEquals("echo.bench.RoundTripBenchmark.roundTrip", json.get(1).get("benchmark").asText());
        assertTrue(json.get(1).get("primaryMetric").has("scorePercentiles"), json.toString());
        assertTrue(json.findValues("rawDataHistogram").isEmpty(), json.toString());
        // Both forks were handed the one warmed server, by address, not left to start their own.
        for (JsonNode result : json) {
            List<String> args = new ArrayList<>();
            result.get("jvmArgs").forEach(arg -> args.add(arg.asText()));
            assertTrue(args.stream().anyMatch(arg -> arg.startsWith("-D" + RoundTripBenchmark.RUNNING + "=tcp ")),
                    args.toString());
        }
        assertEquals(json.get(0).get("jvmArgs"), json.get(1).get("jvmArgs"), "the same server for both forks");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void takesTheForksInRoundsAcrossTheSubjectsAndJoinsThemIntoOneResult(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        JmhRunner runner = new JmhRunner(new JmhRunner.Settings(List.of(1), List.of(64), true, false, 0,
                Duration.ZERO, 2, Duration.ofMillis(200), 2, Set.of(), Duration.ofMillis(200)),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        List<Subject> subjects = List.of(Subject.of(new ThreadPerConnectionChapter()),
                Subject.of(new OneAtATimeChapter()));
        assertEquals(List.of("t1-thread-per-connection 1t thrpt fork 1/2", "t0-one-at-a-time 1t thrpt fork 1/2",
                "t1-thread-per-connection 1t thrpt fork 2/2", "t0-one-at-a-time 1t thrpt fork 2/2"),
                runner.plan(subjects));
        List<JmhRunner.Point> points = runner.run(subjects, dir.resolve("jmh.json"), dir.resolve("jmh.txt"));

        String said = log.toString(StandardCharsets.UTF_8);
        List<String> forks = said.lines().filter(line -> line.startsWith("[jmh ")).toList();
        assertEquals(4, forks.size(), said);
        assertTrue(forks.get(0).contains("t1-thread-per-connection") && forks.get(0).contains("fork 1/2")
                && forks.get(1).contains("t0-one-at-a-time") && forks.get(1).contains("fork 1/2")
                && forks.get(2).contains("t1-thread-per-connection") && forks.get(2).contains("fork 2/2")
                && forks.get(3).contains("t0-one-at-a-time") && forks.get(3).contains("fork 2/2"),
                "every subject's first fork before any second one:\n" + said);
        for (String id : List.of("t1-thread-per-connection", "t0-one-at-a-time")) {
            assertEquals(2, said.split(id + ": server warm-up", -1).length - 1, "a server of its own each round:\n" + said);
        }

        JsonNode json = JsonFiles.read(dir.resolve("jmh.json"));
        assertEquals(2, json.size(), "one JSON result per combination, its forks joined:\n" + json);
        for (JsonNode result : json) {
            String id = result.get("params").get("server").asText();
            assertEquals(2, result.get("forks").asInt(), result.toString());
            JsonNode rawData = result.get("primaryMetric").get("rawData");
            assertEquals(2, rawData.size(), "both forks' iterations:\n" + result);
            double sum = 0;
            int n = 0;
            for (JsonNode fork : rawData) {
                assertEquals(2, fork.size(), result.toString());
                for (JsonNode iteration : fork) {
                    sum += iteration.asDouble();
                    n++;
                }
            }
            double score = result.get("primaryMetric").get("score").asDouble();
            assertEquals(sum / n, score, score * 1e-9, "the score is the mean of every iteration of both forks");
            JmhRunner.Point point = point(points, id, Mode.Throughput);
            assertEquals(score, point.opsPerSecond(), score * 1e-9, point.toString());
            assertTrue(Double.isFinite(point.opsError()) && point.opsError() > 0,
                    "four iterations give an error bar: " + point);
            assertEquals(result.get("primaryMetric").get("scoreError").asDouble(), point.opsError(),
                    point.opsError() * 1e-9);
        }
        assertTrue(said.lines().anyMatch(line -> line.startsWith("[jmh] t1-thread-per-connection")
                && line.endsWith("(2 forks)")), said);
    }

    private static JmhRunner.Point point(List<JmhRunner.Point> points, String chapter, Mode mode) {
        return points.stream().filter(p -> p.chapter().equals(chapter) && p.mode() == mode).findFirst()
                .orElseThrow(() -> new AssertionError("no " + chapter + " " + mode + " in " + points));
    }

    @Test
    void theFirstProblemLineIsReported() {
        String output = "# Warmup: 1 iterations\n<failure>\n\nskipped: 01-blocking serves one connection at a time\n";
        assertEquals("skipped: 01-blocking serves one connection at a time", JmhRunner.firstProblem(output));
        assertEquals("JMH produced no result", JmhRunner.firstProblem("nothing useful"));
    }

}
