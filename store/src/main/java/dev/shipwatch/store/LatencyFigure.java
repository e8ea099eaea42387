package dev.shipwatch.store;

import java.util.Locale;
import java.util.function.Function;

/** The latency figures of a run that reports take percentiles of (one histogram each per target and day). */
public enum LatencyFigure {
    BUILD(r -> r.phases().buildMs(), "build_ms"),
    DEPLOY(r -> r.phases().deployMs(), "deploy_ms"),
    COLD_START(r -> r.phases().coldStartMs(), "cold_start_ms"),
    WARM_P50(r -> r.warm() == null ? null : r.warm().p50Ms(), "warm_p50_ms"),
    WARM_P95(r -> r.warm() == null ? null : r.warm().p95Ms(), "warm_p95_ms"),
    WARM_P99(r -> r.warm() == null ? null : r.warm().p99Ms(), "warm_p99_ms");

    private final Function<ProbeRun, Double> value;
    /** The probe_runs column holding it. */
    final String column;

    LatencyFigure(Function<ProbeRun, Double> value, String column) {
        this.value = value;
        this.column = column;
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
