package dev.shipwatch.statuspage;

import dev.shipwatch.store.ProbeRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

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
