package echo.threadperclient;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;

import java.util.Set;

/** Chapter 02 as the rest of the project sees it: a thread per client, with an optional connection limit. */
public final class ThreadPerClientChapter extends BaseChapter {
    static final String ID = "02-thread-per-client";

    public ThreadPerClientChapter() {
        super(ID, "a thread per client", Protocol.RAW,
                Set.of(Promise.CONCURRENT_CLIENTS),
                Set.of(Option.MAX_CONNECTIONS),
                watched((config, watch) -> new ThreadPerClientServer(config, ThreadPerClientWatcher.eventsFor(watch))));
    }

    public static void main(String[] args) {
        Launcher.run(new ThreadPerClientChapter(), args);
    }
}
