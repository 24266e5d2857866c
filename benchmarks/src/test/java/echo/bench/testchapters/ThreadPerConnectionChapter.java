package echo.bench.testchapters;

import echo.common.BaseChapter;
import echo.common.Promise;
import echo.common.Protocol;

import java.util.Set;

/** A test-only chapter: a thread per connection. */
public final class ThreadPerConnectionChapter extends BaseChapter {
    public static final String ID = "t1-thread-per-connection";

    public ThreadPerConnectionChapter() {
        super(ID, "test: a thread per connection", Protocol.RAW, Set.of(Promise.CONCURRENT_CLIENTS), Set.of(),
                config -> new BlockingTestServer(ID, config, true));
    }
}
