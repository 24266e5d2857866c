package echo.testkit;

import echo.common.Chapter;
import echo.common.Frames;
import echo.common.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a reader meets on the command line, tested on the real {@code main} in a child JVM: one line saying where
 * the server listens, one line and exit code 1 for a mistake (never a stack trace), and a clean stop on Ctrl-C.
 */
// A separate thread: a read from a child that never exits would not notice a same-thread time-out.
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class LaunchContract {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern TRACE_LINE = Pattern.compile(" *\\d+\\.\\d{3} echo-(?!stats)\\S+  .+");

    protected abstract Chapter chapter();

    /** The class whose {@code main} a reader runs with {@code mvn exec:java}. */
    protected Class<?> mainClass() {
        return chapter().getClass();
    }

    @Test
    void helpListsTheOptionsAndExitsZero() throws Exception {
        Run run = runToEnd("--help");
        assertEquals(0, run.exit);
        assertTrue(run.out.contains("--port"), run.out);
    }

    /** Every chapter can be watched at work: {@code --trace} (and {@code --trace=bytes}) and {@code --stats}. */
    @Test
    void helpListsTraceAndStats() throws Exception {
        Run run = runToEnd("--help");
        assertEquals(0, run.exit);
        assertTrue(run.out.contains("--trace[=bytes]"), run.out);
        assertTrue(run.out.contains("--stats"), run.out);
    }

    @Test
    void aBadTraceValueIsOneLineAndExitCodeOne() throws Exception {
        assertOneLineError(runToEnd("--trace=loud"), "--trace");
    }

    @Test
    void aBadPortIsOneLineAndExitCodeOne() throws Exception {
        assertOneLineError(runToEnd("--port", "twenty"), "--port");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCodeOne() throws Exception {
        assertOneLineError(runToEnd("--frobnicate", "3"), "--frobnicate");
    }

    @Test
    void aPortInUseIsOneLineNamingThePort() throws Exception {
        // A TCP port and a UDP port of the same number are two different ports: squat on the one the chapter uses.
        try (Closeable squatter = chapter().protocol() == Protocol.DATAGRAM
                ? new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))
                : new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(squatter instanceof DatagramSocket udp
                    ? udp.getLocalPort() : ((ServerSocket) squatter).getLocalPort());
            assertOneLineError(runToEnd("--port", port), port);
        }
    }

    /** Starts on an ephemeral port, answers, and on Ctrl-C (SIGINT) closes and says so. */
    @Test
    void startsSaysWhereAndStopsCleanlyOnCtrlC() throws Exception {
        runTalkAndStop("--port", "0");
    }

    /**
     * With {@code --trace --stats} the server still says first where it listens (the trace's lines wait for it),
     * still answers and stops cleanly; a chapter that reports its events ({@link #traces()}) shows them.
     */
    @Test
    void tracedItStillSaysWhereFirstAnswersAndStops() throws Exception {
        List<String> after = runTalkAndStop("--port", "0", "--trace", "--stats");
        if (traces()) {
            assertTrue(after.stream().anyMatch(TRACE_LINE.asMatchPredicate()),
                    "expected trace lines (\"  12.345 thread  event\") after the listening line: " + after);
        }
    }

    /** Whether this chapter's server reports events to {@code --trace} (DESIGN.md, "How a chapter adds tracing"). */
    protected boolean traces() {
        return false;
    }

    /** Runs main with {@code args}, talks to it once, stops it with Ctrl-C; returns what it printed after line 1. */
    private List<String> runTalkAndStop(String... args) throws Exception {
        Process process = start(args);
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null, "the server printed nothing");
            Matcher listening = LISTENING.matcher(first);
            assertTrue(listening.find(), "the first line should say where it listens: " + first);
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(listening.group(1)));

            if (chapter().protocol() != Protocol.DATAGRAM) {
                try (TestClient client = TestClient.connect(address)) {
                    byte[] wire = chapter().protocol() == Protocol.FRAMED
                            ? Frames.encode("hi".getBytes()).array() : "hi".getBytes();
                    assertArrayEquals(wire, client.echo(wire));
                }
            } else {
                try (DatagramSocket client = new DatagramSocket()) {
                    client.setSoTimeout(30_000);
                    client.send(new java.net.DatagramPacket("hi".getBytes(), 2, address));
                    java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[16], 16);
                    client.receive(reply);
                    assertEquals("hi", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
                }
            }

            // Ctrl-C is SIGINT. Where this build was started with SIGINT ignored (a background job of a script),
            // the child inherits that and would never see it: send SIGTERM then, which runs the same shutdown path.
            String signal = sigintIgnored() ? "-TERM" : "-INT";
            new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Ctrl-C should stop the server");
            List<String> rest = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) {
                rest.add(line);
            }
            assertTrue(rest.stream().anyMatch(line -> line.endsWith(": stopped")), "expected a 'stopped' line: " + rest);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(err.contains("Exception"), "no stack trace on a clean stop: " + err);
            return rest;
        } finally {
            process.destroyForcibly();
        }
    }

    private static void assertOneLineError(Run run, String mentioning) {
        assertEquals(1, run.exit, "exit code; stderr was: " + run.err);
        List<String> lines = run.err.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr, no stack trace: " + run.err);
        assertTrue(lines.get(0).contains(mentioning), "the error should mention " + mentioning + ": " + lines.get(0));
    }

    /** Runs {@code main} to its end; output goes to files, so a child that never exits fails instead of hanging. */
    private Run runToEnd(String... args) throws Exception {
        Path out = Files.createTempFile("launch-out", ".txt");
        Path err = Files.createTempFile("launch-err", ".txt");
        try {
            List<String> command = command(args);
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertTrue(exited, "the process should exit by itself: " + String.join(" ", args));
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Whether this JVM (and so a child it starts) ignores SIGINT: bit 2 of SigIgn in /proc/self/status. */
    private static boolean sigintIgnored() {
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

    private Process start(String... args) throws IOException {
        return new ProcessBuilder(command(args)).start();
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                mainClass().getName()));
        command.addAll(List.of(args));
        return command;
    }

    private record Run(int exit, String out, String err) {
    }
}
