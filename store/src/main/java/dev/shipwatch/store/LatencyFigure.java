package dev.shipwatch.store;

import java.util.Locale;
import java.util.function.Function;

/**
 * The figures of a run that reports take percentiles of (one histogram each per target and day)
 * and that the regression detector watches. Most are milliseconds, where more is worse; the
 * file-system figures are operations per second, where fewer is worse.
 */
public enum LatencyFigure {
    // Completed phases only: how long a failing build took to fail is not a build time to report.
    BUILD(r -> r.completedPhases().buildMs(), "build_ms", "build", false, Phase.BUILD),
    DEPLOY(r -> r.completedPhases().deployMs(), "deploy_ms", "deploy", false, Phase.DEPLOY),
    COLD_START(r -> r.completedPhases().coldStartMs(), "cold_start_ms", "cold start", false, Phase.COLD_START),
    WARM_P50(r -> r.warm() == null ? null : r.warm().p50Ms(), "warm_p50_ms", "warm p50", false, null),
    WARM_P95(r -> r.warm() == null ? null : r.warm().p95Ms(), "warm_p95_ms", "warm p95", false, null),
    WARM_P99(r -> r.warm() == null ? null : r.warm().p99Ms(), "warm_p99_ms", "warm p99", false, null),
    FS_OPS(r -> r.workload().fsOpsPerS(), "wl_fs_ops_per_s", "file ops", true, null),
    FS_OPEN_READ(r -> r.workload().fs().openReadPerS(), "wl_fs_open_read_per_s", "file opens", true, null),
    FS_STAT_MISSING(r -> r.workload().fs().statMissingPerS(), "wl_fs_stat_missing_per_s", "missing-file stats", true, null),
    FS_CREATE_FSYNC(r -> r.workload().fs().createFsyncPerS(), "wl_fs_create_fsync_per_s", "synced writes", true, null),
    FS_LIST(r -> r.workload().fs().listPerS(), "wl_fs_list_per_s", "directory listings", true, null),
    CPU(r -> r.workload().cpuMs(), "wl_cpu_ms", "CPU work", false, null),
    OUTBOUND(r -> r.workload().outboundMs(), "wl_outbound_ms", "outbound call", false, null),
    OUTBOUND_DNS(r -> r.workload().outbound().dnsMs(), "wl_out_dns_ms", "outbound DNS", false, null),
    OUTBOUND_CONNECT(r -> r.workload().outbound().connectMs(), "wl_out_connect_ms", "outbound connect", false, null),
    OUTBOUND_TLS(r -> r.workload().outbound().tlsMs(), "wl_out_tls_ms", "outbound TLS", false, null),
    OUTBOUND_TTFB(r -> r.workload().outbound().ttfbMs(), "wl_out_ttfb_ms", "outbound first byte", false, null);

    private final Function<ProbeRun, Double> value;
    /** The probe_runs column holding it. */
    final String column;
    private final String label;
    private final boolean perSecond;
    /** The phase whose time it is (not counted when that phase failed), or null. */
    final Phase phase;

    LatencyFigure(Function<ProbeRun, Double> value, String column, String label, boolean perSecond, Phase phase) {
        this.value = value;
        this.column = column;
        this.label = label;
        this.perSecond = perSecond;
        this.phase = phase;
    }

    /** The run's value, or null when it did not measure it. */
    public Double of(ProbeRun run) {
        return value.apply(run);
    }

    /** The name in storage and in metrics: {@code cold_start}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** For people: {@code cold start}, {@code file opens}. */
    public String label() {
        return label;
    }

    /** Operations per second (more is better), else milliseconds (less is better). */
    public boolean perSecond() {
        return perSecond;
    }

    /** {@code ops/s} or {@code ms}. */
    public String unit() {
        return perSecond ? "ops/s" : "ms";
    }

    /** The figure with this {@link #wire()} name. */
    public static LatencyFigure fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
