package echo.netty;

import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start that cannot bind (the port is taken) is an {@code IOException} and leaves nothing running: the event
 * loop it had started for the bind is shut down before {@code start()} throws. In-process, so mutation testing
 * sees it; the launch tests' port-in-use case runs in a child JVM, which exits anyway.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailedBindTest {
    /** Its own id, so that no other test's event loop (echo-08-netty-1-1) is mistaken for this one's. */
    private static final String ID = "08-netty-taken-port";

    @Test
    void aPortThatIsTakenLeavesNoEventLoopBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            NettyServer server = new NettyServer(ServerConfig.defaults().withPort(taken.getLocalPort()), ID, false);
            assertThrows(IOException.class, server::start);
            // close() already joined the loop's thread; the deadline is only for a slow machine.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (loopAlive()) {
                assertTrue(System.nanoTime() < deadline, "the event loop of a failed start is still running");
                Thread.sleep(50);
            }
            server.close(); // what Launcher does after a failed start: nothing left to close, and no error
        }
    }

    private static boolean loopAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("echo-" + ID + "-") && t.isAlive());
    }
}
