package echo.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
            assertEquals(2, JSON.readTree(result.toJson()).get("unserved").asInt(), result.toJson());
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

    /** What a script reads back: every field, an error sample with quotes and a newline, no NaN for "no data". */
    @Test
    void theJsonReadsBackWithEveryField() throws Exception {
        LoadResult result = new LoadResult("raw echo on 127.0.0.1:1", 3, 64, 68, 1, 2, 10, 1, 1, 0, Double.NaN,
                1.23456, 2, 3, 4, 5, List.of("connection 1: \"odd\"\nreply"));
        JsonNode json = JSON.readTree(result.toJson());
        assertEquals("raw echo on 127.0.0.1:1", json.get("target").asText());
        assertEquals(3, json.get("connections").asInt());
        assertEquals(68, json.get("messageBytes").asInt());
        assertEquals(5.0, json.get("messagesPerSecond").asDouble());
        assertEquals(1, json.get("connectionsLost").asInt());
        assertTrue(json.get("latencyMicros").get("mean").isNull(), result.toJson());
        assertEquals(1.235, json.get("latencyMicros").get("p50").asDouble());
        assertEquals(5.0, json.get("latencyMicros").get("max").asDouble());
        assertEquals("connection 1: \"odd\"\nreply", json.get("errorSamples").get(0).asText());
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
            assertEquals(1, json.lines().count(), "one JSON object on one line: " + json);
            JsonNode result = JSON.readTree(json);
            assertEquals(50, result.get("messages").asLong(), json);
            assertEquals(0, result.get("errors").asLong(), json);
            assertEquals(0, result.get("unserved").asInt(), json);
            assertEquals(2, result.get("connections").asInt(), json);
            assertEquals(64, result.get("payloadBytes").asInt(), json);
            JsonNode latency = result.get("latencyMicros");
            assertTrue(latency.get("p50").asDouble() > 0, json);
            assertTrue(latency.get("p50").asDouble() <= latency.get("p99.9").asDouble(), json);
            assertTrue(result.get("errorSamples").isArray() && result.get("errorSamples").isEmpty(), json);
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
    void helpListsEveryFlagTheParserAcceptsAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = LoadClient.run(new String[] {"--port", "1", "--help"}, new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String help = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        for (String flag : List.of("--host HOST", "--port N", "--unix PATH", "--framed", "--udp", "--connections N",
                "--size BYTES", "--duration SECONDS", "--count N", "--warmup SECONDS", "--timeout SECONDS", "--json",
                "--quiet", "--help")) {
            assertTrue(help.contains("\n  " + flag + " "), flag + " in: " + help);
        }
        assertTrue(help.contains("exit code: 0 when"), help);
    }

    @Test
    void badArgumentsAreOneLineAndExitCodeOne() {
        for (String[] args : List.of(new String[] {"--connections", "0"},
                new String[] {"--duration", "5", "--count", "3"},
                new String[] {"--udp", "--size", "70000"},
                new String[] {"--size", "-1"},
                new String[] {"--conections", "2"},
                new String[] {"--quiet=yes"},
                new String[] {"--count"})) {
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
