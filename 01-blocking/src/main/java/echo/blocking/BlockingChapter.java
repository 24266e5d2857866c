package echo.blocking;

import echo.common.BaseChapter;
import echo.common.BlockingEvents;
import echo.common.Launcher;
import echo.common.Protocol;

import java.util.Set;

/** Chapter 01 as the rest of the project sees it: its name, what it promises (nothing beyond echo), its server. */
public final class BlockingChapter extends BaseChapter {
    static final String ID = "01-blocking";

    public BlockingChapter() {
        super(ID, "blocking, one client at a time", Protocol.RAW,
                // Promises nothing: one client at a time. The contract asserts that the second one waits.
                Set.of(),
                Set.of(),
                // Watched (--trace, --stats): the server tells its events to a watcher (DESIGN.md, tracing).
                watched((config, watch) -> new BlockingServer(config,
                        watch.on() ? watch.report(new BlockingChapterWatcher(watch.trace())) : BlockingEvents.NONE)));
    }

    public static void main(String[] args) {
        Launcher.run(new BlockingChapter(), args);
    }
}
