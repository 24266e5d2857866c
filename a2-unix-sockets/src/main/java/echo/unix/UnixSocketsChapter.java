package echo.unix;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;
import echo.selector.Processor;
import echo.selector.SelectorCounters;
import echo.selector.SelectorServer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Side chapter a2: chapter 05's server, unchanged, listening on a Unix domain socket file instead of a TCP port.
 * {@code mvn exec:java} listens on {@value #DEFAULT_SOCKET}; {@code --unix PATH} picks another file.
 */
public final class UnixSocketsChapter extends BaseChapter {
    static final String ID = "a2-unix-sockets";
    static final String DEFAULT_SOCKET = "/tmp/echo.sock";
    private static final AtomicInteger FRESH = new AtomicInteger();

    /**
     * Chapter 05's server on {@code config.unixSocket()}. Without one (the benchmarks pass a TCP configuration
     * with port 0, "any free port"), a fresh file in the temporary directory: the socket-file counterpart of an
     * ephemeral port. The server removes the file when it closes.
     */
    public UnixSocketsChapter() {
        super(ID, "the selector loop on a Unix domain socket", Protocol.RAW,
                Set.of(Promise.CONCURRENT_CLIENTS),
                Set.of(Option.UNIX, Option.MAX_PENDING),
                watched((config, watch) -> new SelectorServer(
                        config.unixSocket() != null ? config : config.withUnixSocket(freshSocketFile()),
                        ID, () -> Processor.RAW_ECHO, SelectorCounters.eventsFor(watch))));
    }

    public static void main(String[] args) {
        if (Arrays.stream(args).anyMatch(arg -> arg.equals("--port") || arg.startsWith("--port="))) {
            // Every chapter's Launcher takes --port; this one listens on a file and would silently ignore it.
            System.err.println(ID + ": --port does not apply: this chapter listens on a Unix socket file"
                    + " (--unix PATH, default " + DEFAULT_SOCKET + ")");
            System.exit(1);
        }
        boolean hasUnix = Arrays.stream(args).anyMatch(arg -> arg.equals("--unix") || arg.startsWith("--unix="));
        Launcher.run(new UnixSocketsChapter(), hasUnix ? args : prepend("--unix", DEFAULT_SOCKET, args));
    }

    private static Path freshSocketFile() {
        // Short on purpose: a socket file's path must fit in about 100 bytes (sun_path in struct sockaddr_un).
        return Path.of(System.getProperty("java.io.tmpdir"),
                "echo-" + ProcessHandle.current().pid() + "-" + FRESH.incrementAndGet() + ".sock");
    }

    private static String[] prepend(String flag, String value, String[] args) {
        String[] all = new String[args.length + 2];
        all[0] = flag;
        all[1] = value;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }
}
