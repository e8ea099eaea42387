package dev.shipwatch.statuspage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The component page's latency chart as plain numbers for an inline SVG template: 30 days of
 * daily means on a log scale (build takes seconds, a warm request a millisecond). Series differ
 * by dash pattern and legend text as well as colour; the same numbers are in a table beside it.
 */
record Chart(int width, int height, int left, int right, int top, int bottom, List<Series> series,
             List<Tick> yTicks, List<Tick> xTicks, List<Row> rows, boolean empty) {

    static final int WIDTH = 720;
    static final int HEIGHT = 260;

    /** @param segments polyline point lists, split where a day has no value */
    record Series(String label, String css, String dash, List<String> segments, List<Point> points) {}

    record Point(String x, String y, String title) {}

    record Tick(String pos, String label) {}

    record Row(String day, String build, String deploy, String coldStart, String warmP95) {}

    static Chart of(List<StatusModel.LatencyDay> days) {
        int left = 64;
        int right = WIDTH - 12;
        int top = 12;
        int bottom = HEIGHT - 32;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (StatusModel.LatencyDay d : days) {
            for (Double v : new Double[] {d.buildMs(), d.deployMs(), d.coldStartMs(), d.warmP95Ms()}) {
                if (v != null && v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (StatusModel.LatencyDay d : days) {
            rows.add(new Row(Views.dayLabel(d.day()), ms(d.buildMs()), ms(d.deployMs()), ms(d.coldStartMs()), ms(d.warmP95Ms())));
        }
        List<Tick> xTicks = new ArrayList<>();
        int n = days.size();
        for (int i = 0; i < n; i += 7) {
            xTicks.add(new Tick(fmt(x(i, n, left, right)), Views.dayLabel(days.get(i).day())));
        }
        if (max == 0) {
            return new Chart(WIDTH, HEIGHT, left, right, top, bottom, List.of(), List.of(), xTicks, rows, true);
        }
        int lo = (int) Math.floor(Math.log10(min));
        int hi = (int) Math.ceil(Math.log10(max));
        if (hi == lo) {
            hi = lo + 1;
        }
        List<Tick> yTicks = new ArrayList<>();
        for (int e = lo; e <= hi; e++) {
            yTicks.add(new Tick(fmt(y(Math.pow(10, e), lo, hi, top, bottom)), Format.millis(Math.pow(10, e))));
        }
        List<Series> series = List.of(
                series("Build", "s-build", "none", days, StatusModel.LatencyDay::buildMs, lo, hi, left, right, top, bottom),
                series("Deploy", "s-deploy", "7 4", days, StatusModel.LatencyDay::deployMs, lo, hi, left, right, top, bottom),
                series("Cold start", "s-cold", "2 3", days, StatusModel.LatencyDay::coldStartMs, lo, hi, left, right, top, bottom),
                series("Warm p95", "s-warm", "9 3 2 3", days, StatusModel.LatencyDay::warmP95Ms, lo, hi, left, right, top, bottom));
        return new Chart(WIDTH, HEIGHT, left, right, top, bottom, series, yTicks, xTicks, rows, false);
    }

    private static Series series(String label, String css, String dash, List<StatusModel.LatencyDay> days,
                                 Function<StatusModel.LatencyDay, Double> value, int lo, int hi,
                                 int left, int right, int top, int bottom) {
        List<String> segments = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            Double v = value.apply(days.get(i));
            if (v == null || v <= 0) {
                if (current.length() > 0) {
                    segments.add(current.toString());
                    current.setLength(0);
                }
                continue;
            }
            String x = fmt(x(i, days.size(), left, right));
            String y = fmt(y(v, lo, hi, top, bottom));
            current.append(current.length() == 0 ? "" : " ").append(x).append(',').append(y);
            points.add(new Point(x, y, label + ", " + Views.dayLabel(days.get(i).day()) + ": " + Format.millis(v)));
        }
        if (current.length() > 0) {
            segments.add(current.toString());
        }
        return new Series(label, css, dash, List.copyOf(segments), List.copyOf(points));
    }

    private static double x(int i, int n, int left, int right) {
        return n <= 1 ? left : left + (double) i * (right - left) / (n - 1);
    }

    private static double y(double v, int lo, int hi, int top, int bottom) {
        double f = (Math.log10(v) - lo) / (hi - lo);
        return bottom - f * (bottom - top);
    }

    /** One decimal, e.g. {@code 64.0}: coordinates, thousands per page, so no {@code String.format}. */
    static String fmt(double d) {
        long tenths = Math.round(d * 10);
        long abs = Math.abs(tenths);
        return (tenths < 0 ? "-" : "") + abs / 10 + "." + abs % 10;
    }

    private static String ms(Double v) {
        return v == null ? "–" : Format.millis(v);
    }
}
