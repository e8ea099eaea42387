package dev.shipwatch.store;

import java.util.Locale;
import java.util.function.Function;

/** The latency figures of a run that reports take percentiles of (one histogram each per target and day). */
public enum LatencyFigure {
    // Completed phases only: how long a failing build took to fail is not a build time to report.
    BUILD(r -> r.completedPhases().buildMs(), "build_ms", Phase.BUILD),
    DEPLOY(r -> r.completedPhases().deployMs(), "deploy_ms", Phase.DEPLOY),
    COLD_START(r -> r.completedPhases().coldStartMs(), "cold_start_ms", Phase.COLD_START),
    WARM_P50(r -> r.warm() == null ? null : r.warm().p50Ms(), "warm_p50_ms", null),
    WARM_P95(r -> r.warm() == null ? null : r.warm().p95Ms(), "warm_p95_ms", null),
    WARM_P99(r -> r.warm() == null ? null : r.warm().p99Ms(), "warm_p99_ms", null);

    private final Function<ProbeRun, Double> value;
    /** The probe_runs column holding it. */
    final String column;
    /** The phase whose time it is (not counted when that phase failed), or null. */
    final Phase phase;

    LatencyFigure(Function<ProbeRun, Double> value, String column, Phase phase) {
        this.value = value;
        this.column = column;
        this.phase = phase;
    }

    /** The run's value, or null when it did not measure it. */
    public Double of(ProbeRun run) {
        return value.apply(run);
    }

    /** The name in storage: {@code cold_start}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
