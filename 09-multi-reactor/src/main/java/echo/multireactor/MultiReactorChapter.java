package echo.multireactor;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;
import echo.framed.FrameEvents;
import echo.framed.FrameWatcher;
import echo.framed.FramedEcho;
import echo.selector.Processor;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Chapter 09, raw echo on N reactors. {@link MultiReactorFramedChapter} is the same server speaking frames. */
public class MultiReactorChapter extends BaseChapter {
    static final String ID = "09-multi-reactor";

    public MultiReactorChapter() {
        this(false);
    }

    MultiReactorChapter(boolean framed) {
        this(framed ? ID + "-framed" : ID, framed);
    }

    private MultiReactorChapter(String id, boolean framed) {
        super(id,
                framed ? "length-prefixed frames on N reactors" : "N reactors, one Selector thread each",
                framed ? Protocol.FRAMED : Protocol.RAW,
                Set.of(Promise.CONCURRENT_CLIENTS),
                framed ? Set.of(Option.REACTORS, Option.MAX_PENDING, Option.MAX_FRAME)
                        : Set.of(Option.REACTORS, Option.MAX_PENDING),
                // The hook of chapters 05 and 06: what each connection does with its bytes.
                watched((config, watch) -> {
                    Supplier<FrameEvents> frames = framed ? FrameWatcher.eventsFor(watch) : () -> FrameEvents.NONE;
                    return new MultiReactorServer(config, id, framed
                            ? () -> new FramedEcho(config.maxFrame(), frames.get())
                            : () -> Processor.RAW_ECHO, MultiReactorCounters.eventsFor(watch, config.reactors()));
                }));
    }

    /** {@code mvn exec:java} starts the raw server; {@code -Dexec.args="--framed"} the framed one. */
    public static void main(String[] args) {
        List<String> rest = Arrays.asList(args);
        boolean framed = rest.contains("--framed");
        Launcher.run(framed ? new MultiReactorFramedChapter() : new MultiReactorChapter(),
                rest.stream().filter(arg -> !arg.equals("--framed")).toArray(String[]::new));
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.printf("  %-26s %s%n", "--framed", "speak length-prefixed frames (" + ID + "-framed)");
        }
    }
}
