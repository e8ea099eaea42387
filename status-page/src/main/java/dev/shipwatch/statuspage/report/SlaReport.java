package dev.shipwatch.statuspage.report;

import dev.shipwatch.statuspage.Uptime;

import dev.shipwatch.store.LatencyFigure;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A computed SLA report: its period, the accounting rules it was computed by, and one row per
 * component (followed by its targets). The formats ({@link ReportFormats}) only render this.
 *
 * @param end         the end the figures run to: the period's end, or now for a period not over
 * @param rules       the accounting rules, printed with every form of the report
 */
public record SlaReport(String site, ReportPeriod period, Instant end, Instant generatedAt, int precision,
                        List<String> rules, List<Row> rows) {
    public SlaReport {
        rules = List.copyOf(rules);
        rows = List.copyOf(rows);
    }

    /** Whether the figures stop before the period's end (it is not over yet). */
    public boolean partial() {
        return end.isBefore(period.to());
    }

    public enum Kind {
        COMPONENT, TARGET;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One component or target.
     *
     * @param id           the component id, or the target name
     * @param component    for a target, the id of the component it feeds; for a component, its id
     * @param availability up / (up + down) in percent, rounded down to the report's precision; null with no data
     * @param budget       null when there is no availability objective
     * @param inside       the median of each figure measured inside the platform ({@link #INSIDE}) over the
     *                     period's runs that measured it; figures never measured are absent
     */
    public record Row(Kind kind, String id, String name, String component, Uptime.Times times, BigDecimal availability,
                      int runs, int failedRuns, IncidentStats incidents, Latency latency,
                      List<ObjectiveResult> objectives, Budget budget, Map<LatencyFigure, Double> inside) {
        public Row {
            objectives = List.copyOf(objectives);
            inside = Map.copyOf(inside);
        }
    }

    /** What the canary measures inside the platform, in the order the forms list it. */
    public static final List<LatencyFigure> INSIDE = List.of(LatencyFigure.FS_OPS, LatencyFigure.FS_OPEN_READ,
            LatencyFigure.FS_STAT_MISSING, LatencyFigure.FS_CREATE_FSYNC, LatencyFigure.FS_LIST, LatencyFigure.CPU,
            LatencyFigure.OUTBOUND, LatencyFigure.OUTBOUND_DNS, LatencyFigure.OUTBOUND_CONNECT, LatencyFigure.OUTBOUND_TLS,
            LatencyFigure.OUTBOUND_TTFB);

    /**
     * The incidents naming a component that were open at some time in the period.
     *
     * @param totalMs   their time open inside the period (overlaps counted once per incident)
     * @param longestMs the longest of those times
     * @param mttrMs    mean creation → resolution of those resolved inside the period; null when none was
     */
    public record IncidentStats(int count, long totalMs, long longestMs, Long mttrMs) {
        public static final IncidentStats NONE = new IncidentStats(0, 0, 0, null);
    }

    /** Latency percentiles over the period's runs (warm requests: over each run's own pN). */
    public record Latency(Percentiles build, Percentiles deploy, Percentiles coldStart, Percentiles request) {
        public Percentiles of(String metric) {
            return switch (metric) {
                case "build" -> build;
                case "deploy" -> deploy;
                case "cold-start" -> coldStart;
                case "request" -> request;
                default -> throw new IllegalArgumentException("unknown latency figure " + metric);
            };
        }
    }

    public enum Compliance {
        MET, MISSED, NO_DATA;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One objective and how the period did.
     *
     * @param key       {@code availability}, {@code cold-start-p95} …
     * @param objective what was promised, e.g. {@code 99.9} (percent) or {@code 5000} (ms)
     * @param actual    the period's figure in the same unit; null with no data
     */
    public record ObjectiveResult(String key, BigDecimal objective, BigDecimal actual, Compliance compliance) {}

    /**
     * The error budget of an availability objective, in minutes: allowed = (100 − objective) %
     * of the measured time (up + down), used = downtime.
     *
     * @param leftPercent (allowed − used) / allowed in percent (negative when overspent); null when nothing was allowed
     */
    public record Budget(BigDecimal allowedMinutes, BigDecimal usedMinutes, BigDecimal leftPercent) {}
}
