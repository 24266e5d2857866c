package echo.async;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;

import java.util.Set;

/** Side chapter a3 as the rest of the project sees it: asynchronous channels and completion handlers, raw echo. */
public final class AsyncChapter extends BaseChapter {
    static final String ID = "a3-async-channels";

    public AsyncChapter() {
        super(ID, "asynchronous channels, a proactor", Protocol.RAW,
                Set.of(Promise.CONCURRENT_CLIENTS),
                Set.of(Option.POOL),
                watched((config, watch) -> new AsyncServer(config, ID, AsyncWatcher.of(watch))));
    }

    public static void main(String[] args) {
        Launcher.run(new AsyncChapter(), args);
    }
}
