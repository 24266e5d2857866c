package echo.selector;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;

import java.util.Set;

/** Chapter 05 as the rest of the project sees it: one Selector thread serving every client, raw echo. */
public final class SelectorChapter extends BaseChapter {
    static final String ID = "05-selector";

    public SelectorChapter() {
        super(ID, "one Selector thread, a reactor", Protocol.RAW,
                Set.of(Promise.CONCURRENT_CLIENTS),
                Set.of(Option.MAX_PENDING, Option.UNIX),
                watched((config, watch) -> new SelectorServer(config, ID, () -> Processor.RAW_ECHO,
                        SelectorCounters.eventsFor(watch))));
    }

    public static void main(String[] args) {
        Launcher.run(new SelectorChapter(), args);
    }
}
