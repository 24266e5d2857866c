package echo.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Mode;

/**
 * JMH's figures beside the process runner's, for every subject and connection count both measured (64-byte
 * Throughput runs): the two are the same experiment (a client JVM against the server's own JVM) with different
 * harnesses, so their rankings should agree. Two subjects are ranked differently by the two only if each puts a
 * different one ahead; that counts as agreeing while the two figures of each are within {@link #TOLERANCE}, or while
 * neither harness resolves the pair ({@link #unresolvedByBoth}).
 */
final class Agreement {
    static final double TOLERANCE = 0.15;

    /**
     * One subject at one connection count, measured both ways.
     *
     * @param runnerMessages the runner's figure (the median window when it took several)
     * @param runnerLow      its lowest window's msgs/s (= runnerMessages for a single window)
     * @param runnerHigh     its highest window's
     * @param runnerWindows  how many windows the runner took
     */
    record Row(String subject, int connections, double jmhOps, double jmhError, double runnerMessages,
               double runnerLow, double runnerHigh, int runnerWindows) {
        Row(String subject, int connections, double jmhOps, double jmhError, double runnerMessages) {
            this(subject, connections, jmhOps, jmhError, runnerMessages, runnerMessages, runnerMessages, 1);
        }

        double ratio() {
            return jmhOps / runnerMessages;
        }
    }

    /** A pair the two rank the other way round. */
    record Swap(int connections, String jmhAhead, String runnerAhead, double jmhGap, double runnerGap) {
        /** Whether both gaps are within the tolerance: a tie either way, not a disagreement. */
        boolean withinTolerance() {
            return jmhGap <= TOLERANCE && runnerGap <= TOLERANCE;
        }
    }

    private Agreement() {
    }

    static List<Row> rows(List<JmhRunner.Point> jmh, List<ChapterScale> scale, int payload) {
        List<Row> rows = new ArrayList<>();
        for (JmhRunner.Point p : jmh) {
            if (p.mode() != Mode.Throughput || p.payload() != payload || p.skipped() != null) {
                continue;
            }
            for (ChapterScale c : scale) {
                ChapterScale.LoadPoint point = c.id().equals(p.chapter()) ? c.loadAt(p.threads()) : null;
                if (point != null && point.payload() == payload && point.messagesPerSecond() > 0) {
                    rows.add(new Row(p.chapter(), p.threads(), p.opsPerSecond(), p.opsError(),
                            point.messagesPerSecond(), point.lowestWindow(), point.highestWindow(),
                            Math.max(1, point.windows().size())));
                }
            }
        }
        rows.sort(Comparator.comparingInt(Row::connections).thenComparing(Row::subject));
        return rows;
    }

