package echo.netty;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.common.Transport;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reset under {@code --trace}: A is echoed once, then closes with {@code SO_LINGER} 0, so the server gets an RST
 * instead of a FIN. The transport's read fails with an {@code IOException}, the watcher's {@code exceptionCaught}
 * keeps its message, and A's "inactive" line says {@code closed, dropped: Connection reset…}, as the log does
 * (not "by the server", what the close that follows would say on its own). Then B, a fresh client, is served.
 * Each transport has its own exception for a reset (epoll and io_uring: Netty's NativeIoException), so this runs
 * on each. Nothing is timed: the test waits for the lines, with the trace's deadline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResetTraceTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aResetIsTracedAsDroppedWithWhatTheTransportMet(Transport transport) throws Exception {
        Available.assume(transport);
        try (TracedServer watched = TracedServer.start(new NettyChapter(),
                ServerConfig.defaults().withPort(0).withTransport(transport))) {
            TraceCapture trace = watched.trace();
            TestClient a = watched.connect();
            String nameA = TracedServer.name(a);
            assertArrayEquals("hi".getBytes(), a.echo("hi".getBytes()));
            trace.awaitInOrder("active " + nameA, "read 2 bytes from " + nameA);

            a.reset(); // SO_LINGER 0, then close: an RST, no FIN
            Trace.Line closed = trace.await("inactive " + nameA);
            assertTrue(closed.text().startsWith("inactive " + nameA + ": closed, dropped: "),
                    "a reset is the client's doing, told as dropped: " + closed.text() + "\n" + trace.dump());
            assertTrue(closed.text().contains("Connection reset"),
                    "with what the transport met, as the log says it: " + closed.text());
            assertTrue(closed.thread().startsWith(WatchItTest.LOOP), "on the event loop: " + closed);

            TestClient b = watched.connect();
            String nameB = TracedServer.name(b);
            assertArrayEquals("next".getBytes(), b.echo("next".getBytes()), "the server goes on");
            trace.awaitInOrder("inactive " + nameA, "active " + nameB, "read 4 bytes from " + nameB);
            assertEquals(1, trace.count(": closed, dropped: "), "only A was dropped\n" + trace.dump());
            assertEquals(0, trace.trace().dropped(), "nothing flooded the queue");
        }
    }
}
