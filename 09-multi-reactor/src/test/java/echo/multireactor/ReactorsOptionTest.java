package echo.multireactor;

import echo.common.Launcher;
import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One reactor per core unless told otherwise ({@code --reactors N}); the framed chapter takes it too. */
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
}
