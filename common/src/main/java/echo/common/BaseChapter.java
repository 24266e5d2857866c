package echo.common;

import java.util.Set;
import java.util.function.Function;

/**
 * A chapter described by its facts, so that a chapter's class is its constructor and its {@code main}:
 *
 * <pre>{@code
 * public final class BlockingChapter extends BaseChapter {
 *     public BlockingChapter() {
 *         super("01-blocking", "blocking, one client at a time", Protocol.RAW, Set.of(), Set.of(), BlockingServer::new);
 *     }
 * }
 * }</pre>
 *
 * <p>A chapter whose server reports its events (DESIGN.md, "How a chapter adds tracing") passes a factory that is
 * also given the {@link Watch}: {@code watched((config, watch) -> new BlockingServer(config,
 * BlockingWatcher.of(watch)))}.
 */
public abstract class BaseChapter implements Chapter {
    private final String id;
    private final String title;
    private final Protocol protocol;
    private final Set<Promise> promises;
    private final Set<Option> options;
    private final Function<ServerConfig, EchoServer> server;

    protected BaseChapter(String id, String title, Protocol protocol, Set<Promise> promises, Set<Option> options,
                          Function<ServerConfig, EchoServer> server) {
        this.id = id;
        this.title = title;
        this.protocol = protocol;
        this.promises = Set.copyOf(promises);
        this.options = Set.copyOf(options);
        this.server = server;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Protocol protocol() {
        return protocol;
    }

    @Override
    public final Set<Promise> promises() {
        return promises;
    }

    @Override
    public final Set<Option> options() {
        return options;
    }

    @Override
    public final EchoServer create(ServerConfig config) {
        return create(config, Watch.NONE);
    }

    @Override
    public final EchoServer create(ServerConfig config, Watch watch) {
        return server instanceof Watched watched ? watched.create(config, watch) : server.apply(config);
    }

    /**
     * A server factory that is told what is watched. It is still a {@code Function} (the constructor takes one):
     * a second constructor taking a two-argument factory would make {@code SomeServer::new} ambiguous for every
     * server with a two-argument constructor.
     */
    @FunctionalInterface
    protected interface Watched extends Function<ServerConfig, EchoServer> {
        EchoServer create(ServerConfig config, Watch watch);

        @Override
        default EchoServer apply(ServerConfig config) {
            return create(config, Watch.NONE);
        }
    }

    /** {@code factory}, typed so that the lambda's two parameters are the config and the {@link Watch}. */
    protected static Watched watched(Watched factory) {
        return factory;
    }

    @Override
    public String toString() {
        return id;
    }
}
