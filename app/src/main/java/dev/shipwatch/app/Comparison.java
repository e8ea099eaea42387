package dev.shipwatch.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 */
record Comparison(String target, String platform, int runs, Double successPct,
                  Spread build, Spread deploy, Spread coldStart, Spread warmP95, Spread fsOpsPerS) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A median and a tail percentile; each null when nothing was measured. */
    record Spread(Double median, Double tail) {
        static final Spread NONE = new Spread(null, null);
    }

    static Comparison of(String target, String platform, List<ProbeRun> stored) {
        List<ProbeRun> runs = stored.stream()
                .filter(r -> r.outcome() != Outcome.SKIPPED && r.outcome() != Outcome.ABORTED && r.outcome() != Outcome.RUNNING)
                .toList();
        long ok = runs.stream().filter(r -> r.outcome() == Outcome.SUCCESS || r.outcome() == Outcome.DEGRADED).count();
        return new Comparison(target, platform, runs.size(), runs.isEmpty() ? null : 100.0 * ok / runs.size(),
                // how fast each phase is when it works: a failed phase's time is left out
                spread(runs, r -> r.completedPhases().buildMs(), 95),
                spread(runs, r -> r.completedPhases().deployMs(), 95),
                spread(runs, r -> r.completedPhases().coldStartMs(), 95),
                spread(runs, r -> r.warm() == null ? null : r.warm().p95Ms(), 95),
                spread(runs, r -> r.workload().fsOpsPerS(), 5));
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
            cells.add(new String[] {c.target(), c.platform(), Integer.toString(c.runs()),
                    c.successPct() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", c.successPct()),
                    ms(c.build()), ms(c.deploy()), ms(c.coldStart()), ms(c.warmP95()), count(c.fsOpsPerS())});
        }
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
                // Names left-aligned, figures right-aligned, two spaces between columns.
                String cell = i < 2 ? pad(row[i], width[i], false) : pad(row[i], width[i], true);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
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
