package echo.common;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What every chapter's {@code main} does: read the options, start the server, say in one line where it listens
 * and how to talk to it, and on Ctrl-C close it cleanly. A user's mistake (a bad option, a port in use) is one
 * line on stderr and exit code 1, never a stack trace.
 *
 * <p>A server that dies stops the process, loudly. A thread of the server that ends with an uncaught throwable
 * (an {@link Error} such as {@link OutOfMemoryError} on a selector loop, or a bug nobody caught) leaves a process
 * that is up, holds its port and serves nobody. So {@link #run} installs the JVM's default uncaught-exception
 * handler, which every thread without a handler of its own reaches as it dies: it logs one ERROR line naming the
 * thread and the cause, then the stack trace (a bug's trace is never lost), and wakes the main thread, which
 * closes the server (every connection) and exits with code 1. Nothing in a chapter has to take part: whichever
 * thread of whichever chapter dies, this is what happens.
 */
public final class Launcher {
    private static final Set<Option> ALWAYS = EnumSet.of(Option.PORT, Option.BIND, Option.TRACE, Option.STATS);

    private Launcher() {
    }

    public static void run(Chapter chapter, String[] args) {
        Logs.showConnections();
        ServerConfig config;
        Watch watch;
        try {
            config = parse(chapter, args);
            watch = watch(chapter, args, System.out);
        } catch (HelpRequested help) {
            System.out.print(usage(chapter));
            return;
        } catch (UsageException | IllegalArgumentException e) {
            fail(chapter, e.getMessage() + " (try --help)");
            return;
        }

        EchoServer server = chapter.create(config, watch);
        CompletableFuture<Thread> died = new CompletableFuture<>();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            try {
                // One ERROR line, then the stack trace (Logs prints the trace of a record's throwable).
                Logs.logger(chapter.id()).log(System.Logger.Level.ERROR,
                        "thread " + thread.getName() + " died, stopping the server: " + failure, failure);
            } finally {
                died.complete(thread); // on the dying thread: only wake the main thread, which may join this one
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            server.close();
            fail(chapter, e.getMessage());
            return;
        }

        // Ctrl-C (SIGINT) or SIGTERM: the JVM runs this hook, then exits, whatever the main thread is doing.
        Stats stats = new Stats(watch.sources(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stats.close();
            watch.trace().close(); // the last lines, and how many were not shown
            System.out.println(chapter.id() + ": stopped");
        }, "echo-shutdown"));
        System.out.println(howToTalk(chapter, server.address()));
        // Only now: lines of events before this one waited in the trace's queue, so "listening on" comes first.
        watch.trace().start();
        if (watch.stats()) {
            stats.start();
        }
        died.join(); // the server runs on its own threads; this one waits in case one of them dies
        server.close();
        System.exit(1);
    }

    /** The configuration the arguments ask for, starting from {@link ServerConfig#defaults()}. */
    public static ServerConfig parse(Chapter chapter, String... args) {
        ServerConfig config = ServerConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested();
            }
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Option option = accepted(chapter, arg);
            if (option.isSwitch()) {
                switchValue(option, value); // checked here; watch() reads it
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value: " + arg + " " + option.argName());
                }
                value = args[++i];
            }
            config = option.apply(config, value);
        }
        return config;
    }

    /**
     * What {@code --trace}, {@code --trace=bytes} and {@code --stats} ask to watch (the arguments must have passed
     * {@link #parse}); trace lines go to {@code out}.
     */
    public static Watch watch(Chapter chapter, String[] args, java.io.PrintStream out) {
        String trace = null;
        boolean stats = false;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String flag = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            String value = arg.startsWith("--") && eq > 0 ? arg.substring(eq + 1) : null;
            if (flag.equals(Option.TRACE.flag())) {
                trace = switchValue(Option.TRACE, value);
            } else if (flag.equals(Option.STATS.flag())) {
                stats = true;
            }
        }
        return new Watch(trace == null ? Trace.OFF : Trace.printingTo(out, trace.equals("bytes")), stats);
    }

    private static String switchValue(Option option, String value) {
        if (option == Option.TRACE && (value == null || value.equals("bytes"))) {
            return value == null ? "" : value;
        }
        if (option == Option.STATS && value == null) {
            return "";
        }
        throw new UsageException(option == Option.TRACE
                ? "--trace takes no value, or =bytes for a preview of the payload; got '" + value + "'"
                : option.flag() + " takes no value, got '" + value + "'");
    }

    /** The text {@code --help} prints. */
    public static String usage(Chapter chapter) {
        StringBuilder text = new StringBuilder()
                .append(chapter.id()).append(": ").append(chapter.title()).append('\n')
                .append("usage: mvn exec:java -Dexec.args=\"[options]\"   (in the chapter's folder)\n")
                .append("options:\n");
        for (Option option : Option.values()) {
            if (ALWAYS.contains(option) || chapter.options().contains(option)) {
                String synopsis = option.isSwitch() ? option.flag() + option.argName() : option.flag() + " " + option.argName();
                text.append(String.format("  %-26s %s%n", synopsis, option.help()));
            }
        }
        text.append(String.format("  %-26s %s%n", "--help", "print this and exit"));
        return text.toString();
    }

    /** The one line printed once the server listens: where, and the exact command to talk to it. */
    public static String howToTalk(Chapter chapter, SocketAddress address) {
        String where = Net.describe(address);
        String clientArgs;
        String nc;
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress().isAnyLocalAddress() ? "127.0.0.1" : inet.getAddress().getHostAddress();
            clientArgs = "--host " + host + " --port " + inet.getPort();
            nc = (chapter.protocol() == Protocol.DATAGRAM ? "nc -u " : "nc ") + host + " " + inet.getPort();
        } else {
            clientArgs = "--unix " + where;
            nc = "nc -U " + where;
        }
        String client = "mvn -q -pl clients exec:java -Dexec.args=\"" + clientArgs
                + switch (chapter.protocol()) {
                    case FRAMED -> " --framed";
                    case DATAGRAM -> " --udp";
                    case RAW -> "";
                } + "\"";
        String talk = chapter.protocol() == Protocol.FRAMED
                ? "talk to it (from the repository root): " + client
                : "talk to it: " + nc + "   or, from the repository root: " + client;
        return chapter.id() + " (" + chapter.title() + ") listening on " + where + "; " + talk + "; Ctrl-C stops it";
    }

    private static Option accepted(Chapter chapter, String flag) {
        for (Option option : Option.values()) {
            if (option.flag().equals(flag) && (ALWAYS.contains(option) || chapter.options().contains(option))) {
                return option;
            }
        }
        throw new UsageException("unknown option '" + flag + "' for " + chapter.id());
    }

    private static void fail(Chapter chapter, String message) {
        PrintStream err = System.err;
        err.println(chapter.id() + ": " + message);
        err.flush();
        System.exit(1);
    }

    /** {@code --help}: not an error, but parsing stops there. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help requested", null, false, false);
        }
    }
}
