package echo.netty;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Chapter 08, raw echo on Netty. {@link NettyFramedChapter} is the same server speaking frames. */
public class NettyChapter extends BaseChapter {
    // Held, because java.util.logging forgets the level of a logger nobody references.
    private static final Logger NETTY_LOG = Logger.getLogger("io.netty");

    public NettyChapter() {
        this(false);
    }

    NettyChapter(boolean framed) {
        this(framed ? "08-netty-framed" : "08-netty", framed);
    }

    private NettyChapter(String id, boolean framed) {
        super(id,
                framed ? "Netty, length-prefixed frames, one event loop" : "Netty, one event loop",
                framed ? Protocol.FRAMED : Protocol.RAW,
                Set.of(Promise.CONCURRENT_CLIENTS),
                framed ? Set.of(Option.MAX_PENDING, Option.MAX_FRAME, Option.TRANSPORT)
                        : Set.of(Option.MAX_PENDING, Option.TRANSPORT),
                watched((config, watch) -> new NettyServer(config, id, framed, NettyWatcher.of(watch, framed))));
    }

    /** {@code mvn exec:java} starts the raw server; {@code -Dexec.args="--framed"} the framed one. */
    public static void main(String[] args) {
        List<String> rest = Arrays.asList(args);
        boolean framed = rest.contains("--framed");
        launch(framed ? new NettyFramedChapter() : new NettyChapter(),
                rest.stream().filter(arg -> !arg.equals("--framed")).toArray(String[]::new));
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.printf("  %-26s %s%n", "--framed", "speak length-prefixed frames (08-netty-framed)");
        }
    }

    static void launch(NettyChapter chapter, String[] args) {
        NETTY_LOG.setLevel(Level.INFO); // Netty's start-up details are DEBUG; keep the console about clients
        Launcher.run(chapter, args);
    }
}
