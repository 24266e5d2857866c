package echo.poll;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Promise;
import echo.common.Protocol;

import java.util.Set;

/** Chapter 04: non-blocking channels, polled by one thread in a loop that never sleeps. */
public final class PollingChapter extends BaseChapter {
    static final String ID = "04-nonblocking-poll";

    public PollingChapter() {
        super(ID, "non-blocking channels polled in a loop", Protocol.RAW,
                Set.of(Promise.CONCURRENT_CLIENTS),
                Set.of(),
                watched((config, watch) -> new PollingServer(config, PollWatcher.eventsFor(watch))));
    }

    public static void main(String[] args) {
        Launcher.run(new PollingChapter(), args);
    }
}
