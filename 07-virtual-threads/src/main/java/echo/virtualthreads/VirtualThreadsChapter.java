package echo.virtualthreads;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;

import java.util.Set;

/** Chapter 07 as the rest of the project sees it: chapter 02's server on virtual threads (JDK 21+). */
public final class VirtualThreadsChapter extends BaseChapter {
    static final String ID = "07-virtual-threads";

    public VirtualThreadsChapter() {
        super(ID, "a virtual thread per client", Protocol.RAW,
                Set.of(Promise.CONCURRENT_CLIENTS),
                Set.of(Option.MAX_CONNECTIONS), // chapter 02's guard comes with its server
                watched((config, watch) -> new VirtualThreadsServer(config, VirtualThreadsWatcher.eventsFor(watch))));
    }

    public static void main(String[] args) {
        Launcher.run(new VirtualThreadsChapter(), args);
    }
}
