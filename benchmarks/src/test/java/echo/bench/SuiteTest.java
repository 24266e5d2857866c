package echo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale half of the suite end to end on two test chapters: each server in a JVM of its own, the load from
 * this one, then the report and the charts. Counts and files only; no figure is judged.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SuiteTest {

    @Test
    void measuresEachServerInItsOwnProcessSkipsWhatItCannotServeAndWritesTheReport(@TempDir Path out)
            throws Exception {
        Suite.Preset tiny = new Suite.Preset("test", Suite.Preset.named("smoke").jmh(),
                new ScaleRunner.Settings(List.of(1, 3), 512, Duration.ofMillis(200), Duration.ofMillis(100),
                        Duration.ofMillis(300), Duration.ofMillis(300), 2, List.of(20), Duration.ofSeconds(20)));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Suite.Results results = Suite.run(tiny, List.of(Subject.of(new ThreadPerConnectionChapter()), Subject.of(new OneAtATimeChapter())),
                Set.of("scale"), out, "test", new PrintStream(log, true, StandardCharsets.UTF_8));
        List<ChapterScale> scale = results.scale();
        String printed = log.toString(StandardCharsets.UTF_8);

        ChapterScale threads = scale.get(0);
        assertNull(threads.failure(), printed);
        assertEquals(List.of(1, 3), threads.load().stream().map(ChapterScale.LoadPoint::connections).toList());
        assertTrue(threads.load().stream().allMatch(p -> p.messages() > 0 && p.errors() == 0), printed);
        ChapterScale.Hold hold = threads.holdOf(20);
        assertEquals(20, hold.held(), printed);
        assertTrue(hold.threads() >= threads.idle().threads() + 20, "a thread per held connection:\n" + printed);

        ChapterScale serial = scale.get(1);
        assertNull(serial.failure(), printed);
        assertEquals(1, serial.load().size());
        assertEquals(0, serial.load().get(0).errors());
        assertEquals(3, serial.loadSkipped().get(0).connections());
        assertNotNull(serial.idle());
        assertNotNull(serial.holdSkipped());

        for (String file : List.of("README.md", "scale.json", "run.json", "throughput.png",
                "server-cpu-per-message.png", "p99-latency.png", "idle-cpu.png", "memory-per-connection.png")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file + " written\n" + printed);
        }
        String report = Files.readString(out.resolve("README.md"));
        assertTrue(report.contains("| t1-thread-per-connection |"), report);
        assertTrue(report.contains("t0-one-at-a-time serves one connection at a time"), report);
        JsonNode json = JsonFiles.read(out.resolve("scale.json"));
        assertEquals(20, json.get(0).get("holds").get(0).get("held").asInt(), json.toString());
        assertTrue(json.get(1).get("load").get(0).get("p50Micros").isNumber(), json.toString());
        assertTrue(printed.contains("[scale 2/2] t0-one-at-a-time"), printed);
        assertEquals(List.of(), results.problems(), "skips are not problems");
    }
}