    /** Every pair of subjects at the same connection count that JMH and the runner order differently. */
    static List<Swap> swaps(List<Row> rows) {
        List<Swap> swaps = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                Row a = rows.get(i);
                Row b = rows.get(j);
                if (a.connections() != b.connections()) {
                    continue;
                }
                boolean jmhSaysA = a.jmhOps() > b.jmhOps();
                boolean runnerSaysA = a.runnerMessages() > b.runnerMessages();
                if (jmhSaysA != runnerSaysA) {
                    Row jmhAhead = jmhSaysA ? a : b;
                    Row runnerAhead = jmhSaysA ? b : a;
                    swaps.add(new Swap(a.connections(), jmhAhead.subject(), runnerAhead.subject(),
                            jmhAhead.jmhOps() / runnerAhead.jmhOps() - 1,
                            runnerAhead.runnerMessages() / jmhAhead.runnerMessages() - 1));
                }
            }
        }
        return swaps;
    }

    /** The ranking at one connection count, best first, by one of the two. */
    static String ranking(List<Row> rows, int connections, boolean byJmh) {
        return rows.stream().filter(r -> r.connections() == connections)
                .sorted(Comparator.comparingDouble((Row r) -> byJmh ? r.jmhOps() : r.runnerMessages()).reversed())
                .map(Row::subject).reduce((x, y) -> x + " > " + y).orElse("");
    }

    /** Sentences: whether the rankings agree at each count, and how far apart the two harnesses' figures are. */
    static List<String> findings(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        List<Swap> swaps = swaps(rows);
        for (int connections : rows.stream().map(Row::connections).distinct().toList()) {
            List<Swap> here = swaps.stream().filter(s -> s.connections() == connections).toList();
            String jmhOrder = ranking(rows, connections, true);
            String runnerOrder = ranking(rows, connections, false);
            if (here.isEmpty()) {
                lines.add(String.format(Locale.ROOT, "At %d connections both rank %s: **agree**.", connections,
                        jmhOrder));
                continue;
            }
            boolean ties = here.stream().allMatch(Swap::withinTolerance);
            boolean withinNoise = here.stream().allMatch(s -> s.withinTolerance() || unresolvedByBoth(rows, s));
            List<String> described = here.stream().map(s -> String.format(Locale.ROOT,
                    "JMH puts %s %s ahead of %s, the runner %s the other way%s%s", s.jmhAhead(), pct(s.jmhGap()),
                    s.runnerAhead(), pct(s.runnerGap()), overlap(rows, s) ? "; JMH's error bars overlap, so JMH"
                            + " does not tell these two apart" : "", runnerOverlap(rows, s) ? "; the runner's"
                            + " windows overlap, so the runner does not either" : resolvedByRunner(rows, s)
                            ? "; every runner window has them this way round" : "")).toList();
            lines.add(String.format(Locale.ROOT, "At %d connections JMH ranks %s, the runner %s: %s (%s).",
                    connections, jmhOrder, runnerOrder, ties ? "**agree within " + pct(TOLERANCE) + "** (a swap"
                            + " between figures closer than that is a tie)" : withinNoise ? "**agree within their"
                            + " noise** (a swap wider than " + pct(TOLERANCE) + " that neither harness resolves, JMH's"
                            + " error bars overlapping and the runner's windows too, is a tie)" : "**disagree**",
                    String.join("; ", described)));
        }
        if (!rows.isEmpty()) {
            double min = rows.stream().mapToDouble(Row::ratio).min().orElse(Double.NaN);
            double max = rows.stream().mapToDouble(Row::ratio).max().orElse(Double.NaN);
            lines.add(String.format(Locale.ROOT, "JMH's figure is %.2f to %.2f × the runner's.", min, max));
        }
        return lines;
    }

    /** Whether JMH's two intervals (score ± error) of a swapped pair overlap: its own ranking is then not resolved. */
    static boolean overlap(List<Row> rows, Swap swap) {
        Row a = find(rows, swap.jmhAhead(), swap.connections());
        Row b = find(rows, swap.runnerAhead(), swap.connections());
        return Double.isFinite(a.jmhError()) && Double.isFinite(b.jmhError())
                && a.jmhOps() - a.jmhError() <= b.jmhOps() + b.jmhError();
    }

    /**
     * Whether the runner's windows of a swapped pair overlap (the lowest of the one it puts ahead is at or below
     * the highest of the other): its own order is then within its window-to-window spread. Never for a single
     * window each: one window has no spread to speak of.
     */
    static boolean runnerOverlap(List<Row> rows, Swap swap) {
        Row ahead = find(rows, swap.runnerAhead(), swap.connections());
        Row behind = find(rows, swap.jmhAhead(), swap.connections());
        return ahead.runnerWindows() > 1 && behind.runnerWindows() > 1 && ahead.runnerLow() <= behind.runnerHigh();
    }

    /**
     * Whether neither harness tells a swapped pair apart: JMH's intervals overlap and so do the runner's windows. Two
     * harnesses that each say "these two are level" cannot rank them against each other, however far apart their
     * point figures are (a run of 2026-12-03 "disagreed" on a pair the runner had 4 msgs/s apart, JMH 19% with error
     * bars of ±23,000 and ±27,000).
     */
    static boolean unresolvedByBoth(List<Row> rows, Swap swap) {
        return overlap(rows, swap) && runnerOverlap(rows, swap);
    }

    private static boolean resolvedByRunner(List<Row> rows, Swap swap) {
        return find(rows, swap.runnerAhead(), swap.connections()).runnerWindows() > 1
                && find(rows, swap.jmhAhead(), swap.connections()).runnerWindows() > 1;
    }

    private static Row find(List<Row> rows, String subject, int connections) {
        return rows.stream().filter(r -> r.subject().equals(subject) && r.connections() == connections).findFirst()
                .orElseThrow();
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
