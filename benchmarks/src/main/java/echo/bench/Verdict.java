package echo.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The report's answer to "which approach is fastest, and at what cost?", written from the run's own figures: who
 * spends least server CPU per round trip, who moves most round trips per second, who is within noise of them, and
 * what the fast ones pay in threads, memory per held connection and idle CPU. Nothing in it is typed by hand.
 */
final class Verdict {
    /** Figures closer than this are not told apart: runs differ by 20–30% on this machine (see the caveats). */
    static final double NOISE = 0.20;
    /**
     * Idle CPU at or above this (% of one core) is called burning CPU while idle: a busy-polling loop takes a whole
     * core on a quiet machine, but only its share of one on a busy machine, so the bar is well under 100%.
     */
    static final double BUSY_IDLE_PERCENT = 25;

    private Verdict() {
    }

    /**
     * @param connections the connection count the verdict compares at (the largest measured up to 64: past it
     *                    only some chapters run, below it one connection is latency-bound)
     * @param hold        the idle connections of the cost figures (the largest held)
     */
    static String of(List<ChapterScale> scale, int connections, int hold) {
        List<ChapterScale> measured = scale.stream().filter(c -> figure(c, connections,
                ChapterScale.LoadPoint::serverMicrosPerMessage) > 0).toList();
        if (measured.isEmpty()) {
            return "No subject was measured at " + connections + " connections, so there is no verdict.";
        }
        StringBuilder text = new StringBuilder();
        ToDoubleFunction<ChapterScale> cpu = c -> figure(c, connections, ChapterScale.LoadPoint::serverMicrosPerMessage);
        ToDoubleFunction<ChapterScale> rate = c -> figure(c, connections, ChapterScale.LoadPoint::messagesPerSecond);
        List<ChapterScale> byCpu = measured.stream().sorted(Comparator.comparingDouble(cpu)).toList();
        List<ChapterScale> byRate = measured.stream().sorted(Comparator.comparingDouble(rate).reversed()).toList();
        ChapterScale cheapest = byCpu.get(0);
        ChapterScale busiest = byRate.get(0);
        text.append(String.format(Locale.ROOT, "**Fastest**, by the server's CPU per round trip at %d connections:"
                + " %s (%s µs)", connections, cheapest.id(), Report.micros(cpu.applyAsDouble(cheapest))));
        List<String> nearCpu = near(byCpu, cpu, cpu.applyAsDouble(cheapest), false);
        text.append(nearCpu.isEmpty() ? ", more than " + percent(NOISE) + " ahead of every other."
                : "; within " + percent(NOISE) + " of it, which is run-to-run noise here: " + String.join(", ", nearCpu)
                + ".");
        text.append(String.format(Locale.ROOT, " Most round trips per second at %d connections: %s (%s/s)",
                connections, busiest.id(), Report.count(rate.applyAsDouble(busiest))));
        List<String> nearRate = near(byRate, rate, rate.applyAsDouble(busiest), true);
        text.append(nearRate.isEmpty() ? "." : "; within " + percent(NOISE) + ": " + String.join(", ", nearRate) + ".");

        // The cost: what the fast ones and the lean one pay to hold connections, and who burns CPU doing nothing.
        List<ChapterScale> holding = scale.stream().filter(c -> c.holdOf(hold) != null && c.idle() != null
                && c.holdOf(hold).held() > 0).toList();
        if (!holding.isEmpty()) {
            ToDoubleFunction<ChapterScale> perConnection = c -> c.holdOf(hold).rssKiBPerConnection(c.idle());
            // Only a figure that measures a cost is ranked: one at or below zero is below resolution.
            ChapterScale lean = holding.stream().filter(c -> c.idle().cpuPercentNoConnections() < BUSY_IDLE_PERCENT)
                    .filter(c -> ChapterScale.Hold.resolved(perConnection.applyAsDouble(c)))
                    .min(Comparator.comparingDouble(perConnection))
                    .orElse(null);
            List<ChapterScale> costed = new ArrayList<>();
            for (ChapterScale c : List.of(cheapest, busiest)) {
                if (holding.contains(c) && !costed.contains(c)) {
                    costed.add(c);
                }
            }
            if (lean != null && !costed.contains(lean)) {
                costed.add(lean);
            }
            List<String> costs = costed.stream().map(c -> String.format(Locale.ROOT, "%s %,d threads and %s",
                    c.id(), c.holdOf(hold).threads(), ChapterScale.Hold.resolved(perConnection.applyAsDouble(c))
                            ? Report.oneDecimal(perConnection.applyAsDouble(c)) + " KiB of resident memory each"
                            : "resident memory below resolution ("
                                    + Report.oneDecimal(perConnection.applyAsDouble(c)) + " KiB each measured)"))
                    .toList();
            text.append(String.format(Locale.ROOT, " **At what cost**: holding %,d idle connections, ", hold))
                    .append(String.join("; ", costs)).append('.');
            if (lean != null && measured.contains(lean) && lean != cheapest) {
                double extra = cpu.applyAsDouble(lean) / cpu.applyAsDouble(cheapest) - 1;
                text.append(String.format(Locale.ROOT, " The leanest, %s, spends %s %s CPU per round trip than %s.",
                        lean.id(), percent(Math.abs(extra)), extra >= 0 ? "more" : "less", cheapest.id()));
            }
            List<String> unresolved = holding.stream()
                    .filter(c -> !ChapterScale.Hold.resolved(perConnection.applyAsDouble(c)))
                    .map(c -> c.id() + " (" + Report.oneDecimal(perConnection.applyAsDouble(c)) + " KiB)").toList();
            if (!unresolved.isEmpty()) {
                text.append(" Memory per connection below resolution, so not ranked: ")
                        .append(String.join(", ", unresolved)).append('.');
            }
        }
        List<String> burning = scale.stream().filter(c -> c.idle() != null
                && c.idle().cpuPercentNoConnections() >= BUSY_IDLE_PERCENT)
                .map(c -> c.id() + " (" + Report.percent(c.idle().cpuPercentNoConnections()) + ")").toList();
        if (!burning.isEmpty()) {
            text.append(" Burns CPU while idle, with nothing to do: ").append(String.join(", ", burning)).append('.');
        }
        return text.toString();
    }

    /** The connection count the verdict compares at: the largest measured that is at most 64, else the smallest. */
    static int comparedAt(List<Integer> connections) {
        return connections.stream().filter(c -> c > 1 && c <= 64).max(Integer::compare)
                .orElse(connections.stream().min(Integer::compare).orElse(1));
    }

    private static List<String> near(List<ChapterScale> sorted, ToDoubleFunction<ChapterScale> value, double best,
                                     boolean higherIsBetter) {
        List<String> near = new ArrayList<>();
        for (ChapterScale c : sorted.subList(1, sorted.size())) {
            double v = value.applyAsDouble(c);
            double gap = higherIsBetter ? 1 - v / best : v / best - 1;
            if (gap <= NOISE) {
                near.add(String.format(Locale.ROOT, "%s (%s)", c.id(),
                        higherIsBetter ? Report.count(v) : Report.micros(v) + " µs"));
            }
        }
        return near;
    }

    private static double figure(ChapterScale c, int connections, ToDoubleFunction<ChapterScale.LoadPoint> value) {
        ChapterScale.LoadPoint p = c.loadAt(connections);
        if (p == null || p.errors() > 0) {
            return Double.NaN;
        }
        double v = value.applyAsDouble(p);
        return Double.isFinite(v) ? v : Double.NaN;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

}
