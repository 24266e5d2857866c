package echo.common;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each option folds its value into the config, or refuses it with one sentence. */
class OptionTest {
    private static final ServerConfig D = ServerConfig.defaults();

    @Test
    void numbersAreAcceptedAtBothEndsOfTheirRange() {
        assertEquals(0, Option.PORT.apply(D, "0").port());
        assertEquals(65535, Option.PORT.apply(D, " 65535 ").port());
        assertEquals(1, Option.POOL.apply(D, "1").poolSize());
        assertEquals(100_000, Option.POOL.apply(D, "100000").poolSize());
        assertEquals("--pool must be between 1 and 100000, got 100001",
                assertThrows(UsageException.class, () -> Option.POOL.apply(D, "100001")).getMessage());
        assertEquals(1, Option.REACTORS.apply(D, "1").reactors());
        assertEquals(1024, Option.REACTORS.apply(D, "1024").reactors());
        assertEquals("--reactors must be between 1 and 1024, got 0",
                assertThrows(UsageException.class, () -> Option.REACTORS.apply(D, "0")).getMessage());
    }

    /** The options only some chapters take land in their own field (03's queue, 05's pending output, ...). */
    @Test
    void eachLimitLandsInItsField() {
        assertEquals(7, Option.QUEUE.apply(D, "7").queueSize());
        assertEquals(8, Option.MAX_CONNECTIONS.apply(D, "8").maxConnections());
        assertEquals(9, Option.MAX_PENDING.apply(D, "9").maxPendingBytes());
        assertEquals(10, Option.MAX_FRAME.apply(D, "10").maxFrame());
        assertEquals(D, Option.STATS.apply(D, null), "--stats changes no field of the config");
        assertEquals(D, Option.TRACE.apply(D, null), "nor does --trace");
        assertEquals(Option.QUEUE, Option.forFlag(Option.QUEUE.asFlag()));
        assertEquals("no option --nope", assertThrows(IllegalArgumentException.class,
                () -> Option.forFlag(CommandLine.Flag.toggle("--nope", "x"))).getMessage());
    }

    @Test
    void anEmptyAddressOrPathIsAMistakeNotADefault() {
        assertEquals("--bind needs an address, e.g. 127.0.0.1",
                assertThrows(UsageException.class, () -> Option.BIND.apply(D, " ")).getMessage());
        assertEquals("--unix needs a file path, e.g. /tmp/echo.sock",
                assertThrows(UsageException.class, () -> Option.UNIX.apply(D, "")).getMessage());
        assertEquals(Path.of("/tmp/e.sock"), Option.UNIX.apply(D, "/tmp/e.sock").unixSocket());
        assertEquals("0.0.0.0", Option.BIND.apply(D, "0.0.0.0").bindAddress());
    }

    @Test
    void aTransportIsOneOfThreeNamesAndNioByDefault() {
        assertEquals(Transport.NIO, D.transport());
        assertEquals("io_uring", Transport.IO_URING.toString(), "a transport prints as its --transport name");
        assertEquals(Transport.EPOLL, Option.TRANSPORT.apply(D, "epoll").transport());
        assertEquals(Transport.IO_URING, Option.TRANSPORT.apply(D, " io_uring ").transport());
        assertEquals(Transport.NIO, Option.TRANSPORT.apply(D.withTransport(Transport.EPOLL), "nio").transport());
        assertEquals("--transport must be one of nio, epoll, io_uring, got 'kqueue'",
                assertThrows(UsageException.class, () -> Option.TRANSPORT.apply(D, "kqueue")).getMessage());
    }

    @Test
    void everyOptionExplainsItself() {
        for (Option option : Option.values()) {
            assertFalse(option.help().isBlank(), option.name());
        }
        assertEquals("worker threads in the pool (default 16)", Option.POOL.help());
    }
}
