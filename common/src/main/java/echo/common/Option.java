package echo.common;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A command-line option a chapter may accept on top of {@code --port}, {@code --bind} and {@code --help}.
 * Each knows how to check its value and fold it into a {@link ServerConfig}; {@link CommandLine} parses them
 * (the same parser the clients use) and writes the help from them.
 */
public enum Option {
    PORT("--port", "N", "TCP port to listen on, 0 for any free port (default 20000)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            return c.withPort(parseInt(v, 0, 65535));
        }
    },
    BIND("--bind", "ADDRESS", "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            if (v.isBlank()) {
                throw new UsageException("--bind needs an address, e.g. 127.0.0.1");
            }
            return c.withBindAddress(v);
        }
    },
    POOL("--pool", "N", "worker threads in the pool (default 16)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            return c.withPoolSize(parseInt(v, 1, 100_000));
        }
    },
    QUEUE("--queue", "N", "connections that may wait for a free worker before new ones are refused (default 64)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            return c.withQueueSize(parseInt(v, 0, 1_000_000));
        }
    },
    IDLE_TIMEOUT("--idle-timeout", "SECONDS", "close a connection silent this long, 0 for never (default 5)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            return c.withIdleTimeout(Duration.ofSeconds(parseInt(v, 0, (int) ServerConfig.MAX_IDLE_TIMEOUT.toSeconds())));
        }
    },
    MAX_CONNECTIONS("--max-connections", "N", "refuse connections beyond this many, 0 for no limit (default 0)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            return c.withMaxConnections(parseInt(v, 0, Integer.MAX_VALUE));
        }
    },
    MAX_PENDING("--max-pending", "BYTES", "output buffered for a slow reader before reading from it pauses (default 65536)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            return c.withMaxPendingBytes(parseInt(v, 1, Integer.MAX_VALUE));
        }
    },
    MAX_FRAME("--max-frame", "BYTES", "largest frame payload accepted (default 1048576)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            return c.withMaxFrame(parseInt(v, 0, Integer.MAX_VALUE - Frames.HEADER_BYTES));
        }
    },
    TRANSPORT("--transport", "nio|epoll|io_uring", "how the event loop waits for sockets: nio (default, the JDK's"
            + " Selector), epoll or io_uring (Linux only)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            return c.withTransport(Transport.of(v));
        }
    },
    UNIX("--unix", "PATH", "listen on a Unix domain socket file instead of a TCP port") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            if (v.isBlank()) {
                throw new UsageException("--unix needs a file path, e.g. /tmp/echo.sock");
            }
            return c.withUnixSocket(Path.of(v));
        }
    },
    REACTORS("--reactors", "N", "selector threads serving connections (default: one per core)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            return c.withReactors(parseInt(v, 1, ServerConfig.MAX_REACTORS));
        }
    },
    // The two ways to watch a server work (DESIGN.md, "How a chapter adds tracing"). Every chapter accepts them.
    // They tell the Watch the launcher builds (Launcher.watch), not the server: apply() leaves the config as it is.
    TRACE("--trace", "bytes", "print one line per event (payload lengths only; =bytes adds a short preview)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            if (v != null && !v.equals("bytes")) {
                throw new UsageException("--trace takes no value, or =bytes for a preview of the payload; got '"
                        + v + "'");
            }
            return c;
        }

        @Override
        public CommandLine.Flag asFlag() {
            return CommandLine.Flag.switchWithOptionalValue(flag(), argName(), help());
        }
    },
    STATS("--stats", null, "print one status line a second (connections, threads, CPU...)") {
        @Override
        ServerConfig apply(ServerConfig c, String v) {
            return c;
        }
    };

    private final String flag;
    private final String argName;
    private final String help;

    /** {@code argName} is the value's placeholder in the help ({@code N}), or null for a switch with no value. */
    Option(String flag, String argName, String help) {
        this.flag = flag;
        this.argName = argName;
        this.help = help;
    }

    public String flag() {
        return flag;
    }

    public String argName() {
        return argName;
    }

    public String help() {
        return help;
    }

    /** The option a flag of {@link #asFlag()} stands for. */
    static Option forFlag(CommandLine.Flag flag) {
        for (Option option : values()) {
            if (option.flag.equals(flag.name())) {
                return option;
            }
        }
        throw new IllegalArgumentException("no option " + flag.name());
    }

    /** This option as {@link CommandLine} parses it and lists it in the help. */
    public CommandLine.Flag asFlag() {
        return new CommandLine.Flag(flag, argName, help);
    }

    /** The config with this option's value folded in ({@code value} is null for a switch). */
    abstract ServerConfig apply(ServerConfig config, String value);

    int parseInt(String value, int min, int max) {
        return (int) CommandLine.number(flag, value, min, max);
    }
}
