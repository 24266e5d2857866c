package echo.netty;

import echo.common.Transport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's "one line: which, why and what to use instead", in-process (no server, no socket): io_uring's
 * advice is epoll only where epoll works, NIO otherwise; the "why" skips a blank message for the next one in the
 * chain, and a missing cause still gives a line. {@code UnavailableTransportTest} sees the first case only in a
 * child JVM, which mutation testing does not reach.
 */
class TransportAdviceTest {
    /** A machine with neither native transport (another OS, or Netty's noNative switch). */
    private static final Function<Transport, Throwable> NO_NATIVE =
            transport -> transport == Transport.NIO ? null : new UnsatisfiedLinkError("no native library");

    @Test
    void io_uringPointsToNioWhereEpollDoesNotWorkEither() {
        assertEquals("--transport io_uring is not available here: no native library; use --transport nio instead",
                Transports.unavailable(Transport.IO_URING, new UnsatisfiedLinkError("no native library"), NO_NATIVE));
    }

    @Test
    void aBlankMessageIsSkippedForTheNextInTheChain() {
        assertEquals("Operation not permitted",
                Transports.reason(new RuntimeException(" \n ", new IOException("Operation not permitted"))));
    }

    @Test
    void noCauseAtAllStillGivesALine() {
        assertEquals("no reason given", Transports.reason(null));
    }
}
