package echo.unix;

import echo.common.Chapters;
import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * What changes with a Unix domain socket: the address is a file. It appears when the server binds, it outlives
 * the socket unless the server removes it, a stale one must be cleared at start (but a live one never), and its
 * permissions decide who may connect.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketFileTest {
    @TempDir
    Path dir;

    private EchoServer serverOn(Path socketFile) throws IOException {
        EchoServer server = new UnixSocketsChapter().create(ServerConfig.defaults().withUnixSocket(socketFile));
        server.start();
        return server;
    }

    private static void assertEchoes(EchoServer server, String message) throws IOException {
        try (TestClient client = TestClient.connect(server.address())) {
            assertArrayEquals(message.getBytes(), client.echo(message.getBytes()));
        }
    }

    @Test
    void theSocketFileIsThereWhileServingAndGoneAfterClose() throws IOException {
        Path file = dir.resolve("echo.sock");
        EchoServer server = serverOn(file);
        try {
            assertEquals(UnixDomainSocketAddress.of(file), server.address(), "no port: the address is the file");
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            assertTrue(attributes.isOther(), "a socket file is neither a regular file nor a directory");
            assertEchoes(server, "over a file\n");
        } finally {
            server.close();
        }
        assertTrue(Files.notExists(file), "close() removes the file; the kernel would have left it behind");
    }

    /** A server killed with -9 cannot remove its file. The next start finds it, sees nobody answers, replaces it. */
    @Test
    void aStaleSocketFileIsReplacedAtStart() throws IOException {
        Path file = dir.resolve("echo.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(file));
        }
        assertTrue(Files.exists(file), "closing a listening socket does not remove its file");
        assertThrows(IOException.class, () -> SocketChannel.open(UnixDomainSocketAddress.of(file)).close(),
                "a stale file refuses connections");

        EchoServer server = serverOn(file);
        try {
            assertEchoes(server, "served from the replaced file");
        } finally {
            server.close();
        }
    }

    @Test
    void aLiveSocketFileIsRefusedWithAClearError() throws IOException {
        Path file = dir.resolve("echo.sock");
        EchoServer first = serverOn(file);
        try {
            EchoServer second = new UnixSocketsChapter().create(ServerConfig.defaults().withUnixSocket(file));
            BindException e = assertThrows(BindException.class, second::start);
            assertEquals("socket file " + file + " is in use by a running server", e.getMessage());
            second.close();
            assertTrue(Files.exists(file), "the second server must not remove the first one's file");
            assertEchoes(first, "the first server is untouched");
        } finally {
            first.close();
        }
    }

    @Test
    void aFileThatIsNotASocketIsLeftAlone() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "precious");
        EchoServer server = new UnixSocketsChapter().create(ServerConfig.defaults().withUnixSocket(file));
        BindException e = assertThrows(BindException.class, server::start);
        assertTrue(e.getMessage().contains("is not a socket file"), e.getMessage());
        server.close();
        assertEquals("precious", Files.readString(file));
    }

    /**
     * Permissions are the access control: a user who may not write the socket file may not connect. Root is not
     * checked, so this test is skipped when run as root (as in the project's container; the README shows the
     * same check made by hand as user nobody).
     */
    @Test
    void filePermissionsDecideWhoMayConnect() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may connect to any socket file");
        Path file = dir.resolve("echo.sock");
        EchoServer server = serverOn(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
            IOException e = assertThrows(IOException.class,
                    () -> SocketChannel.open(UnixDomainSocketAddress.of(file)).close());
            assertTrue(e.getMessage().contains("denied"), e.getMessage());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            assertEchoes(server, "the owner may");
        } finally {
            server.close();
        }
    }

    /** How the benchmarks run this chapter: with no socket file given, a fresh one, like port 0. */
    @Test
    void withoutASocketFileTheChapterPicksAFreshOne() throws IOException {
        EchoServer server = Chapters.byId(UnixSocketsChapter.ID).create(ServerConfig.defaults().withPort(0));
        server.start();
        Path file;
        try {
            file = assertInstanceOf(UnixDomainSocketAddress.class, server.address()).getPath();
            assertTrue(Files.exists(file));
            assertEchoes(server, "benchmarked");
        } finally {
            server.close();
        }
        assertTrue(Files.notExists(file));
    }

    /**
     * Port 0's counterpart must be fresh every time, as two port-0 servers get two ports: two servers started
     * without a socket file, side by side in one JVM, listen on two files and both serve. The name carries this
     * JVM's process id too, which keeps two JVMs (two benchmark forks, two builds) apart in the same directory.
     */
    @Test
    void twoServersWithoutASocketFileGetAFileEach() throws IOException {
        EchoServer first = new UnixSocketsChapter().create(ServerConfig.defaults().withPort(0));
        EchoServer second = new UnixSocketsChapter().create(ServerConfig.defaults().withPort(0));
        try {
            first.start();
            second.start(); // a name that is not fresh fails here: "... is in use by a running server"
            Path one = assertInstanceOf(UnixDomainSocketAddress.class, first.address()).getPath();
            Path two = assertInstanceOf(UnixDomainSocketAddress.class, second.address()).getPath();
            assertNotEquals(one, two);
            assertEchoes(first, "one");
            assertEchoes(second, "two");
            String pid = "-" + ProcessHandle.current().pid() + "-";
            assertTrue(one.getFileName().toString().contains(pid) && two.getFileName().toString().contains(pid),
                    "named after this process, so that another JVM picks other names: " + one + ", " + two);
        } finally {
            first.close();
            second.close();
        }
    }
}
