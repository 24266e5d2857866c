package echo.bench.testchapters;

import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.Promise;
import echo.common.Protocol;
import echo.common.ServerConfig;
import java.util.Set;

/** A test-only chapter: one connection at a time, promising nothing more. */
public final class OneAtATimeChapter implements Chapter {
    public static final String ID = "t0-one-at-a-time";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "test: one connection at a time";
    }

    @Override
    public Protocol protocol() {
        return Protocol.RAW;
    }

    @Override
    public Set<Promise> promises() {
        return Set.of();
    }

    @Override
    public EchoServer create(ServerConfig config) {
        return new BlockingTestServer(ID, config, false);
    }
}
