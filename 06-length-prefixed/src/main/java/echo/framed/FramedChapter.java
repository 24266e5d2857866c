package echo.framed;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;
import echo.selector.SelectorCounters;
import echo.selector.SelectorServer;

import java.util.Set;
import java.util.function.Supplier;

/** Chapter 06: chapter 05's reactor with a frame decoder plugged in (DESIGN.md, "The protocols": framed echo). */
public final class FramedChapter extends BaseChapter {
    static final String ID = "06-length-prefixed";

    public FramedChapter() {
        super(ID, "length-prefixed frames on the selector loop", Protocol.FRAMED,
                Set.of(Promise.CONCURRENT_CLIENTS),
                Set.of(Option.MAX_FRAME, Option.MAX_PENDING, Option.UNIX),
                // The hook: one FramedEcho (one decoder) per connection, on 05's loop.
                watched((config, watch) -> {
                    Supplier<FrameEvents> frames = FrameWatcher.eventsFor(watch);
                    return new SelectorServer(config, ID, () -> new FramedEcho(config.maxFrame(), frames.get()),
                            SelectorCounters.eventsFor(watch));
                }));
    }

    public static void main(String[] args) {
        Launcher.run(new FramedChapter(), args);
    }
}
