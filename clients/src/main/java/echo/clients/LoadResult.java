package echo.clients;

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

    /** One JSON object, for scripts and the benchmark runner (see {@code --json}). */
    public String toJson() {
        return new Json()
                .field("target", target)
                .field("connections", connections)
                .field("payloadBytes", payloadSize)
                .field("messageBytes", messageBytes)
                .field("warmupSeconds", warmupSeconds)
                .field("seconds", seconds)
                .field("messages", messages)
                .field("messagesPerSecond", messagesPerSecond())
                .field("errors", errors)
                .field("connectionsLost", connectionsLost)
                .field("unserved", unserved)
                .field("latencyMicros", new Json()
                        .field("mean", meanMicros)
                        .field("p50", p50Micros)
                        .field("p90", p90Micros)
                        .field("p99", p99Micros)
                        .field("p99.9", p999Micros)
                        .field("max", maxMicros))
                .field("errorSamples", errorSamples)
                .toString();
    }

    static String micros(double us) {
        return us >= 10_000 ? String.format(Locale.ROOT, "%,.1f ms", us / 1000)
                : String.format(Locale.ROOT, "%,.0f µs", us);
    }
}
