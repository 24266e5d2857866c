package echo.pool;

import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;
import echo.common.ServerConfig;

import java.util.Set;

/** Chapter 03 as the rest of the project sees it: a fixed pool, a bounded queue, an idle time-out. */
public final class ThreadPoolChapter implements Chapter {
    static final String ID = "03-thread-pool";

    public static void main(String[] args) {
        Launcher.run(new ThreadPoolChapter(), args);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "a fixed pool of worker threads";
    }

    @Override
    public Protocol protocol() {
        return Protocol.RAW;
    }

    /** Concurrent up to the pool size: client P+1 waits (asserted by the chapter's own tests). */
    @Override
    public Set<Promise> promises() {
        return Set.of(Promise.CONCURRENT_CLIENTS);
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.POOL, Option.QUEUE, Option.IDLE_TIMEOUT);
    }

    @Override
    public EchoServer create(ServerConfig config) {
        return new ThreadPoolServer(config);
    }
}
