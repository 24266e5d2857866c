package echo.bench;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's pictures, drawn with XChart into PNG files: one line per chapter against connections, and bars
 * for the idle and memory figures. Connection counts are categories (1, 16, 64, 256 evenly spaced), since what
 * matters is the shape of each curve, not the distance between the counts.
 */
final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final double MEMORY_FLOOR_KIB = 0.1;

    private Charts() {
    }

    /** The files {@link #draw} writes, with what each shows (for the report's image captions). */
    static final Map<String, String> FILES = charts();

    private static Map<String, String> charts() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("throughput.png", "Round trips per second against connections, a line per chapter");
        files.put("server-cpu-per-message.png", "Server CPU per round trip against connections");
        files.put("p99-latency.png", "p99 round-trip latency against connections");
        files.put("idle-cpu.png", "Server CPU while idle");
        files.put("memory-per-connection.png", "Server memory per idle connection held");
        return files;
    }

    /** Draws every chart from the scale figures into {@code dir}. */
    static void draw(List<ChapterScale> chapters, List<Integer> connections, int fewConnections, int largestHold,
                     Path dir) throws IOException {
        perConnections(chapters, connections, "Round trips per second (64-byte ping-pong, server in its own process)",
                "messages per second", ChapterScale.LoadPoint::messagesPerSecond, false, dir.resolve("throughput.png"));
        perConnections(chapters, connections, "Server CPU per round trip (lower is better)",
                "µs of server CPU per message", ChapterScale.LoadPoint::serverMicrosPerMessage, false,
                dir.resolve("server-cpu-per-message.png"));
        perConnections(chapters, connections, "p99 round-trip latency (log scale)", "µs",
                ChapterScale.LoadPoint::p99Micros, true, dir.resolve("p99-latency.png"));
        idleCpu(chapters, fewConnections, dir.resolve("idle-cpu.png"));
        memoryPerConnection(chapters, largestHold, dir.resolve("memory-per-connection.png"));
    }

    private static void perConnections(List<ChapterScale> chapters, List<Integer> connections, String title,
                                       String yTitle, ToDoubleFunction<ChapterScale.LoadPoint> value, boolean logY,
                                       Path file) throws IOException {
        CategoryChart chart = chart(title, "connections", yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true); // every line's point for "16 connections" at the same x
        chart.getStyler().setYAxisLogarithmic(logY);
        if (!logY) {
            chart.getStyler().setYAxisMin(0.0); // differences drawn to scale, not magnified
        }
        List<String> categories = connections.stream().map(String::valueOf).toList();
        for (ChapterScale chapter : chapters) {
            List<Double> values = new ArrayList<>();
            boolean any = false;
            for (int c : connections) {
                ChapterScale.LoadPoint point = chapter.loadAt(c);
                double v = point == null ? Double.NaN : value.applyAsDouble(point);
                values.add(Double.isFinite(v) && (!logY || v > 0) ? v : null); // a gap where it did not run
                any |= Double.isFinite(v);
            }
            if (any) {
                chart.addSeries(chapter.id(), categories, values).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        save(chart, file);
    }

    private static void idleCpu(List<ChapterScale> chapters, int fewConnections, Path file) throws IOException {
        CategoryChart chart = chart("Server CPU while idle (100% = one core kept busy)", null,
                "% of one core");
        List<String> names = new ArrayList<>();
        List<Double> none = new ArrayList<>();
        List<Double> few = new ArrayList<>();
        for (ChapterScale chapter : chapters) {
            if (chapter.idle() != null) {
                names.add(chapter.id());
                none.add(chapter.idle().cpuPercentNoConnections());
                double f = chapter.idle().cpuPercentFewConnections();
                few.add(Double.isNaN(f) ? 0.0 : f);
            }
        }
        if (!names.isEmpty()) {
            chart.addSeries("no connections", names, none);
            chart.addSeries(fewConnections + " idle connections", names, few);
        }
        // A fixed scale up to a whole core: a chart scaled to its tallest bar would blow one tick of noise up
        // to full height.
        double tallest = none.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        tallest = Math.max(tallest, few.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(Math.max(100.0, tallest * 1.1));
        labelsAboveBars(chart);
        save(chart, file);
    }

    private static void memoryPerConnection(List<ChapterScale> chapters, int hold, Path file) throws IOException {
        CategoryChart chart = chart(String.format("Server memory per idle connection, holding %,d (log scale)",
                hold), null, "KiB per connection");
        List<String> names = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        for (ChapterScale chapter : chapters) {
            ChapterScale.Hold held = chapter.holdOf(hold);
            if (held != null && chapter.idle() != null && held.held() > 0) {
                names.add(chapter.id());
                // A log scale has no zero: a growth too small to measure is drawn at the floor.
                rss.add(Math.max(MEMORY_FLOOR_KIB, held.rssKiBPerConnection(chapter.idle())));
                heap.add(Math.max(MEMORY_FLOOR_KIB, held.heapKiBPerConnection(chapter.idle())));
            }
        }
        if (!names.isEmpty()) {
            chart.addSeries("resident memory (RSS)", names, rss);
            chart.addSeries("live Java heap", names, heap);
        }
        // Log scale: 60 KiB against 0.5 KiB is the point, and on a linear scale the small bars would vanish.
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(MEMORY_FLOOR_KIB);
        labelsAboveBars(chart);
        save(chart, file);
    }

    private static void labelsAboveBars(CategoryChart chart) {
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        chart.getStyler().setLabelsPosition(1.0); // at the bar's top end, so a short bar's label stays readable
    }

    private static CategoryChart chart(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle == null ? "" : xTitle).yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.getStyler().setXAxisLabelRotation(xTitle == null ? 30 : 0);
        chart.getStyler().setYAxisDecimalPattern("#,###.#");
        return chart;
    }

    private static void save(CategoryChart chart, Path file) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            // Nothing measured (a smoke run, or every chapter skipped): an empty chart says so rather than fails.
            chart.setTitle(chart.getTitle() + " — nothing measured");
            chart.getStyler().setYAxisLogarithmic(false);
            chart.addSeries("none", List.of("-"), List.of(0));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
