package echo.multireactor;

import echo.common.Launcher;
import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One reactor per core unless told otherwise ({@code --reactors N}); the framed chapter takes it too, and
 * {@code --framed} on the raw chapter's {@code main} (what {@code mvn exec:java} runs) switches to it.
 */
class ReactorsOptionTest {

    @Test
    void byDefaultOneReactorPerCore() throws Exception {
        try (MultiReactorServer server = (MultiReactorServer) new MultiReactorChapter()
                .create(Launcher.parse(new MultiReactorChapter(), "--port", "0"))) {
            server.start();
            assertEquals(Runtime.getRuntime().availableProcessors(), server.reactors().size());
        }
    }

    @Test
    void reactorsSetsHowMany() throws Exception {
        ServerConfig config = Launcher.parse(new MultiReactorFramedChapter(), "--port", "0", "--reactors", "5");
        try (MultiReactorServer server = (MultiReactorServer) new MultiReactorFramedChapter().create(config)) {
            server.start();
            assertEquals(5, server.reactors().size());
            assertEquals("echo-09-multi-reactor-framed-reactor-4", server.reactors().get(4).thread().getName());
        }
    }

    @Test
    void framedOnTheCommandLineStartsTheFramedChapter() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            MultiReactorChapter.main(new String[] {"--framed", "--help"});
        } finally {
            System.setOut(out);
        }
        String help = printed.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("09-multi-reactor-framed: "), help);
        assertTrue(help.contains("--max-frame") && help.contains("--reactors") && help.contains("--framed"), help);
    }
}
