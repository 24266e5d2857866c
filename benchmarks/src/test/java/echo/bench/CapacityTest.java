package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import echo.bench.testchapters.OneAtATimeChapter;
import echo.bench.testchapters.ThreadPerConnectionChapter;
import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;
import echo.common.ServerConfig;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapacityTest {
    private final ServerConfig config = ServerProcess.config();

    /** A chapter that declares what the test needs and serves nothing. */
    static Chapter declaring(String id, Protocol protocol, Set<Promise> promises, Set<Option> options) {
        return new Chapter() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return id;
            }

            @Override
            public Protocol protocol() {
                return protocol;
            }

            @Override
            public Set<Promise> promises() {
                return promises;
            }

            @Override
            public Set<Option> options() {
                return options;
            }

            @Override
            public EchoServer create(ServerConfig config) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void aOneAtATimeServerGetsOneConnectionOnly() {
        Chapter serial = new OneAtATimeChapter();
        assertEquals(Optional.empty(), Capacity.cannotServe(serial, config, 1));
        String why = Capacity.cannotServe(serial, config, 2).orElseThrow();
        assertTrue(why.contains("serves one connection at a time"), why);
        assertTrue(Capacity.cannotHold(serial).isPresent());
    }

    @Test
    void aConcurrentServerGetsAnyNumber() {
        Chapter threads = new ThreadPerConnectionChapter();
        assertEquals(Optional.empty(), Capacity.cannotServe(threads, config, 256));
        assertEquals(Optional.empty(), Capacity.cannotHold(threads));
    }

    @Test
    void aPoolServesAtMostItsPool() {
        Chapter pool = declaring("x-pool", Protocol.RAW,
                Set.of(Promise.CONCURRENT_CLIENTS, Promise.WORKER_PER_CONNECTION), Set.of(Option.POOL));
        assertEquals(Optional.empty(), Capacity.cannotServe(pool, config, config.poolSize()));
        String why = Capacity.cannotServe(pool, config, config.poolSize() + 1).orElseThrow();
        assertTrue(why.contains("pool of " + config.poolSize() + " workers"), why);
        assertEquals(Optional.empty(), Capacity.cannotHold(pool), "what a pool holds is measured, and reported");
    }

    /** a3 takes --pool for its channel group's threads, which complete I/O for any number of connections. */
    @Test
    void aPoolThatCompletesIoServesAnyNumber() {
        Chapter group = declaring("x-group", Protocol.RAW, Set.of(Promise.CONCURRENT_CLIENTS), Set.of(Option.POOL));
        assertEquals(Optional.empty(), Capacity.cannotServe(group, config, 256));
    }

    @Test
    void aDatagramCarriesAtMost65507Bytes() {
        Chapter udp = declaring("x-udp", Protocol.DATAGRAM, Set.of(Promise.CONCURRENT_CLIENTS), Set.of());
        assertEquals(Optional.empty(), Capacity.cannotCarry(udp, config, 4096));
        assertTrue(Capacity.cannotCarry(udp, config, 65536).isPresent());
        assertTrue(Capacity.cannotHold(udp).orElseThrow().contains("UDP has no connections"));
    }

    @Test
    void aFramedChapterCarriesUpToItsMaxFrame() {
        Chapter framed = declaring("x-framed", Protocol.FRAMED, Set.of(Promise.CONCURRENT_CLIENTS), Set.of());
        assertEquals(Optional.empty(), Capacity.cannotCarry(framed, config, 65536));
        assertTrue(Capacity.cannotCarry(framed, config, config.maxFrame() + 1).isPresent());
    }
}
