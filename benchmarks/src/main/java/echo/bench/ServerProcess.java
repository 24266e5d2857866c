package echo.bench;

import echo.common.Chapter;
import echo.common.Chapters;
import echo.common.EchoServer;
import echo.common.Launcher;
import echo.common.Logs;
import echo.common.ServerConfig;
import echo.common.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A chapter's server in a JVM of its own, so that its CPU time, threads and memory can be read from
 * {@code /proc/PID} with nothing else mixed in. Both ends are here: {@link #main} runs in the child, and
 * {@link #start} is the runner's handle on it.
 *
 * <p>They talk in lines. The child prints {@code READY PID tcp 127.0.0.1 PORT} (or {@code READY PID unix PATH})
 * once it accepts connections, or {@code UNAVAILABLE REASON} when a variant's options cannot be had here (an
 * option its chapter does not know, a native transport this machine lacks); on {@code heap} it collects garbage and prints {@code HEAP USED_BYTES}; on
 * {@code stop}, or when its input ends (the runner went away), it closes the server and exits.
 */
final class ServerProcess implements AutoCloseable {
    /** The server's configuration in every measurement: loopback, any free port, and never an idle time-out. */
    static ServerConfig config() {
        // No idle time-out: a held idle connection must stay open for the memory figures. A backlog as large as
        // the kernel allows (somaxconn), so 10,000 connections opened in a burst are not dropped while they wait.
        return ServerConfig.defaults().withPort(0).withIdleTimeout(Duration.ZERO).withBacklog(4096);
    }

    /** The child's JVM options: the same for every chapter, so their memory figures compare. */
    static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx2g", "-Djava.net.preferIPv4Stack=true",
            "-Decho.log.level=WARNING");

    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private SocketAddress address;
    private String where;

    private ServerProcess(Process process) {
        this.process = process;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The process ended; whoever waits for a line times out with a clear message.
            }
            lines.add("EXITED");
        }, "server-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The subject's server could not be had with its options here: a skip with a reason, not a failure. */
    static final class Unavailable extends IOException {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason);
        }
    }

    /**
     * Starts the subject's server in a new JVM with the given class path; returns once it accepts connections.
     *
     * @throws Unavailable if the child said its options cannot be had on this machine
     */
    static ServerProcess start(Subject subject, String classPath) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", classPath, ServerProcess.class.getName(), subject.chapter().id()));
        command.addAll(subject.args());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ServerProcess server = new ServerProcess(process);
        String ready;
        try {
            ready = server.awaitLine("READY", START_LIMIT);
        } catch (Unavailable e) {
            server.close();
            throw new Unavailable(subject.id() + ": " + e.getMessage());
        }
        String[] words = ready.split(" ", 3); // READY, PID, then where: "tcp HOST PORT" or "unix PATH"
        server.where = words[2];
        server.address = address(server.where);
        return server;
    }

    /** Where a server listens, from {@link #where()}: "tcp HOST PORT" or "unix PATH". */
    static SocketAddress address(String where) {
        String[] words = where.split(" ", 2);
        if (words[0].equals("unix")) {
            return UnixDomainSocketAddress.of(words[1]);
        }
        String[] hostAndPort = words[1].split(" ");
        return new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1]));
    }

    /** Where it listens, as one line another JVM can read back with {@link #address(String)}. */
    String where() {
        return where;
    }

    SocketAddress address() {
        return address;
    }

    long pid() {
        return process.pid();
    }

    /** Heap in use after a full collection: live objects only, which is what grows with connections. */
    long heapUsedAfterGc() throws IOException {
        commands.write("heap\n");
        commands.flush();
        return Long.parseLong(awaitLine("HEAP", ANSWER_LIMIT).split(" ")[1]);
    }

    private String awaitLine(String prefix, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IOException("server process " + pid() + " said nothing for " + limit.toSeconds() + " s");
                }
                if (line.equals("EXITED")) {
                    throw new IOException("server process " + pid() + " exited (code " + process.waitFor() + ")");
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
                if (line.startsWith("UNAVAILABLE ")) {
                    throw new Unavailable(line.substring("UNAVAILABLE ".length()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the server process");
        }
    }

    /** Asks the server to stop and waits for its JVM to end; kills it if it will not. */
    @Override
    public void close() {
        try {
            commands.write("stop\n");
            commands.close();
        } catch (IOException alreadyGone) {
            // Its input is closed: it is stopping anyway.
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                System.err.println("server process " + pid() + " did not stop within 20 s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * The configuration a subject's server runs with: its options read as its own command line would read them,
     * then the measurement's fixed settings of {@link #config()} (any port, no idle time-out, a deep backlog).
     */
    static ServerConfig config(Chapter chapter, List<String> options) {
        ServerConfig c = Launcher.parse(chapter, options.toArray(String[]::new));
        ServerConfig fixed = config();
        return c.withPort(fixed.port()).withIdleTimeout(fixed.idleTimeout()).withBacklog(fixed.backlog());
    }

    /** The child: {@code java -cp ... echo.bench.ServerProcess CHAPTER_ID [SERVER_OPTIONS...]}. */
    public static void main(String[] args) throws IOException {
        Logs.init();
        PrintStream out = System.out;
        if (args.length < 1) {
            System.err.println("usage: java -cp benchmarks.jar echo.bench.ServerProcess CHAPTER_ID [OPTIONS...]");
            System.exit(1);
        }
        Chapter chapter = Chapters.byId(args[0]);
        List<String> options = List.of(args).subList(1, args.length);
        EchoServer server;
        try {
            server = chapter.create(config(chapter, options));
        } catch (UsageException | IllegalArgumentException e) {
            unavailable(out, e.getMessage()); // e.g. "unknown option '--transport' for 08-netty"
            return;
        }
        try {
            server.start();
        } catch (IOException | RuntimeException | LinkageError e) {
            if (options.isEmpty()) {
                System.err.println(chapter.id() + ": " + e.getMessage());
                System.exit(1);
            }
            // With options (a variant): most likely what they ask for is missing here, e.g. a native transport
            // on a kernel without it (08 says so with an IOException). A skip with its reason; anything else
            // also leaves its trace on stderr, in case it is a bug.
            if (!(e instanceof IOException)) {
                e.printStackTrace();
            }
            unavailable(out, String.join(" ", options) + ": " + e.getMessage());
            return;
        }
        SocketAddress address = server.address();
        long pid = ProcessHandle.current().pid();
        out.println(address instanceof InetSocketAddress inet
                ? "READY " + pid + " tcp " + inet.getAddress().getHostAddress() + " " + inet.getPort()
                : "READY " + pid + " unix " + ((UnixDomainSocketAddress) address).getPath());
        out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = in.readLine()) != null && !command.equals("stop")) {
            if (command.equals("heap")) {
                System.gc();
                out.println("HEAP " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                out.flush();
            }
        }
        server.close();
        System.exit(0); // a chapter's stray non-daemon thread must not keep this JVM alive
    }

    private static void unavailable(PrintStream out, String reason) {
        out.println("UNAVAILABLE " + reason.replace('\n', ' '));
        out.flush();
        System.exit(3);
    }
}
