package echo.bench.testchapters;

import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.Promise;
import echo.common.Protocol;
import echo.common.ServerConfig;
import java.util.Set;

/** A test-only chapter: a thread per connection. */
public final class ThreadPerConnectionChapter implements Chapter {
    public static final String ID = "t1-thread-per-connection";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "test: a thread per connection";
    }

    @Override
    public Protocol protocol() {
        return Protocol.RAW;
    }

    @Override
    public Set<Promise> promises() {
        return Set.of(Promise.CONCURRENT_CLIENTS);
    }

    @Override
    public EchoServer create(ServerConfig config) {
        return new BlockingTestServer(ID, config, true);
    }
}
