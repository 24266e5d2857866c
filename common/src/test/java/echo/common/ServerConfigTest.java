package echo.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A config out of range is refused when it is made, with a sentence naming the field, its range and the value. */
class ServerConfigTest {
    private static final ServerConfig D = ServerConfig.defaults();

    @Test
    void everyFieldIsCheckedAtItsEdges() {
        edges("port", 0, 65535, D::withPort);
        edges("backlog", 1, Integer.MAX_VALUE, D::withBacklog);
        edges("pool size", 1, 100_000, D::withPoolSize);
        edges("queue size", 0, 1_000_000, D::withQueueSize);
        edges("read buffer size", 1, 64 << 20, D::withReadBufferSize);
        edges("max pending bytes", 1, Integer.MAX_VALUE, D::withMaxPendingBytes);
        edges("max frame", 0, Integer.MAX_VALUE - Frames.HEADER_BYTES, D::withMaxFrame);
        edges("max connections", 0, Integer.MAX_VALUE, D::withMaxConnections);
        edges("reactors", 1, ServerConfig.MAX_REACTORS, D::withReactors);
    }

    @Test
    void oneReactorPerCoreByDefault() {
        assertEquals(Runtime.getRuntime().availableProcessors(), D.reactors());
    }

    @Test
    void theIdleTimeOutMayBeZeroToADayButNotNegativeNorLonger() {
        assertDoesNotThrow(() -> D.withIdleTimeout(Duration.ZERO));
        assertDoesNotThrow(() -> D.withIdleTimeout(Duration.ofDays(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> D.withIdleTimeout(Duration.ofMillis(-1)));
        assertEquals("idle time-out must be between 0 and 86400 s, got PT-0.001S", e.getMessage());
        // 25 days is over Integer.MAX_VALUE ms: as a socket time-out it would wrap round to a negative int
        e = assertThrows(IllegalArgumentException.class, () -> D.withIdleTimeout(Duration.ofDays(1).plusMillis(1)));
        assertEquals("idle time-out must be between 0 and 86400 s, got PT24H0.001S", e.getMessage());
    }

    @Test
    void noAddressAndNoTimeOutAreRefused() {
        assertEquals("bindAddress", assertThrows(NullPointerException.class, () -> D.withBindAddress(null)).getMessage());
        assertEquals("idleTimeout", assertThrows(NullPointerException.class, () -> D.withIdleTimeout(null)).getMessage());
        assertEquals("transport", assertThrows(NullPointerException.class, () -> D.withTransport(null)).getMessage());
    }

    @Test
    void everyWitherKeepsTheTransport() {
        ServerConfig epoll = D.withTransport(Transport.EPOLL);
        for (ServerConfig changed : java.util.List.of(epoll.withBindAddress("::1"), epoll.withPort(0),
                epoll.withBacklog(2), epoll.withPoolSize(2), epoll.withQueueSize(2),
                epoll.withIdleTimeout(Duration.ZERO), epoll.withReadBufferSize(2), epoll.withMaxPendingBytes(2),
                epoll.withMaxFrame(2), epoll.withMaxConnections(2),
                epoll.withUnixSocket(java.nio.file.Path.of("/tmp/e.sock")))) {
            assertEquals(Transport.EPOLL, changed.transport(), changed.toString());
        }
    }

    @Test
    void theLowWatermarkIsHalfTheHighOne() {
        assertEquals(500, D.withMaxPendingBytes(1001).resumeReadingBelow());
    }

    private static void edges(String what, int min, int max, java.util.function.IntFunction<ServerConfig> with) {
        assertNotNull(assertDoesNotThrow(() -> with.apply(min), what + " " + min));
        assertNotNull(assertDoesNotThrow(() -> with.apply(max), what + " " + max));
        refused(what + " must be between " + min + " and " + max + ", got " + (min - 1), () -> with.apply(min - 1));
        if (max < Integer.MAX_VALUE) {
            refused(what + " must be between " + min + " and " + max + ", got " + (max + 1), () -> with.apply(max + 1));
        }
    }

    private static void refused(String message, Executable make) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, make).getMessage());
    }
}
