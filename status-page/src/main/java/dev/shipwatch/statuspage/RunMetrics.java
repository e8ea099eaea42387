package dev.shipwatch.statuspage;

import dev.shipwatch.store.ProbeRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The monitor's Prometheus metrics, served at {@code /metrics}: runs by target and outcome, and a
 * duration histogram per target and phase. Other parts add their own meters to
 * {@link #registry()} (alerting: outbox gauges). Thread-safe.
 */
public final class RunMetrics {
    /** Fixed buckets from a fast local deploy to a slow PaaS build, so every target's histogram has the same few series. */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** The latest value of each gauge of what the canary measured inside the platform, by name and tags. */
    private final Map<String, AtomicReference<Double>> latest = new ConcurrentHashMap<>();

    /** Where other parts of the monitor register meters (e.g. gauges of the alert outbox). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a finished run and records its phase durations. Never throws. */
    public void record(ProbeRun run) {
        Counter.builder("shipwatch.runs").description("Finished probe runs by outcome")
                .tag("target", run.target()).tag("platform", String.valueOf(run.platform()))
                .tag("outcome", run.outcome().wire()).register(registry).increment();
        phase(run, "build", run.phases().buildMs());
        phase(run, "deploy", run.phases().deployMs());
        phase(run, "cold_start", run.phases().coldStartMs());
        phase(run, "first_request", run.firstRequest() == null ? null : run.firstRequest().totalMs());
        phase(run, "teardown", run.phases().teardownMs());
        inside(run);
    }

    /**
     * What the canary measured inside the platform, as gauges of the latest run that measured it:
     * {@code shipwatch_fs_ops_per_second{target,operation}} (the {@code /work/fs} cycle and the
     * profile's open_read, stat_missing, create_fsync, list) and
     * {@code shipwatch_outbound_seconds{target,phase}} (dns, connect, tls, ttfb, total).
     */
    private void inside(ProbeRun run) {
        var w = run.workload();
        gauge(run, "shipwatch.fs.ops.per.second", "operation", "cycle", w.fsOpsPerS(), 1);
        gauge(run, "shipwatch.fs.ops.per.second", "operation", "open_read", w.fs().openReadPerS(), 1);
        gauge(run, "shipwatch.fs.ops.per.second", "operation", "stat_missing", w.fs().statMissingPerS(), 1);
        gauge(run, "shipwatch.fs.ops.per.second", "operation", "create_fsync", w.fs().createFsyncPerS(), 1);
        gauge(run, "shipwatch.fs.ops.per.second", "operation", "list", w.fs().listPerS(), 1);
        gauge(run, "shipwatch.outbound.seconds", "phase", "dns", w.outbound().dnsMs(), 1e-3);
        gauge(run, "shipwatch.outbound.seconds", "phase", "connect", w.outbound().connectMs(), 1e-3);
        gauge(run, "shipwatch.outbound.seconds", "phase", "tls", w.outbound().tlsMs(), 1e-3);
        gauge(run, "shipwatch.outbound.seconds", "phase", "ttfb", w.outbound().ttfbMs(), 1e-3);
        gauge(run, "shipwatch.outbound.seconds", "phase", "total", w.outboundMs(), 1e-3);
    }

    private static final Map<String, String> HELP = Map.of(
            "shipwatch.fs.ops.per.second", "File-system operations per second the canary measured in the latest run",
            "shipwatch.outbound.seconds", "The canary's outbound call by phase in the latest run");

    private void gauge(ProbeRun run, String name, String tag, String value, Double measured, double scale) {
        if (measured == null) {
            return;
        }
        AtomicReference<Double> holder = latest.computeIfAbsent(name + "|" + run.target() + "|" + value, k -> {
            AtomicReference<Double> h = new AtomicReference<>(Double.NaN);
            io.micrometer.core.instrument.Gauge.builder(name, h, AtomicReference::get)
                    .description(HELP.get(name))
                    .tag("target", run.target()).tag(tag, value).register(registry);
            return h;
        });
        holder.set(measured * scale);
    }

    private void phase(ProbeRun run, String phase, Double ms) {
        if (ms == null || ms < 0) {
            return;
        }
        Timer.builder("shipwatch.phase.duration").description("Duration of each phase of a probe run")
                .tag("target", run.target()).tag("phase", phase)
                .serviceLevelObjectives(BUCKETS).register(registry)
                .record(Duration.ofNanos((long) (ms * 1_000_000)));
    }

    /** Lateness buckets: a healthy scheduler starts runs within milliseconds of their fire time. */
    private static final Duration[] LATENESS_BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    /** How late a run started after its fire time ({@code shipwatch_run_start_lateness_seconds}): is the scheduler keeping up? */
    public void startLateness(Duration late) {
        Timer.builder("shipwatch.run.start.lateness").description("Time from a run's scheduled fire time to its start")
                .serviceLevelObjectives(LATENESS_BUCKETS).register(registry)
                .record(late.isNegative() ? Duration.ZERO : late);
    }

    /** The Prometheus text exposition of every meter. */
    String scrape() {
        return registry.scrape();
    }
}
