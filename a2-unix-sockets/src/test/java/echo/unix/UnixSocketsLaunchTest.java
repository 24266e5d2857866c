package echo.unix;

import echo.testkit.ChildJvm;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chapter's main in a child JVM: it says where it listens and how to talk to it; Ctrl-C removes the file. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnixSocketsLaunchTest {
    @TempDir
    Path dir;

    @Test
    void listensOnTheFileSaysNcDashUAndCleansUpOnCtrlC() throws Exception {
        Path file = dir.resolve("echo.sock");
        // ChildJvm, as LaunchContract does: output to files, and Ctrl-C that still arrives when this build runs
        // as a background job of a script (SIGINT ignored, inherited by the child: a loaded run saw the server
        // never stop).
        try (ChildJvm server = ChildJvm.start(List.of(), UnixSocketsChapter.class, "--unix", file.toString())) {
            server.awaitOutput("listening on " + file);
            String first = server.stdout().lines().findFirst().orElseThrow();
            assertTrue(first.contains("listening on " + file), "where it listens: " + first);
            assertTrue(first.contains("nc -U " + file), "how to talk to it: " + first);
            try (TestClient client = TestClient.connect(UnixDomainSocketAddress.of(file))) {
                assertArrayEquals("hi\n".getBytes(), client.echo("hi\n".getBytes()));
            }

            server.interrupt(); // fails unless it exits by itself, bounded
            List<String> lines = (server.stdout() + server.stderr()).lines().toList();
            assertTrue(lines.stream().anyMatch(line -> line.endsWith(": stopped")), "a 'stopped' line: " + lines);
            assertTrue(Files.notExists(file), "the socket file is removed on the way out");
        }
    }

    /** --port means nothing here: rejected in one line and exit code 1, not silently ignored. */
    @Test
    void aPortIsRejectedInOneLine() throws Exception {
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), UnixSocketsChapter.class.getName(),
                "--unix", dir.resolve("never.sock").toString(), "--port", "20000")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), err);
        List<String> lines = err.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), "one line, no stack trace: " + err);
        assertTrue(lines.get(0).contains("--port does not apply"), lines.get(0));
        assertTrue(Files.notExists(dir.resolve("never.sock")), "and it does not start");
    }

    @Test
    void helpMentionsUnix() throws Exception {
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), UnixSocketsChapter.class.getName(), "--help").start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertTrue(out.contains("--unix PATH"), out);
    }
}
