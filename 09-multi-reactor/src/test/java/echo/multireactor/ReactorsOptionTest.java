package echo.multireactor;

import echo.common.Launcher;
import echo.common.Option;
import echo.common.Protocol;
import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /** Without {@code --framed}, {@code main} is the raw chapter; {@code -h} is help too, and names {@code --framed}. */
    @Test
    void withoutFramedTheCommandLineStartsTheRawChapter() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            MultiReactorChapter.main(new String[] {"-h"});
        } finally {
            System.setOut(out);
        }
        String help = printed.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("09-multi-reactor: "), help);
        assertTrue(help.contains("--reactors") && !help.contains("--max-frame"), help);
        assertTrue(help.contains("--framed"), "the help says how to get the framed chapter: " + help);
    }

    @Test
    void eachChapterTakesItsOwnOptions() {
        MultiReactorChapter raw = new MultiReactorChapter();
        MultiReactorFramedChapter framed = new MultiReactorFramedChapter();
        assertEquals("09-multi-reactor", raw.id());
        assertEquals(Protocol.RAW, raw.protocol());
        assertEquals(Set.of(Option.REACTORS, Option.MAX_PENDING), raw.options());
        assertEquals("N reactors, one Selector thread each", raw.title());
        assertEquals("09-multi-reactor-framed", framed.id());
        assertEquals(Protocol.FRAMED, framed.protocol());
        assertEquals(Set.of(Option.REACTORS, Option.MAX_PENDING, Option.MAX_FRAME), framed.options());
        assertEquals("length-prefixed frames on N reactors", framed.title());
    }

    @Test
    void beforeStartThereIsNoAddressAndCloseDoesNothing() {
        MultiReactorServer server = new MultiReactorServer(ServerConfig.defaults().withPort(0), "test", null);
        assertThrows(IllegalStateException.class, server::address);
        server.close(); // nothing to close, and no exception
        assertEquals(0, server.reactors().size());
    }
}
