package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import echo.bench.testchapters.ThreadPerConnectionChapter;
import echo.common.Chapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Variants: found beside their chapter, started with their options, skipped with the reason when refused. */
class VariantTest {

    @Test
    void nettysTransportsAreVariantsOfChapter08AndOnlyWhenItIsThere() {
        Chapter netty = Subject.of(new ThreadPerConnectionChapter()).chapter(); // any chapter object will do
        List<String> without = Subject.all(List.of(netty)).stream().map(Subject::id).toList();
        assertEquals(List.of("t1-thread-per-connection"), without);
        Chapter eight = new ChapterNamed("08-netty", netty);
        List<Subject> with = Subject.all(List.of(eight));
        assertEquals(List.of("08-netty", "08-netty-epoll", "08-netty-io_uring"), with.stream().map(Subject::id).toList());
        assertEquals(List.of("--transport", "io_uring"), with.get(2).args());
        assertEquals(eight, with.get(2).chapter());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anOptionTheChapterDoesNotKnowIsASkipWithTheReasonNotAFailure() {
        Subject variant = new Subject("t1-on-io_uring", new ThreadPerConnectionChapter(),
                List.of("--transport", "io_uring"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ScaleRunner runner = new ScaleRunner(new ScaleRunner.Settings(List.of(1), 64, Duration.ofMillis(100),
                Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(100), 1, List.of(), Duration.ofSeconds(5)),
                System.getProperty("java.class.path"), new PrintStream(log, true, StandardCharsets.UTF_8));
        ChapterScale result = runner.measure(variant);
        assertNull(result.failure(), log.toString(StandardCharsets.UTF_8));
        assertEquals("t1-on-io_uring", result.id());
        assertTrue(result.unavailable().contains("unknown option '--transport' for t1-thread-per-connection"),
                result.unavailable());
        assertEquals(List.of(), new Suite.Results(List.of(), List.of(result), null).problems());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anOptionTheChapterKnowsIsPassedToItsServer() {
        // --port is every chapter's: the variant starts (the runner overrides the port with "any free one").
        Subject variant = new Subject("t1-port", new ThreadPerConnectionChapter(), List.of("--port", "1"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ScaleRunner runner = new ScaleRunner(new ScaleRunner.Settings(List.of(1), 64, Duration.ofMillis(100),
                Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(100), 1, List.of(), Duration.ofSeconds(5)),
                System.getProperty("java.class.path"), new PrintStream(log, true, StandardCharsets.UTF_8));
        ChapterScale result = runner.measure(variant);
        assertNull(result.unavailable(), result.unavailable());
        assertNull(result.failure(), log.toString(StandardCharsets.UTF_8));
        assertTrue(result.idle() != null && result.idle().threads() > 0, "it started and answered the runner:\n"
                + log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theVariantsOptionsAreReadAsItsCommandLineThenTheMeasurementsSettingsApply() {
        echo.common.ServerConfig config = ServerProcess.config(new ThreadPerConnectionChapter(),
                List.of("--bind", "127.0.0.2", "--port", "7"));
        assertEquals("127.0.0.2", config.bindAddress(), "the option reached the server's configuration");
        assertEquals(0, config.port(), "any free port, whatever the options say");
        assertEquals(Duration.ZERO, config.idleTimeout());
    }

    /** A chapter under another id, to stand for 08 without Netty's jar in this test. */
    record ChapterNamed(String id, Chapter inner) implements Chapter {
        @Override
        public String title() {
            return inner.title();
        }

        @Override
        public echo.common.Protocol protocol() {
            return inner.protocol();
        }

        @Override
        public java.util.Set<echo.common.Promise> promises() {
            return inner.promises();
        }

        @Override
        public echo.common.EchoServer create(echo.common.ServerConfig config) {
            return inner.create(config);
        }
    }
}
