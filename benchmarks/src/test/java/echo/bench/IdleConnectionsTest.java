package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import echo.bench.testchapters.ThreadPerConnectionChapter;
import echo.common.EchoServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleConnectionsTest {

    @Test
    void opensEveryConnectionAndSeesWhenTheServerClosesThem() throws Exception {
        EchoServer server = new ThreadPerConnectionChapter().create(ServerProcess.config());
        server.start();
        try (IdleConnections connections = IdleConnections.open(server.address(), 50, Duration.ofSeconds(20),
                n -> { })) {
            assertEquals(50, connections.established());
            assertEquals(0, connections.failed());
            assertEquals(0, connections.closedByServer());

            server.close(); // closes every connection it holds, before it returns
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int closed = connections.closedByServer();
            while (closed < 50 && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the FINs are on their way through loopback
                closed = connections.closedByServer();
            }
            assertEquals(50, closed);
        } finally {
            server.close();
        }
    }

    @Test
    void nobodyListeningFailsEveryConnectWithoutThrowing() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
        try (IdleConnections connections = IdleConnections.open(
                new InetSocketAddress("127.0.0.1", freePort), 10, Duration.ofSeconds(20), n -> { })) {
            assertEquals(0, connections.established());
            assertEquals(10, connections.failed());
            assertNotNull(connections.stoppedBecause(), "says why it stopped short");
            assertTrue(connections.stoppedBecause().contains("10 of 10 connects were refused"),
                    connections.stoppedBecause());
        }
    }
}
