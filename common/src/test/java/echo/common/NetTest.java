package echo.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code --unix PATH}: only a stale socket file is ever replaced; anything else at PATH is left alone. */
class NetTest {
    @TempDir
    Path dir;

    @Test
    void aStaleSocketFileIsReplaced() throws IOException {
        Path file = dir.resolve("echo.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(file));
        }
        assertTrue(Net.isSocketFile(file), "closing a listening socket leaves its file behind");
        try (ServerSocketChannel server = Net.listenChannel(unix(file));
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(file))) {
            assertEquals(UnixDomainSocketAddress.of(file), server.getLocalAddress());
            assertTrue(client.isConnected(), "the new server listens on the replaced file");
        } finally {
            Net.removeSocketFile(UnixDomainSocketAddress.of(file));
        }
        assertTrue(Files.notExists(file), "removeSocketFile removes it");
    }

    @Test
    void aLiveSocketFileIsRefusedAndKept() throws IOException {
        Path file = dir.resolve("echo.sock");
        try (ServerSocketChannel live = Net.listenChannel(unix(file))) {
            BindException e = assertThrows(BindException.class, () -> Net.listenChannel(unix(file)));
            assertEquals("socket file " + file + " is in use by a running server", e.getMessage());
            assertTrue(Net.isSocketFile(file), "the running server's file is untouched");
            SocketChannel.open(UnixDomainSocketAddress.of(file)).close(); // and it still answers
        }
    }

    /** A FIFO refuses a socket connection just as a stale socket file does: only its type tells them apart. */
    @Test
    void aFifoIsNotReplaced() throws Exception {
        Path fifo = dir.resolve("pipe");
        assumeTrue(mkfifo(fifo), "mkfifo is not available");
        assertNotASocketFileError(fifo);
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS), "the FIFO must still be there");
        assertFalse(Files.isRegularFile(fifo) || Files.isDirectory(fifo), "and still a FIFO");
    }

    @Test
    void aRegularFileIsNotReplaced() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "precious");
        assertNotASocketFileError(file);
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void aDirectoryIsNotReplaced() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertNotASocketFileError(sub);
        assertTrue(Files.isDirectory(sub));
    }

    /** A symbolic link to a stale socket file is not itself a socket file: neither it nor its target is removed. */
    @Test
    void aSymbolicLinkIsNotFollowed() throws IOException {
        Path target = dir.resolve("real.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(target));
        }
        Path link = Files.createSymbolicLink(dir.resolve("link.sock"), target);
        assertNotASocketFileError(link);
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Net.isSocketFile(target));
    }

    @Test
    void theModeBitsTellASocketFromOtherFiles() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertFalse(Net.isSocketFile(file));
        assertFalse(Net.isSocketFile(dir));
    }

    @Test
    void aTcpChannelListensOnTheConfiguredAddress() throws IOException {
        try (ServerSocketChannel server = Net.listenChannel(ServerConfig.defaults().withPort(0))) {
            java.net.InetSocketAddress bound = (java.net.InetSocketAddress) server.getLocalAddress();
            assertEquals("127.0.0.1", bound.getAddress().getHostAddress());
            assertTrue(bound.getPort() > 0);
            assertEquals("127.0.0.1:" + bound.getPort(), Net.describe(bound));
            BindException e = assertThrows(BindException.class,
                    () -> Net.listenChannel(ServerConfig.defaults().withPort(bound.getPort())));
            assertEquals("port " + bound.getPort() + " on 127.0.0.1 is already in use"
                    + " (is another server running? pick another with --port)", e.getMessage());
            BindException viaBind = assertThrows(BindException.class, () -> Net.bind(
                    ServerConfig.defaults().withPort(bound.getPort()), address -> {
                        ServerSocketChannel again = ServerSocketChannel.open();
                        try {
                            return again.bind(address);
                        } finally {
                            again.close();
                        }
                    }));
            assertEquals(e.getMessage(), viaBind.getMessage());
        }
    }

    @Test
    void anAddressThisMachineDoesNotHaveIsOneLineNamingIt() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
        BindException e = assertThrows(BindException.class,
                () -> Net.listen(ServerConfig.defaults().withBindAddress("192.0.2.1").withPort(20001)).close());
        assertTrue(e.getMessage().startsWith("cannot listen on 192.0.2.1:20001: "), e.getMessage());
        assertFalse(e.getMessage().endsWith("null"), "and why, in the kernel's words: " + e.getMessage());
        BindException unknown = assertThrows(BindException.class,
                () -> Net.listen(ServerConfig.defaults().withBindAddress("no-such-host.invalid")).close());
        assertEquals("cannot resolve bind address 'no-such-host.invalid'", unknown.getMessage());
    }

    @Test
    void removingTheSocketFileOfATcpAddressDoesNothing() {
        Net.removeSocketFile(new java.net.InetSocketAddress("127.0.0.1", 20000)); // no file, and no exception
        Net.removeSocketFile(UnixDomainSocketAddress.of(dir.resolve("never-bound.sock"))); // gone already: fine
    }

    @Test
    void aUnixAddressIsDescribedByItsPath() {
        assertEquals(dir.resolve("e.sock").toString(), Net.describe(UnixDomainSocketAddress.of(dir.resolve("e.sock"))));
    }

    @Test
    void anUncheckedFailureWhileBindingIsNotWrapped() {
        IllegalStateException bug = new IllegalStateException("bug");
        assertEquals(bug, assertThrows(IllegalStateException.class,
                () -> Net.bind(ServerConfig.defaults().withPort(0), address -> {
                    throw bug;
                })));
        IOException other = assertThrows(IOException.class,
                () -> Net.bind(ServerConfig.defaults().withPort(0), address -> {
                    throw new Exception("netty said no");
                }));
        assertEquals("cannot listen on 127.0.0.1:0: netty said no", other.getMessage());
    }

    /** The blocking chapters' listener: bound to the configured address, and handed back. */
    @Test
    void aServerSocketListensOnTheConfiguredAddress() throws IOException {
        try (java.net.ServerSocket server = Net.listen(ServerConfig.defaults().withPort(0))) {
            assertTrue(server.isBound());
            assertEquals("127.0.0.1", server.getInetAddress().getHostAddress());
            assertTrue(server.getLocalPort() > 0);
        }
    }

    /** What another API's bind returns (a channel, Netty's future) is what the caller gets. */
    @Test
    void bindHandsBackWhatTheBindingReturned() throws IOException {
        Object bound = new Object();
        assertEquals(bound, Net.bind(ServerConfig.defaults().withPort(0), address -> bound));
    }

    /** An interrupt while binding is an InterruptedIOException naming the address, and the interrupt is kept. */
    @Test
    void anInterruptedBindSaysWhereAndKeepsTheInterrupt() {
        try {
            java.io.InterruptedIOException e = assertThrows(java.io.InterruptedIOException.class,
                    () -> Net.bind(ServerConfig.defaults().withPort(20002), address -> {
                        throw new InterruptedException();
                    }));
            assertEquals("interrupted while binding 127.0.0.1:20002", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was swallowed");
        } finally {
            Thread.interrupted();
        }
    }

    /** address() before start(): "not started", said as such; after, the listener itself. */
    @Test
    void requireStartedSaysNotStartedOrHandsBackTheListener() {
        assertEquals("not started",
                assertThrows(IllegalStateException.class, () -> Net.requireStarted(null)).getMessage());
        Object listener = new Object();
        assertEquals(listener, Net.requireStarted(listener));
    }

    /** A socket file that cannot be made (its directory does not exist) is one line naming the path. */
    @Test
    void aSocketFileThatCannotBeMadeIsOneLineNamingIt() {
        Path path = dir.resolve("no-such-dir").resolve("e.sock");
        BindException e = assertThrows(BindException.class, () -> Net.listenChannel(unix(path)).close());
        assertTrue(e.getMessage().startsWith("cannot listen on socket file " + path + ": "), e.getMessage());
        assertFalse(e.getMessage().endsWith(": null"), "and why, in the JDK's words: " + e.getMessage());
    }

    private static void assertNotASocketFileError(Path path) {
        BindException e = assertThrows(BindException.class, () -> Net.listenChannel(unix(path)).close());
        assertEquals(path + " exists and is not a socket file; remove it or pick another --unix path",
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    private static ServerConfig unix(Path path) {
        return ServerConfig.defaults().withUnixSocket(path);
    }

    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        }
    }
}
