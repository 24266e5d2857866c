package echo.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's pictures, drawn with XChart into PNG files.
 *
 * <p>Every picture has a title, a subtitle line with the machine, the JDK and the date (XChart draws one title
 * line only, so both are drawn above the chart), and a footer naming every subject the picture leaves out and
 * why. Figures against connections are small multiples: one panel per family of models ({@link #groupsOf}), so
 * no panel holds more than a handful of lines, each told apart by its colour, its marker and its dash pattern
 * (readable in grey print too). All panels of a picture share one y scale, so heights compare across panels.
 * Connection counts are categories (1, 16, 64, 256 evenly spaced): what matters is each curve's shape.
 */
final class Charts {
    static final int PANEL_WIDTH = 620; // the legend beside the plot, never over a line
    private static final int PANEL_HEIGHT = 340;
    private static final int COLUMNS = 3;
    private static final int BAR_WIDTH = 1000;
    private static final int BAR_HEIGHT = 520;
    private static final double MEMORY_FLOOR_KIB = 0.1;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    /** Told apart by hue (a palette that stays apart for the colour-blind), marker and dash: any one suffices. */
    static final Color[] COLOURS = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(86, 86, 86), new Color(230, 159, 0), new Color(86, 180, 233),
        Color.BLACK}; // Okabe and Ito's colour-blind-safe palette: 8 colours, so a panel of 7 (loops) repeats none
    static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL};
    private static final BasicStroke[] LINES = {stroke(), stroke(9f, 5f), stroke(2f, 4f), stroke(10f, 4f, 2f, 4f),
        stroke(16f, 6f), stroke(4f, 3f), stroke(12f, 3f, 3f, 3f), stroke(6f, 6f)};

    private Charts() {
    }

    /** The files {@link #draw} writes, with what each shows (for the report's image captions). */
    static final Map<String, String> FILES = charts();

    private static Map<String, String> charts() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("throughput.png", "Round trips per second against connections, a panel per family of models");
        files.put("server-cpu-per-message.png", "Server CPU per round trip against connections, 1 connection apart");
        files.put("p99-latency.png", "p99 round-trip latency against connections");
        files.put("idle-cpu.png", "Server CPU while idle");
        files.put("memory-per-connection.png", "Server memory per idle connection held");
        return files;
    }

    /** The families of models, in panel order; a subject may be in two (06 is a loop and speaks frames). */
    static final List<String> GROUPS = List.of("threads", "loops", "frames", "Netty", "other");

    /**
     * The panels a subject is drawn in, from its id: 01, 02, 03, 07 block a thread per connection ("threads");
     * 04, 05, 06, 09, a2 are one or a few event loops of our own ("loops"); 06 and 08-netty-framed speak
     * length-prefixed frames ("frames"); 08 in every variant is Netty; anything else (a1 UDP, a3 asynchronous
     * channels, a chapter added later) is "other", so a new chapter is drawn without a change here.
     */
    static List<String> groupsOf(String id) {
        List<String> groups = new ArrayList<>();
        String chapter = id.length() >= 2 ? id.substring(0, 2) : id;
        switch (chapter) {
            case "01", "02", "03", "07" -> groups.add("threads");
            case "04", "05", "06", "09", "a2" -> groups.add("loops");
            case "08" -> groups.add("Netty");
            default -> groups.add("other");
        }
        if (chapter.equals("06") || (chapter.equals("08") && id.contains("framed"))) {
            groups.add("frames");
        }
        groups.sort(java.util.Comparator.comparingInt(GROUPS::indexOf));
        return groups;
    }

    /** Subject ids by panel, in {@link #GROUPS} order, empty panels left out. */
    static Map<String, List<String>> panels(List<String> ids) {
        Map<String, List<String>> panels = new LinkedHashMap<>();
        for (String group : GROUPS) {
            List<String> members = ids.stream().filter(id -> groupsOf(id).contains(group)).toList();
            if (!members.isEmpty()) {
                panels.put(group, members);
            }
        }
        return panels;
    }

    /** Draws every chart from the scale figures into {@code dir}; {@code subtitle} names machine, JDK, date. */
    static void draw(List<ChapterScale> chapters, List<Integer> connections, int fewConnections, int largestHold,
                     String subtitle, Path dir) throws IOException {
        perConnections(chapters, connections, false, "Round trips per second (64-byte ping-pong, server in its own"
                + " process; higher is better)", "messages per second", ChapterScale.LoadPoint::messagesPerSecond,
                false, subtitle, dir.resolve("throughput.png"));
        // One connection is latency-bound and flips by 10× from run to run (see the caveats): on the same axis it
        // would flatten the curves that matter, so it gets a panel of its own.
        perConnections(chapters, connections, true, "Server CPU per round trip (µs, lower is better)",
                "µs of server CPU per message", ChapterScale.LoadPoint::serverMicrosPerMessage, false, subtitle,
                dir.resolve("server-cpu-per-message.png"));
        perConnections(chapters, connections, false, "p99 round-trip latency (µs, log scale, lower is better)", "µs",
                ChapterScale.LoadPoint::p99Micros, true, subtitle, dir.resolve("p99-latency.png"));
        idleCpu(chapters, fewConnections, subtitle, dir.resolve("idle-cpu.png"));
        memoryPerConnection(chapters, largestHold, subtitle, dir.resolve("memory-per-connection.png"));
    }

    private static void perConnections(List<ChapterScale> chapters, List<Integer> connections,
                                       boolean oneConnectionApart, String title, String yTitle,
                                       ToDoubleFunction<ChapterScale.LoadPoint> value, boolean logY, String subtitle,
                                       Path file) throws IOException {
        List<Integer> axis = oneConnectionApart ? connections.stream().filter(c -> c > 1).toList() : connections;
        List<String> leftOut = leftOut(chapters, axis, value, logY);
        List<String> notes = new ArrayList<>();
        if (oneConnectionApart && connections.contains(1)) {
            // Left out of the curves, but drawn in the 1-connection panel: say so, not just "left out".
            leftOut.replaceAll(note -> chapters.stream().anyMatch(c -> note.startsWith(c.id() + " (")
                    && c.loadAt(1) != null && usable(value.applyAsDouble(c.loadAt(1)), false))
                    ? note.substring(0, note.length() - 1) + "; its 1-connection figure is in that panel)" : note);
        }
        Map<String, ChapterScale> drawn = new LinkedHashMap<>();
        for (ChapterScale chapter : chapters) {
            if (drawable(chapter, axis, value, logY)) {
                drawn.put(chapter.id(), chapter);
            }
        }
        double top = 0;
        double bottom = Double.MAX_VALUE;
        for (ChapterScale chapter : drawn.values()) {
            for (int c : axis) {
                ChapterScale.LoadPoint p = chapter.loadAt(c);
                if (p != null && usable(value.applyAsDouble(p), logY)) {
                    top = Math.max(top, value.applyAsDouble(p));
                    bottom = Math.min(bottom, value.applyAsDouble(p));
                }
            }
        }
        List<BufferedImage> panels = new ArrayList<>();
        List<String> categories = axis.stream().map(String::valueOf).toList();
        for (Map.Entry<String, List<String>> panel : panels(List.copyOf(drawn.keySet())).entrySet()) {
            CategoryChart chart = chart(PANEL_WIDTH, PANEL_HEIGHT, panel.getKey(), "connections", yTitle);
            chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            chart.getStyler().setOverlapped(true); // every line's point for "16 connections" at the same x
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setYAxisLogarithmic(logY);
            // One scale for every panel (from the lowest to the highest figure of the whole picture), so heights
            // compare across panels; linear scales start at 0, so differences are drawn to scale, not magnified.
            chart.getStyler().setYAxisMin(logY ? bottom / 2 : 0.0);
            chart.getStyler().setYAxisMax(top * (logY ? 2.0 : 1.1));
            int i = 0;
            Map<String, List<Double>> panelValues = new LinkedHashMap<>();
            for (String id : panel.getValue()) {
                List<Double> values = new ArrayList<>();
                for (int c : axis) {
                    ChapterScale.LoadPoint point = drawn.get(id).loadAt(c);
                    double v = point == null ? Double.NaN : value.applyAsDouble(point);
                    values.add(usable(v, logY) ? v : null); // a gap where it did not run
                }
                CategorySeries series = chart.addSeries(id, categories, values);
                style(series, i++);
                panelValues.put(id, values);
            }
            notes.addAll(hiddenUnder(panelValues, categories, logY ? Math.log(bottom / 2) : 0.0,
                    logY ? Math.log(top * 2.0) : top * 1.1, logY));
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        if (oneConnectionApart && connections.contains(1)) {
            CategoryChart one = chart(PANEL_WIDTH, PANEL_HEIGHT, "1 connection (latency-bound, flips run to run)",
                    "chapter", yTitle);
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<String> ids = chapters.stream().map(ChapterScale::id).toList();
            for (ChapterScale chapter : chapters) {
                ChapterScale.LoadPoint p = chapter.loadAt(1);
                if (p != null && usable(value.applyAsDouble(p), false)) {
                    names.add(shortId(chapter.id(), ids));
                    values.add(value.applyAsDouble(p));
                }
            }
            if (!names.isEmpty()) {
                one.addSeries("1 connection", names, values).setFillColor(COLOURS[4]);
                one.getStyler().setLegendVisible(false);
                one.getStyler().setXAxisLabelRotation(90); // "08 io_uring" beside "08" stays readable
                one.getStyler().setYAxisMin(0.0);
                panels.add(BitmapEncoder.getBufferedImage(one));
            }
        }
        if (connections.contains(1)) {
            notes.add(oneConnectionApart ? "1 connection is in a panel of its own (latency-bound: it flips"
                    + " between runs, see the caveats)" : "the 1-connection points are latency-bound and flip between"
                    + " runs (see the caveats)");
        }
        List<String> repeated = chapters.stream().filter(c -> c.load().stream().anyMatch(p -> !p.windows().isEmpty()))
                .map(ChapterScale::id).toList();
        if (!repeated.isEmpty()) {
            notes.add(String.join(", ", repeated) + " at " + chapters.stream().flatMap(c -> c.load().stream())
                    .filter(p -> !p.windows().isEmpty()).map(p -> String.valueOf(p.connections())).distinct()
                    .reduce((a, b) -> a + " and " + b).orElse("") + " connections: the median of "
                    + chapters.stream().flatMap(c -> c.load().stream()).mapToInt(p -> p.windows().size()).max()
                    .orElse(1) + " windows");
        }
        compose(title, subtitle, panels, leftOut, notes, file);
    }

    /** How close two points may be, as a share of the plot's height, before the later marker covers the earlier. */
    static final double MARKER_SHARE = 0.02;

    /**
     * A note for every series of one panel that cannot be seen: one later series (or several) draws a point on top
     * of each of its points, at the same x and within {@link #MARKER_SHARE} of the y axis from {@code low} to
     * {@code high} (on a log axis, {@code low} and {@code high} are logarithms). A series covered here by one and
     * there by another still shows its own line between them, so it is not named. 01-blocking's one point, at 1
     * connection, lay under 02's and 03's. {@code series} maps each id, in drawing order, to its values by
     * category ({@code null} for a gap).
     */
    static List<String> hiddenUnder(Map<String, List<Double>> series, List<String> categories, double low,
                                    double high, boolean logY) {
        List<String> notes = new ArrayList<>();
        List<String> ids = List.copyOf(series.keySet());
        for (int s = 0; s < ids.size(); s++) {
            List<Double> under = series.get(ids.get(s));
            Set<String> over = null; // the later series that cover every point so far
            List<String> where = new ArrayList<>();
            for (int c = 0; c < categories.size() && (over == null || !over.isEmpty()); c++) {
                if (under.get(c) == null) {
                    continue;
                }
                double y = logY ? Math.log(under.get(c)) : under.get(c);
                Set<String> here = new LinkedHashSet<>();
                for (int t = s + 1; t < ids.size(); t++) {
                    Double v = series.get(ids.get(t)).get(c);
                    if (v != null && Math.abs((logY ? Math.log(v) : v) - y) < MARKER_SHARE * (high - low)) {
                        here.add(ids.get(t));
                    }
                }
                if (over == null) {
                    over = here;
                } else {
                    over.retainAll(here);
                }
                where.add(categories.get(c));
            }
            if (over != null && !over.isEmpty()) {
                notes.add(ids.get(s) + " lies under " + String.join(" and ", over) + " (at " + String.join(", ", where)
                        + " connection" + (where.equals(List.of("1")) ? "" : "s") + ")");
            }
        }
        return notes;
    }

    /** The subjects a chart against {@code axis} cannot draw, each with why, for the picture's footer. */
    static List<String> leftOut(List<ChapterScale> chapters, List<Integer> axis,
                                ToDoubleFunction<ChapterScale.LoadPoint> value, boolean logY) {
        List<String> notes = new ArrayList<>();
        for (ChapterScale chapter : chapters) {
            if (!drawable(chapter, axis, value, logY)) {
                notes.add(chapter.id() + " (" + whyNotDrawn(chapter, axis) + ")");
            }
        }
        return notes;
    }

    private static boolean drawable(ChapterScale chapter, List<Integer> axis,
                                    ToDoubleFunction<ChapterScale.LoadPoint> value, boolean logY) {
        return axis.stream().map(chapter::loadAt).anyMatch(p -> p != null && usable(value.applyAsDouble(p), logY));
    }

    /**
     * A bar's label, short enough for sixteen to fit a panel's width and never the same for two subjects of
     * {@code ids}: "05-selector" → "05"; a subject whose id extends another's by a suffix is the number and that
     * suffix, "08-netty-io_uring" → "08 io_uring", "09-multi-reactor-framed" → "09 framed"; one that shares its
     * number with another subject otherwise keeps its whole id.
     */
    static String shortId(String id, List<String> ids) {
        String chapter = id.length() > 2 ? id.substring(0, 2) : id;
        String base = ids.stream().filter(other -> !other.equals(id) && id.startsWith(other + "-"))
                .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
        if (base != null) {
            return chapter + " " + id.substring(base.length() + 1);
        }
        boolean shared = ids.stream().anyMatch(other -> !other.equals(id) && other.startsWith(chapter)
                && !other.startsWith(id + "-"));
        return shared ? id : chapter;
    }

    private static String whyNotDrawn(ChapterScale chapter, List<Integer> axis) {
        if (chapter.unavailable() != null) {
            return "not available here";
        }
        if (chapter.failure() != null) {
            return "failed";
        }
        if (axis.stream().allMatch(c -> chapter.whyNoLoadAt(c) != null)) {
            return "cannot serve " + axis.stream().map(String::valueOf).reduce((a, b) -> a + "/" + b).orElse("")
                    + " connections";
        }
        return "no figure";
    }

    private static boolean usable(double v, boolean logY) {
        return Double.isFinite(v) && (!logY || v > 0);
    }

    private static void style(CategorySeries series, int index) {
        series.setLineColor(COLOURS[index % COLOURS.length]);
        series.setMarkerColor(COLOURS[index % COLOURS.length]);
        series.setMarker(MARKERS[index % MARKERS.length]);
        series.setLineStyle(LINES[index % LINES.length]);
    }

    private static void idleCpu(List<ChapterScale> chapters, int fewConnections, String subtitle, Path file)
            throws IOException {
        CategoryChart chart = chart(BAR_WIDTH, BAR_HEIGHT, null, null, "% of one core");
        List<String> names = new ArrayList<>();
        List<Double> none = new ArrayList<>();
        List<Double> few = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> remarks = new ArrayList<>();
        for (ChapterScale chapter : chapters) {
            if (chapter.idle() != null) {
                names.add(chapter.id());
                none.add(chapter.idle().cpuPercentNoConnections());
                double f = chapter.idle().cpuPercentFewConnections();
                few.add(Double.isNaN(f) ? null : f);
                if (Double.isNaN(f)) {
                    remarks.add(chapter.id() + " has no connections to keep idle: no second bar");
                }
            } else {
                notes.add(chapter.id() + " (" + (chapter.unavailable() != null ? "not available here" : "failed")
                        + ")");
            }
        }
        if (!names.isEmpty()) {
            chart.addSeries("no connections", names, none).setFillColor(COLOURS[0]);
            chart.addSeries(fewConnections + " idle connections", names, few).setFillColor(COLOURS[1]);
        }
        // A fixed scale up to a whole core: a chart scaled to its tallest bar would blow one tick of noise up
        // to full height.
        double tallest = none.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        tallest = Math.max(tallest, few.stream().filter(f -> f != null).mapToDouble(Double::doubleValue).max()
                .orElse(0));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(Math.max(100.0, tallest * 1.1));
        labelsAboveBars(chart);
        compose("Server CPU while idle (% of one core; 100% = a core kept busy doing nothing)", subtitle,
                List.of(image(chart)), notes, remarks, file);
    }

    private static void memoryPerConnection(List<ChapterScale> chapters, int hold, String subtitle, Path file)
            throws IOException {
        CategoryChart chart = chart(BAR_WIDTH, BAR_HEIGHT, null, null, "KiB per connection (log scale)");
        List<String> names = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Double> figures = new LinkedHashMap<>();
        for (ChapterScale chapter : chapters) {
            ChapterScale.Hold held = chapter.holdOf(hold);
            if (held != null && chapter.idle() != null && held.held() > 0) {
                names.add(chapter.id());
                // A log scale has no zero: a growth too small to measure is drawn at the floor, and said below.
                double rssEach = held.rssKiBPerConnection(chapter.idle());
                double heapEach = held.heapKiBPerConnection(chapter.idle());
                rss.add(Math.max(MEMORY_FLOOR_KIB, rssEach));
                heap.add(Math.max(MEMORY_FLOOR_KIB, heapEach));
                figures.put(chapter.id() + " RSS", rssEach);
                figures.put(chapter.id() + " heap", heapEach);
            } else {
                notes.add(chapter.id() + " (" + (chapter.holdSkipped() != null ? shortReason(chapter.holdSkipped())
                        : chapter.unavailable() != null ? "not available here"
                        : chapter.failure() != null ? "failed"
                        : held != null ? String.format("held %,d of %,d", held.held(), hold)
                        : "did not hold " + String.format("%,d", hold)) + ")");
            }
        }
        if (!names.isEmpty()) {
            chart.addSeries("resident memory (RSS)", names, rss).setFillColor(COLOURS[0]);
            chart.addSeries("live Java heap", names, heap).setFillColor(COLOURS[1]);
        }
        // Log scale: 60 KiB against 0.5 KiB is the point, and on a linear scale the small bars would vanish.
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(MEMORY_FLOOR_KIB);
        // Room above the tallest bar for the legend (top right), so it never hides a bar's label.
        double tallest = rss.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        tallest = Math.max(tallest, heap.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        chart.getStyler().setYAxisMax(tallest * 8);
        labelsAboveBars(chart);
        List<String> remarks = floorRemarks(figures);
        compose(String.format("Server memory per idle connection, holding %,d (KiB, log scale, lower is better)",
                hold), subtitle, List.of(image(chart)), notes, remarks, file);
    }

    /**
     * What the memory chart draws at its floor, by name ("05-selector heap") and KiB per connection: figures at or
     * below zero (below resolution) and figures above zero but under the floor, whose bars would otherwise be read as
     * the floor's value.
     */
    static List<String> floorRemarks(Map<String, Double> figures) {
        List<String> unresolved = new ArrayList<>();
        List<String> small = new ArrayList<>();
        figures.forEach((name, kib) -> {
            if (!ChapterScale.Hold.resolved(kib)) {
                unresolved.add(String.format(Locale.ROOT, "%s %.1f KiB", name, kib));
            } else if (kib < MEMORY_FLOOR_KIB) {
                small.add(String.format(Locale.ROOT, "%s %.2f KiB", name, kib));
            }
        });
        List<String> parts = new ArrayList<>();
        if (!unresolved.isEmpty()) {
            parts.add("below resolution (the server's memory moved by more than its connections added): "
                    + String.join(", ", unresolved));
        }
        if (!small.isEmpty()) {
            parts.add("smaller than the floor: " + String.join(", ", small));
        }
        return parts.isEmpty() ? List.of()
                : List.of("Drawn at the " + MEMORY_FLOOR_KIB + " KiB floor: " + String.join("; ", parts));
    }

    private static String shortReason(String why) {
        int colon = why.indexOf(':');
        int semicolon = why.indexOf(';');
        int cut = colon < 0 ? semicolon : semicolon < 0 ? colon : Math.min(colon, semicolon);
        return cut > 0 ? why.substring(0, cut) : why;
    }

    private static void labelsAboveBars(CategoryChart chart) {
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        chart.getStyler().setLabelsPosition(1.0); // at the bar's top end, so a short bar's label stays readable
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    }

    private static CategoryChart chart(int width, int height, String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title == null ? "" : title)
                .xAxisTitle(xTitle == null ? "" : xTitle).yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartTitleVisible(title != null);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setXAxisLabelRotation(xTitle == null ? 30 : 0);
        chart.getStyler().setYAxisDecimalPattern("#,###.#");
        chart.getStyler().setMarkerSize(9);
        return chart;
    }

    private static BufferedImage image(CategoryChart chart) {
        if (chart.getSeriesMap().isEmpty()) {
            chart.getStyler().setYAxisLogarithmic(false);
            chart.addSeries("nothing measured", List.of("-"), List.of(0));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Title, subtitle, the panels in a grid, then "Left out: ..." (subjects the picture does not draw, and why)
     * and "Note: ..." (how to read what it does draw), each wrapped to the width; one PNG.
     */
    private static void compose(String title, String subtitle, List<BufferedImage> panels, List<String> leftOut,
                                List<String> notes, Path file) throws IOException {
        if (panels.isEmpty()) {
            CategoryChart empty = chart(BAR_WIDTH, BAR_HEIGHT, null, null, "");
            panels = List.of(image(empty)); // nothing measured (every subject skipped): a chart that says so
        }
        int columns = panels.size() == 1 ? 1 : Math.min(COLUMNS, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        int cellWidth = panels.stream().mapToInt(BufferedImage::getWidth).max().orElse(PANEL_WIDTH);
        int cellHeight = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(PANEL_HEIGHT);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = probe.createGraphics();
        // Wide enough for the title and subtitle too: a run of a few chapters can fill a single panel.
        int width = Math.max(Math.max(cellWidth * columns, 900), 30 + Math.max(
                measure.getFontMetrics(TITLE).stringWidth(title), measure.getFontMetrics(SUBTITLE).stringWidth(subtitle)));
        List<String> footer = new ArrayList<>(footer(leftOut, notes, measure.getFontMetrics(NOTE), width - 30));
        measure.dispose();
        int header = 62;
        int footerHeight = 10 + 18 * footer.size();
        BufferedImage canvas = new BufferedImage(width, header + rows * cellHeight + footerHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(title, 15, 26);
        g.setFont(SUBTITLE);
        g.setColor(new Color(60, 60, 60));
        g.drawString(subtitle, 15, 50);
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), (i % columns) * cellWidth, header + (i / columns) * cellHeight, null);
        }
        g.setFont(NOTE);
        g.setColor(Color.BLACK);
        int y = header + rows * cellHeight + 16;
        for (String line : footer) {
            g.drawString(line, 15, y);
            y += 18;
        }
        g.dispose();
        ImageIO.write(canvas, "png", file.toFile());
    }

    /** The footer's lines: what is left out (or "none"), then the notes, if any. */
    static List<String> footer(List<String> leftOut, List<String> notes, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>(wrap(leftOut.isEmpty() ? "Left out: none." : "Left out: "
                + String.join("; ", leftOut) + ".", metrics, width));
        if (!notes.isEmpty()) {
            lines.addAll(wrap("Note: " + String.join("; ", notes) + ".", metrics, width));
        }
        return lines;
    }

    static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && metrics.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static BasicStroke stroke(float... dashes) {
        return dashes.length == 0 ? new BasicStroke(2.2f)
                : new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dashes, 0f);
    }
}
