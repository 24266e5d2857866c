package echo.pool;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;

import java.util.Set;

/** Chapter 03 as the rest of the project sees it: a fixed pool, a bounded queue, an idle time-out. */
public final class ThreadPoolChapter extends BaseChapter {
    static final String ID = "03-thread-pool";

    public ThreadPoolChapter() {
        super(ID, "a fixed pool of worker threads", Protocol.RAW,
                // Concurrent up to the pool size: client P+1 waits (PoolLimitsTest).
                Set.of(Promise.CONCURRENT_CLIENTS, Promise.WORKER_PER_CONNECTION),
                Set.of(Option.POOL, Option.QUEUE, Option.IDLE_TIMEOUT),
                watched((config, watch) -> new ThreadPoolServer(config, PoolWatcher.eventsFor(watch, config))));
    }

    public static void main(String[] args) {
        Launcher.run(new ThreadPoolChapter(), args);
    }
}
