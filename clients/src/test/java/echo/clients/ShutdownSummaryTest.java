package echo.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import echo.testkit.ChildJvm;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load client's real {@code main} in a child JVM, stopped by a signal as a user stops it with Ctrl-C: it
 * prints the summary of what it measured so far, once, and exits. A run that ends by itself prints its summary
 * once too, and exits: the Ctrl-C hook neither prints a second summary nor holds up the exit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShutdownSummaryTest {
    private static final Pattern MESSAGES = Pattern.compile("\\n  messages  ([0-9,]+)  \\(");

    /** A long run (10 minutes) that the test stops once the client says it is measuring. */
    private static ChildJvm longRun(TestServer server, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--port", String.valueOf(server.port()),
                "--connections", "2", "--warmup", "0", "--duration", "600"));
        args.addAll(List.of(more));
        ChildJvm client = ChildJvm.start(List.of(), LoadClient.class, args.toArray(String[]::new));
        client.awaitOutput("measuring]"); // the first progress line: a second of round trips measured
        return client;
    }

    @Test
    void sigtermPrintsThePartialSummaryOnce() throws Exception {
        try (TestServer server = TestServer.echo(); ChildJvm client = longRun(server)) {
            assertEquals(143, client.terminate(), "killed by SIGTERM (128 + 15); stderr: " + client.stderr());
            String out = client.stdout();
            assertPartialSummary(out);
            assertTrue(messages(out) > 0, "round trips were measured before the signal: " + out);
            assertTrue(out.contains("  errors    0 (every echoed byte checked)"),
                    "closing the connections to stop is no error: " + out);
        }
    }

    @Test
    void ctrlCPrintsThePartialSummaryOnce() throws Exception {
        try (TestServer server = TestServer.echo(); ChildJvm client = longRun(server)) {
            int code = client.interrupt();
            assertTrue(code == 130 || code == 143, "killed by SIGINT (130), or SIGTERM where SIGINT is ignored: "
                    + code);
            assertPartialSummary(client.stdout());
        }
    }

    /**
     * Against a server that never answers, every worker sits in a read with 10 s to go before the reply time-out:
     * the stop closes the connections, so the summary comes at once, and those reads are neither errors nor lost
     * connections, while both connections, never echoed, are unserved.
     */
    @Test
    void aStopIsNotHeldUpByConnectionsWaitingForAReply() throws Exception {
        try (TestServer server = TestServer.silent(); ChildJvm client = longRun(server, "--timeout", "600")) {
            client.terminate();
            String out = client.stdout();
            assertPartialSummary(out);
            assertEquals(0, messages(out), out);
            assertTrue(out.contains("  errors    0\n"), out);
            assertTrue(out.contains("  unserved  2 of 2: connected but never echoed\n"), out);
            assertFalse(out.contains("ended early"), out);
        }
    }

    @Test
    void withJsonStdoutStaysOneObjectAndTheNoticeGoesToStderr() throws Exception {
        try (TestServer server = TestServer.echo(); ChildJvm client = longRun(server, "--json")) {
            client.terminate();
            String out = client.stdout().strip();
            assertEquals(1, out.lines().count(), out);
            JsonNode json = new ObjectMapper().readTree(out);
            assertTrue(json.get("messages").asLong() > 0, out);
            assertTrue(json.get("seconds").asDouble() > 0, out);
            assertEquals(0, json.get("errors").asLong(), out);
            assertTrue(client.stderr().contains(LoadClient.STOPPED_EARLY), client.stderr());
        }
    }

    @Test
    void aRunThatEndsByItselfPrintsOneSummaryAndExits() throws Exception {
        try (TestServer server = TestServer.echo(); ChildJvm client = ChildJvm.start(List.of(), LoadClient.class,
                "--port", String.valueOf(server.port()), "--count", "20", "--warmup", "0", "--quiet")) {
            assertEquals(0, client.exitCode(), client.stderr());
            String out = client.stdout();
            assertEquals(1, count(out, "load: "), out);
            assertFalse(out.contains(LoadClient.STOPPED_EARLY), out);
            assertEquals(20, messages(out), out);
        }
    }

    private static void assertPartialSummary(String out) {
        assertEquals(1, count(out, LoadClient.STOPPED_EARLY), "the notice once: " + out);
        assertEquals(1, count(out, "load: "), "the summary once: " + out);
        assertTrue(out.indexOf(LoadClient.STOPPED_EARLY) < out.indexOf("load: "), out);
        assertTrue(out.contains(" msgs/s, "), out);
        assertTrue(out.contains("  latency   p50 "), out);
        assertTrue(out.contains("  errors    "), out);
    }

    private static long messages(String out) {
        Matcher m = MESSAGES.matcher(out);
        assertTrue(m.find(), "no messages line: " + out);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
