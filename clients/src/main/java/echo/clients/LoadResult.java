package echo.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * What a load run measured, over the measured window only (warm-up excluded). Latencies are round-trip times in
 * microseconds, merged from every connection's histogram.
 *
 * @param connections      connections asked for
 * @param connectionsLost  connections that ended early (closed, reset, timed out or out of step)
 * @param messages         round trips completed in the measured window, right or wrong
 * @param errors           wrong echoes plus connections lost plus (UDP) datagrams lost
 * @param unserved         connections that were open but got no echo at all in the measured window: a server
 *                         that queues connections it cannot serve (03 past its pool) leaves them waiting, which
 *                         is no wrong byte and may be no lost connection either, yet nothing was served
 * @param errorSamples     the first few errors, described
 */
public record LoadResult(
        String target,
        int connections,
        int payloadSize,
        int messageBytes,
        double warmupSeconds,
        double seconds,
        long messages,
        long errors,
        int connectionsLost,
        int unserved,
        double meanMicros,
        double p50Micros,
        double p90Micros,
        double p99Micros,
        double p999Micros,
        double maxMicros,
        List<String> errorSamples) {

    /** Jackson's mapper is thread-safe and costly to build: one for every result. */
    private static final ObjectMapper JSON = new ObjectMapper();

    public LoadResult {
        errorSamples = List.copyOf(errorSamples);
    }

    /** Whether every connection was served and every echo was right (exit code 0 on the command line). */
    public boolean clean() {
        return errors == 0 && unserved == 0;
    }

    public double messagesPerSecond() {
        return seconds > 0 ? messages / seconds : 0;
    }

    /** The human summary the command line prints. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "load: %d connection%s x %d B, %s, %.1f s measured after %.1f s"
                + " warm-up%n", connections, connections == 1 ? "" : "s", payloadSize, target, seconds, warmupSeconds));
        text.append(String.format(Locale.ROOT, "  messages  %,d  (%,.0f msgs/s, %.1f MB/s each way)%n",
                messages, messagesPerSecond(), messagesPerSecond() * messageBytes / 1e6));
        text.append(String.format(Locale.ROOT, "  latency   p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s)%n",
                micros(p50Micros), micros(p90Micros), micros(p99Micros), micros(p999Micros), micros(maxMicros),
                micros(meanMicros)));
        text.append(String.format(Locale.ROOT, "  errors    %,d%s%n", errors,
                errors == 0 && unserved == 0 ? " (every echoed byte checked)" : ""));
        for (String sample : errorSamples) {
            text.append("    ").append(sample).append('\n');
        }
        if (unserved > 0) {
            text.append(String.format(Locale.ROOT, "  unserved  %d of %d: connected but never echoed%n", unserved,
                    connections));
        }
        if (connectionsLost > 0) {
            text.append(String.format(Locale.ROOT, "  %d of %d connections ended early%n", connectionsLost,
                    connections));
        }
        return text.toString();
    }

    /** One JSON object on one line, for scripts (see {@code --json}); micros rounded to 3 decimals. */
    public String toJson() {
        ObjectNode json = JSON.createObjectNode()
                .put("target", target)
                .put("connections", connections)
                .put("payloadBytes", payloadSize)
                .put("messageBytes", messageBytes)
                .put("warmupSeconds", rounded(warmupSeconds))
                .put("seconds", rounded(seconds))
                .put("messages", messages)
                .put("messagesPerSecond", rounded(messagesPerSecond()))
                .put("errors", errors)
                .put("connectionsLost", connectionsLost)
                .put("unserved", unserved);
        json.putObject("latencyMicros")
                .put("mean", rounded(meanMicros))
                .put("p50", rounded(p50Micros))
                .put("p90", rounded(p90Micros))
                .put("p99", rounded(p99Micros))
                .put("p99.9", rounded(p999Micros))
                .put("max", rounded(maxMicros));
        ArrayNode samples = json.putArray("errorSamples");
        errorSamples.forEach(samples::add);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always writes", e);
        }
    }

    /** 3 decimals are plenty for micros and seconds; JSON has no NaN or infinity (an empty histogram's mean). */
    private static Double rounded(double d) {
        return Double.isFinite(d) ? Math.round(d * 1000) / 1000.0 : null;
    }

    static String micros(double us) {
        return us >= 10_000 ? String.format(Locale.ROOT, "%,.1f ms", us / 1000)
                : String.format(Locale.ROOT, "%,.0f µs", us);
    }
}
