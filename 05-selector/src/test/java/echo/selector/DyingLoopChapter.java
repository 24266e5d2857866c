package echo.selector;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Protocol;

import java.util.Set;

/**
 * A test chapter whose loop dies: chapter 05's server with a Processor that throws an {@link Error} when a client
 * sends '!', as an OutOfMemoryError would be thrown on the loop. Its {@code main} runs in a child JVM.
 */
public final class DyingLoopChapter extends BaseChapter {
    static final String ID = "test-dying-loop";

    /** Echoes, except that input starting with '!' throws an Error on the reactor thread. */
    static final Processor DIES_ON_BANG = (input, reply) -> {
        if (input.get(input.position()) == '!') {
            throw new OutOfMemoryError("thrown by the test on the reactor thread");
        }
        reply.send(input);
    };

    public DyingLoopChapter() {
        super(ID, "a loop that dies on '!'", Protocol.RAW, Set.of(), Set.of(Option.MAX_PENDING),
                config -> new SelectorServer(config, ID, () -> DIES_ON_BANG));
    }

    public static void main(String[] args) {
        Launcher.run(new DyingLoopChapter(), args);
    }
}
