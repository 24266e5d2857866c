package echo.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import echo.common.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Counts and correctness only: speed is never asserted (the machine is shared). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadClientTest {

    static LoadOptions counted(SocketAddress server, Protocol protocol, int connections, int size, long count) {
        return LoadOptions.defaults(new Target(server, protocol))
                .withConnections(connections)
                .withPayloadSize(size)
                .withWarmup(Duration.ZERO)
                .withCountPerConnection(count)
                .withProgress(false);
    }

    @Test
    void countsEveryRoundTripAndFindsNoErrorsOnAnHonestServer() throws Exception {
        try (TestServer server = TestServer.echo()) {
            LoadResult result = LoadClient.run(counted(server.address(), Protocol.RAW, 4, 4096, 50));
            assertEquals(200, result.messages());
            assertEquals(0, result.errors(), result.errorSamples().toString());
            assertEquals(0, result.connectionsLost());
            assertEquals(0, result.unserved(), result.summary());
            assertTrue(result.p50Micros() > 0 && result.p50Micros() <= result.maxMicros());
        }
    }

    @Test
    void largeMessagesAreReadWhole() throws Exception {
        // 256 KiB replies arrive over many reads; counting one read as one echo would overcount.
        try (TestServer server = TestServer.echo()) {
            LoadResult result = LoadClient.run(counted(server.address(), Protocol.RAW, 2, 256 * 1024, 5));
            assertEquals(10, result.messages());
            assertEquals(0, result.errors(), result.errorSamples().toString());
        }
    }

    @Test
    void framedRoundTrips() throws Exception {
        try (TestServer server = TestServer.echo()) {
            LoadResult result = LoadClient.run(counted(server.address(), Protocol.FRAMED, 3, 100, 20));
            assertEquals(60, result.messages());
            assertEquals(104, result.messageBytes());
            assertEquals(0, result.errors(), result.errorSamples().toString());
        }
    }

    @Test
    void datagramRoundTrips() throws Exception {
        try (TestServer server = TestServer.udpEcho()) {
            LoadResult result = LoadClient.run(counted(server.address(), Protocol.DATAGRAM, 2, 512, 20));
            assertEquals(40, result.messages());
        }
    }

    @Test
    void aCorruptingServerIsCaught() throws Exception {
        try (TestServer server = TestServer.corrupting()) {
            LoadResult result = LoadClient.run(counted(server.address(), Protocol.RAW, 2, 64, 10));
            assertEquals(20, result.messages());
            assertEquals(20, result.errors(), "every message had a flipped byte");
            assertTrue(result.errorSamples().get(0).contains("wrong byte at offset 63 of 64"),
                    result.errorSamples().toString());
            assertEquals(LoadClient.ERROR_SAMPLES, result.errorSamples().size());
        }
    }

    @Test
    void aServerThatHangsUpLosesEveryConnection() throws Exception {
        try (TestServer server = TestServer.hangingUp()) {
            LoadResult result = LoadClient.run(counted(server.address(), Protocol.RAW, 3, 64, 10));
            assertEquals(0, result.messages());
            assertEquals(3, result.connectionsLost());
            assertEquals(3, result.errors());
            assertTrue(result.errorSamples().get(0).contains("server closed the connection"),
                    result.errorSamples().toString());
        }
    }

    @Test
    void aServerThatNeverAnswersIsCutOffAtTheReplyTimeout() throws Exception {
        try (TestServer server = TestServer.silent()) {
            LoadResult result = LoadClient.run(counted(server.address(), Protocol.RAW, 2, 64, 10)
                    .withReplyTimeout(Duration.ofMillis(300)));
            assertEquals(0, result.messages());
            assertEquals(2, result.connectionsLost());
            assertEquals(2, result.errors(), result.errorSamples().toString());
            assertTrue(result.errorSamples().get(0).contains("no reply within"), result.errorSamples().toString());
        }
    }

    /**
     * Connections are opened one after another, so the first is the one served. The others never get an echo:
     * "unserved", which the summary and the JSON say, and which fails the run (exit code 2).
     */
    @Test
    void unservedConnectionsAreCounted() throws Exception {
        try (TestServer server = TestServer.servesTheFirstOnly()) {
            LoadResult result = LoadClient.run(LoadOptions.defaults(new Target(server.address(), Protocol.RAW))
                    .withConnections(3).withWarmup(Duration.ZERO).withDuration(Duration.ofSeconds(1))
                    .withReplyTimeout(Duration.ofSeconds(2)).withProgress(false));
            assertEquals(2, result.unserved(), result.summary());
            assertTrue(result.messages() > 0, "the first connection was served: " + result.summary());
            assertFalse(result.clean());
            assertTrue(result.summary().contains("  unserved  2 of 3: connected but never echoed\n"),
                    result.summary());
            assertTrue(result.toJson().contains("\"unserved\": 2"), result.toJson());
        }
    }

    /** Unserved connections alone, with no error at all, still fail the run (and the summary does not say "checked"). */
    @Test
    void unservedAloneIsNotAClean() {
        LoadResult result = new LoadResult("127.0.0.1:1", 20, 64, 64, 0, 10, 1000, 0, 0, 4, 1, 1, 1, 1, 1, 1,
                List.of());
        assertFalse(result.clean());
        assertTrue(result.summary().contains("  errors    0\n  unserved  4 of 20: connected but never echoed\n"),
                result.summary());
        assertTrue(new LoadResult("127.0.0.1:1", 20, 64, 64, 0, 10, 1000, 0, 0, 0, 1, 1, 1, 1, 1, 1, List.of())
                .clean());
    }

    @Test
    void theListenerSeesTheMeasuredWindowOpenThenClose() throws Exception {
        List<String> events = new ArrayList<>();
        try (TestServer server = TestServer.echo()) {
            LoadOptions options = LoadOptions.defaults(new Target(server.address(), Protocol.RAW))
                    .withWarmup(Duration.ofMillis(200))
                    .withDuration(Duration.ofSeconds(1))
                    .withConnections(2);
            LoadResult result = LoadClient.run(options, new LoadClient.Listener() {
                @Override
                public void measurementStarted() {
                    events.add("started");
                }

                @Override
                public void measurementEnded() {
                    events.add("ended");
                }
            });
            assertEquals(List.of("started", "ended"), events);
            assertTrue(result.messages() > 0);
            assertEquals(0, result.errors(), result.errorSamples().toString());
            assertTrue(result.seconds() >= 1.0, "measured for the whole duration: " + result.seconds());
        }
    }

    @Test
    void theCommandLinePrintsJsonAndExitsZero() throws Exception {
        try (TestServer server = TestServer.echo()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = LoadClient.run(new String[] {"--port", String.valueOf(server.port()), "--connections", "2",
                "--count", "25", "--warmup", "0", "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String json = out.toString(StandardCharsets.UTF_8).strip();
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            assertTrue(json.startsWith("{") && json.endsWith("}"), json);
            assertTrue(json.contains("\"messages\": 50"), json);
            assertTrue(json.contains("\"errors\": 0"), json);
            assertTrue(json.contains("\"unserved\": 0"), json);
        }
    }

    @Test
    void theCommandLineExitsTwoWhenEchoesAreWrong() throws Exception {
        try (TestServer server = TestServer.corrupting()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = LoadClient.run(new String[] {"--port", String.valueOf(server.port()), "--count", "3",
                "--warmup", "0", "--quiet"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(2, code);
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("errors    3"), text);
            assertTrue(text.contains("wrong byte at offset 63 of 64"), text);
        }
    }

    @Test
    void badArgumentsAreOneLineAndExitCodeOne() {
        for (String[] args : List.of(new String[] {"--connections", "0"},
                new String[] {"--duration", "5", "--count", "3"},
                new String[] {"--udp", "--size", "70000"},
                new String[] {"--size", "-1"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = LoadClient.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, code, String.join(" ", args));
            assertEquals(1, message.strip().lines().count(), message);
            assertTrue(message.startsWith("load client: "), message);
        }
    }
}
