package dev.shipwatch.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One target's figures over a period, for comparing platforms side by side. Skipped runs
 * (maintenance) and aborted runs (the monitor stopped) say nothing about the platform and are
 * left out; a run counts as a success when the canary was deployed and answered (outcome
 * {@code success} or {@code degraded}).
 *
 * @param runs        runs counted
 * @param successPct  null when there are no runs
 * @param fsOpsPerS   median and 5th percentile: for a throughput the slow end is the tail that matters
 * @param medians     the median of each watched figure ({@link ShiftDetector#WATCHED}) the runs measured
 * @param shifts      the regression detector's finding as of the newest run of the period
 * @param location    the location whose runs these are, for a target in several; null: all its runs
 */
record Comparison(String target, String platform, int runs, Double successPct,
                  Spread build, Spread deploy, Spread coldStart, Spread warmP95, Spread fsOpsPerS,
                  Map<LatencyFigure, Double> medians, List<FigureShift> shifts, String location) {
    Comparison {
        medians = Map.copyOf(medians);
        shifts = List.copyOf(shifts);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A median and a tail percentile; each null when nothing was measured. */
    record Spread(Double median, Double tail) {
        static final Spread NONE = new Spread(null, null);
    }

    /** What the rows name: the target, or {@code target@location}. */
    String label() {
        return location == null ? target : target + "@" + location;
    }

    static Comparison of(String target, String platform, List<ProbeRun> stored) {
        return of(target, platform, stored, null);
    }

    /** The figures of {@code target}'s runs in {@code location} only (null: all of them). */
    static Comparison of(String target, String platform, List<ProbeRun> all, String location) {
        List<ProbeRun> stored = location == null ? all : all.stream().filter(r -> location.equals(r.location())).toList();
        List<ProbeRun> runs = stored.stream()
                .filter(r -> r.outcome() != Outcome.SKIPPED && r.outcome() != Outcome.ABORTED && r.outcome() != Outcome.RUNNING)
                .toList();
        long ok = runs.stream().filter(r -> r.outcome() == Outcome.SUCCESS || r.outcome() == Outcome.DEGRADED).count();
        Map<LatencyFigure, Double> medians = new EnumMap<>(LatencyFigure.class);
        for (LatencyFigure f : ShiftDetector.WATCHED) {
            Double median = spread(runs, f::of, 50).median();
            if (median != null) {
                medians.put(f, median);
            }
        }
        return new Comparison(target, platform, runs.size(), runs.isEmpty() ? null : 100.0 * ok / runs.size(),
                // how fast each phase is when it works: a failed phase's time is left out
                spread(runs, r -> r.completedPhases().buildMs(), 95),
                spread(runs, r -> r.completedPhases().deployMs(), 95),
                spread(runs, r -> r.completedPhases().coldStartMs(), 95),
                spread(runs, r -> r.warm() == null ? null : r.warm().p95Ms(), 95),
                spread(runs, r -> r.workload().fsOpsPerS(), 5),
                medians, stored.isEmpty() ? List.of() : stored.get(stored.size() - 1).shifts(), location);
    }

    private static Spread spread(List<ProbeRun> runs, Function<ProbeRun, Double> figure, int tailPercentile) {
        double[] values = runs.stream().map(figure).filter(Objects::nonNull).mapToDouble(Double::doubleValue).sorted().toArray();
        if (values.length == 0) {
            return Spread.NONE;
        }
        return new Spread(median(values), nearestRank(values, tailPercentile));
    }

    /** The middle value; the mean of the two middle values for an even count. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below it. */
    static double nearestRank(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /**
     * What {@code shipwatch compare --json} prints: the period and one object per target, each
     * figure {@code {"median", "p95"}} (file operations: {@code "p5"}), null where nothing was
     * measured. Field names are a public contract (README).
     */
    static String json(Instant from, Instant to, int days, List<Comparison> rows) {
        ObjectNode o = JSON.createObjectNode().put("from", from.toString()).put("to", to.toString()).put("days", days);
        ArrayNode targets = o.putArray("targets");
        for (Comparison c : rows) {
            ObjectNode t = targets.addObject().put("target", c.target()).put("platform", c.platform()).put("runs", c.runs());
            if (c.location() != null) {
                t.put("location", c.location());
            }
            t.put("success_percent", c.successPct());
            spread(t.putObject("build_ms"), c.build(), "p95");
            spread(t.putObject("deploy_ms"), c.deploy(), "p95");
            spread(t.putObject("cold_start_ms"), c.coldStart(), "p95");
            spread(t.putObject("warm_p95_ms"), c.warmP95(), "p95");
            spread(t.putObject("fs_ops_per_s"), c.fsOpsPerS(), "p5");
        }
        return o.toString();
    }

    private static void spread(ObjectNode node, Spread s, String tail) {
        node.put("median", s.median());
        node.put(tail, s.tail());
    }

    /** The table {@code shipwatch compare} prints: a header and one row per comparison, columns aligned. */
    static String table(List<Comparison> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"target", "platform", "runs", "success", "build ms", "deploy ms", "cold start ms",
                "warm p95 ms", "fs ops/s"});
        cells.add(new String[] {"", "", "", "", "med / p95", "med / p95", "med / p95", "med / p95", "med / p5"});
        for (Comparison c : rows) {
            cells.add(new String[] {c.label(), c.platform(), Integer.toString(c.runs()),
                    c.successPct() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", c.successPct()),
                    ms(c.build()), ms(c.deploy()), ms(c.coldStart()), ms(c.warmP95()), count(c.fsOpsPerS())});
        }
        return align(cells, 2);
    }

    /** Columns aligned: the first {@code names} left (names), the others right (figures), two spaces between. */
    private static String align(List<String[]> cells, int names) {
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        var out = new StringBuilder();
        for (String[] row : cells) {
            var line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = i < names ? pad(row[i], width[i], false) : pad(row[i], width[i], true);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /**
     * Every watched figure some target measured, one row each: each target's median, and with a
     * {@code baseline} target, how many times slower each other target is than it (its median over
     * the baseline's for milliseconds, the baseline's over its own for operations per second).
     */
    static String figures(List<Comparison> rows, String baseline) {
        Comparison base = baseline == null ? null : rows.stream()
                .filter(c -> c.label().equals(baseline) || c.target().equals(baseline)).findFirst().orElse(null);
        List<String[]> cells = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("median", "unit"));
        for (Comparison c : rows) {
            head.add(c.label());
            if (base != null && c != base) {
                head.add("× " + base.label());
            }
        }
        cells.add(head.toArray(String[]::new));
        for (LatencyFigure f : ShiftDetector.WATCHED) {
            if (rows.stream().noneMatch(c -> c.medians().containsKey(f))) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(f.label(), f.unit()));
            for (Comparison c : rows) {
                Double m = c.medians().get(f);
                row.add(m == null ? "-" : f.perSecond() ? Long.toString(Math.round(m)) : millis(m));
                if (base != null && c != base) {
                    Double b = base.medians().get(f);
                    row.add(m == null || b == null ? "-" : String.format(Locale.ROOT, "%.2f", f.perSecond() ? b / m : m / b));
                }
            }
            cells.add(row.toArray(String[]::new));
        }
        return align(cells, 1);
    }

    /** The shifts each target's newest run of the period carried, one line each; empty when there are none. */
    static String shifts(List<Comparison> rows, ZoneId zone) {
        DateTimeFormatter at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT).withZone(zone);
        var out = new StringBuilder();
        for (Comparison c : rows) {
            for (FigureShift s : c.shifts()) {
                out.append(c.label()).append(": ").append(s.describe(at.format(s.since()))).append('\n');
            }
        }
        return out.toString();
    }

    private static String ms(Spread s) {
        return s.median() == null ? "-" : millis(s.median()) + " / " + millis(s.tail());
    }

    private static String count(Spread s) {
        return s.median() == null ? "-" : Math.round(s.median()) + " / " + Math.round(s.tail());
    }

    /** One decimal below 10 ms, whole milliseconds above: as precise as the figures are. */
    static String millis(double ms) {
        return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : Long.toString(Math.round(ms));
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    @Override
    public String toString() {
        return "Comparison[" + target + ", runs=" + runs + ", " + Arrays.asList(build, deploy, coldStart, warmP95, fsOpsPerS) + "]";
    }
}
