package echo.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@code main} (a chapter's, or a client's) in a child JVM, as {@link LaunchContract} starts one: this test's class path, output to
 * files (so a child that never exits fails a bounded wait instead of hanging a read), killed when closed.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final long WAIT_SECONDS = 60;

    private final Process process;
    private final Path out;
    private final Path err;

    private ChildJvm(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static ChildJvm start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        return start(List.of(), System.getProperty("java.class.path"), jvmOptions, main, args);
    }

    /**
     * The same, with at most {@code maxOpenFiles} file descriptors ({@code ulimit -n}, through bash, which then
     * execs the JVM: same process, so {@link #pid()} is the JVM's). Linux and macOS.
     */
    public static ChildJvm startWithFileLimit(int maxOpenFiles, String classPath, Class<?> main, String... args)
            throws IOException {
        return start(List.of("bash", "-c", "ulimit -n " + maxOpenFiles + " && exec \"$@\"", "bash"), classPath,
                List.of(), main, args);
    }

    private static ChildJvm start(List<String> prefix, String classPath, List<String> jvmOptions, Class<?> main,
                                  String... args) throws IOException {
        Path out = Files.createTempFile("child-out", ".txt");
        Path err = Files.createTempFile("child-err", ".txt");
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new ChildJvm(process, out, err);
    }

    /** Waits (bounded) for the one line saying where the server listens. */
    public InetSocketAddress listeningAddress() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Matcher listening = LISTENING.matcher(stdout());
            if (listening.find()) {
                return new InetSocketAddress("127.0.0.1", Integer.parseInt(listening.group(1)));
            }
            assertTrue(process.isAlive(), "the server exited before listening; stderr: " + stderr());
            Thread.sleep(20);
        }
        return fail("the server did not say where it listens; stderr: " + stderr());
    }

    /** Waits (bounded) for the process to exit by itself, and returns its exit code. */
    public int exitCode() throws InterruptedException, IOException {
        assertTrue(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS),
                "the process should have exited by itself; stderr so far: " + stderr());
        return process.exitValue();
    }

    /**
     * SIGTERM (what Ctrl-C's cousin {@code kill}, and a service manager, send), then a bounded wait for the process
     * to exit by itself; returns its exit code. A server that cannot be stopped this way fails the test.
     */
    public int terminate() throws InterruptedException, IOException {
        process.destroy(); // SIGTERM on Linux and macOS
        return exitCode();
    }

    /**
     * Ctrl-C: SIGINT, then a bounded wait for the process to exit by itself; returns its exit code. Where this
     * build was started with SIGINT ignored (a background job of a script), the child inherits that and would never
     * see it: SIGTERM then, which runs the same shutdown hooks.
     */
    public int interrupt() throws InterruptedException, IOException {
        String signal = sigintIgnored() ? "-TERM" : "-INT";
        new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
        return exitCode();
    }

    /** Whether this JVM (and so a child it starts) ignores SIGINT: bit 2 of SigIgn in /proc/self/status. */
    public static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: assume the usual, SIGINT delivered
        }
        return false;
    }

    /** Waits (bounded) until the output so far, stdout and stderr together, holds {@code text}. */
    public void awaitOutput(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!(stdout() + stderr()).contains(text)) {
            assertTrue(process.isAlive(), "the process exited before printing '" + text + "'; stdout: " + stdout()
                    + "; stderr: " + stderr());
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' within " + WAIT_SECONDS + " s; stdout: "
                    + stdout() + "; stderr: " + stderr());
            Thread.sleep(20);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** How many file descriptors the process has open now (Linux: the entries of /proc/PID/fd). */
    public int openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) fds.count();
        }
    }

    public String stdout() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }
}
