package echo.unix;

import echo.common.Chapters;
import echo.common.EchoServer;
import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract runs 05's SelectorChapter over a socket file (UnixContractTest); this checks what this chapter's
 * own class adds: it is registered, and without {@code --unix} it takes a fresh socket file, as port 0 takes a
 * fresh port, and removes it on close.
 */
class RegistrationTest {
    @Test
    void registeredByNameAndListensOnAFreshSocketFileByDefault() throws IOException {
        assertEquals(UnixSocketsChapter.class, Chapters.byId("a2-unix-sockets").getClass());
        EchoServer server = new UnixSocketsChapter().create(ServerConfig.defaults().withPort(0));
        Path file;
        try {
            server.start();
            assertTrue(server.address() instanceof UnixDomainSocketAddress, "a socket file, not a port");
            file = ((UnixDomainSocketAddress) server.address()).getPath();
            assertTrue(Files.exists(file), "the socket file exists while the server runs");
        } finally {
            server.close();
        }
        assertTrue(Files.notExists(file), "and is removed on close");
    }
}
