package echo.blocking;

import echo.common.ListenBacklog;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's "Watch it" scenario, with the trace captured: one client is served, a second connects and waits in
 * the backlog while the server sits in the first one's read(), and is served only once the first is done.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchItTest {
    private static final String SERVER_THREAD = "echo-" + BlockingChapter.ID + "-server";

    @Test
    void theTraceShowsOneClientAtATimeAndTheOtherWaitingInTheBacklog() throws IOException {
        try (TracedServer watched = TracedServer.start(new BlockingChapter(), ServerConfig.defaults().withPort(0))) {
            TraceCapture trace = watched.trace();
            int port = ((InetSocketAddress) watched.address()).getPort();
            TestClient first = watched.connect();
            assertArrayEquals("one".getBytes(), first.echo("one".getBytes()));
            String a = TracedServer.name(first);
            List<Trace.Line> served = trace.awaitInOrder("waiting in accept()", "accepted " + a,
                    "waiting in read() on " + a, "read 3 bytes from " + a, "wrote 3 bytes to " + a,
                    "waiting in read() on " + a);
            served.forEach(line -> assertEquals(SERVER_THREAD, line.thread(), "one thread does it all"));

            try (TestClient second = TestClient.connect(watched.address())) {
                second.write("two".getBytes());
                String b = TracedServer.name(second);
                if (ListenBacklog.waiting(port) >= 0) { // Linux: the kernel says who waits in the accept queue
                    trace.await("listen backlog: 1 client connected and waiting for accept(); the server is busy"
                            + " with " + a);
                }
                assertEquals(0, trace.count("accepted " + b), "connected, and not accepted: " + trace.dump());
                try (TestClient third = TestClient.connect(watched.address())) {
                    if (ListenBacklog.waiting(port) >= 0) {
                        trace.await("listen backlog: 2 clients connected and waiting for accept(); the server is"
                                + " busy with " + a);
                    }
                    third.shutdownOutput();

                    first.shutdownOutput();
                    assertEquals(0, first.readUntilEof().length);
                    assertArrayEquals("two".getBytes(), second.read(3));
                    trace.awaitInOrder("read 3 bytes from " + a, "client " + a + " done", "waiting in accept()",
                            "accepted " + b, "read 3 bytes from " + b, "wrote 3 bytes to " + b);
                    second.shutdownOutput();
                    assertEquals(0, third.readUntilEof().length, "served last, in the order they came");
                }
                if (ListenBacklog.waiting(port) >= 0) { // the second and third accepted: nobody waits
                    trace.await("listen backlog: empty");
                }
            }
        }
    }

    /** The kernel's accept queue, as the trace reads it: the number of clients connected and not yet accepted. */
    @Test
    void theBacklogIsTheKernelsCountOfConnectedUnacceptedClients() throws IOException {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            assumeTrue(ListenBacklog.waiting(listener.getLocalPort()) >= 0, "only Linux says (/proc/net/tcp)");
            assertEquals(0, ListenBacklog.waiting(listener.getLocalPort()));
            try (TestClient one = TestClient.connect(listener.getLocalSocketAddress());
                 TestClient two = TestClient.connect(listener.getLocalSocketAddress())) {
                assertEquals(2, ListenBacklog.waiting(listener.getLocalPort()));
                listener.accept().close();
                assertEquals(1, ListenBacklog.waiting(listener.getLocalPort()));
            }
        }
    }

    @Test
    void lengthsOnlyUnlessBytesAreAskedFor() throws IOException {
        TracedServer.assertLengthsOnlyUnlessBytesAreAskedFor(new BlockingChapter(), ServerConfig.defaults().withPort(0));
    }
}
