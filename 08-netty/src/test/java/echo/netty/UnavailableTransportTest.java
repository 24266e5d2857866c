package echo.netty;

import echo.common.ServerConfig;
import echo.common.Transport;
import echo.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A native transport this machine does not have is one line saying which, why and what to use instead, and exit
 * code 1, as for any bad option; the server never falls back to NIO by itself. In-process through the server's
 * seam (what would another OS say), and for real in a child JVM, with Netty's own switch that turns its native
 * transports off ({@code -Dio.netty.transport.noNative=true}).
 */
// A separate thread: a read from a child that never exits would not notice a same-thread time-out.
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnavailableTransportTest {
    private static final String NO_NATIVE = "-Dio.netty.transport.noNative=true";
    private static final String DISABLED = "Native transport was explicit disabled with " + NO_NATIVE;

    @Test
    void aMissingNativeLibraryIsOneLineNamingItsCauseAndTheWayOut() {
        // What Netty says on a Mac: no epoll library for this OS and CPU.
        Function<Transport, Throwable> mac = transport -> transport == Transport.NIO ? null
                : new UnsatisfiedLinkError("could not load a native library: netty_transport_native_epoll_aarch_64");
        IOException refused = assertThrows(IOException.class, () -> start(Transport.EPOLL, mac));
        assertEquals("--transport epoll is not available here: could not load a native library:"
                + " netty_transport_native_epoll_aarch_64; use --transport nio instead", refused.getMessage());
    }

    @Test
    void io_uringRefusedByTheKernelPointsToEpollWhereEpollWorks() {
        // A container whose seccomp filter refuses io_uring_setup, on Linux where epoll works.
        Function<Transport, Throwable> seccomp = transport -> transport != Transport.IO_URING ? null
                : new RuntimeException("failed to create io_uring ring fd", new IOException("Operation not permitted"));
        IOException refused = assertThrows(IOException.class, () -> start(Transport.IO_URING, seccomp));
        assertEquals("--transport io_uring is not available here: failed to create io_uring ring fd;"
                + " use --transport epoll instead", refused.getMessage());
    }

    @Test
    void theReasonIsTheFirstMessageInTheChainOnOneLine() {
        // A class that failed to initialise has no message of its own; what went wrong is in its cause.
        assertEquals("Only supported on Linux",
                Transports.reason(new ExceptionInInitializerError(new IllegalStateException("Only supported on Linux"))));
        assertEquals("could not load: libA.so not found libB.so not found",
                Transports.reason(new UnsatisfiedLinkError("could not load:\n  libA.so not found\r\n  libB.so not found\n")));
        assertEquals("java.lang.UnsatisfiedLinkError", Transports.reason(new UnsatisfiedLinkError()));
    }

    @Test
    void nothingIsStartedForATransportThatIsNotThere() {
        NettyServer server = new NettyServer(ServerConfig.defaults().withPort(0).withTransport(Transport.EPOLL),
                "08-netty", false, transport -> transport == Transport.NIO ? null : new UnsatisfiedLinkError("no"));
        assertThrows(IOException.class, server::start);
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("echo-08-netty")
                && t.isAlive()), "no event loop was started");
        server.close(); // what Launcher does after a failed start: nothing to close, and no error
    }

    @Test
    void theRealMainSaysItInOneLineAndExitsWithOne() throws Exception {
        assertOneLine(NettyChapter.class, "epoll", "08-netty: --transport epoll is not available here: "
                + DISABLED + "; use --transport nio instead");
        // io_uring's advice is epoll only where epoll works: here the switch has turned both off.
        assertOneLine(NettyFramedChapter.class, "io_uring", "08-netty-framed: --transport io_uring is not"
                + " available here: " + DISABLED + "; use --transport nio instead");
    }

    @Test
    void aTransportThatDoesNotExistIsABadOption() throws Exception {
        assertOneLine(NettyChapter.class, "kqueue",
                "08-netty: --transport must be one of nio, epoll, io_uring, got 'kqueue' (try --help)");
    }

    private static void assertOneLine(Class<?> main, String transport, String line) throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(NO_NATIVE), main, "--port", "0", "--transport", transport)) {
            assertEquals(1, child.exitCode(), "exit code; stderr: " + child.stderr());
            assertEquals(List.of(line), child.stderr().lines().filter(l -> !l.isBlank()).toList(),
                    "one line on stderr, no stack trace");
            assertFalse(child.stdout().contains("listening"), "it must not start on another transport: " + child.stdout());
        }
    }

    private static void start(Transport transport, Function<Transport, Throwable> whyUnavailable) throws IOException {
        NettyServer server = new NettyServer(ServerConfig.defaults().withPort(0).withTransport(transport),
                "08-netty", false, whyUnavailable);
        try {
            server.start();
        } finally {
            server.close();
        }
    }
}
