package dev.shipwatch.statuspage;

import dev.shipwatch.config.Target;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.WarmStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The monitor's Prometheus metrics, served at {@code /metrics}. Every per-target series carries
 * {@code target} and {@code platform}; every configured target has its series from start-up on,
 * before its first run:
 *
 * <ul>
 * <li>{@code shipwatch_runs_total{outcome}}: finished runs, every outcome starting at 0 (so
 *     {@code increase()} sees the first failure);</li>
 * <li>{@code shipwatch_probe_success}: 1 when the latest counted run (success, degraded or
 *     failed) worked, 0 when it failed, as blackbox_exporter's {@code probe_success}; NaN before
 *     any;</li>
 * <li>{@code shipwatch_last_run_timestamp_seconds}: when the latest run finished (any outcome),
 *     for staleness alerts; 0 before any;</li>
 * <li>{@code shipwatch_phase_duration_seconds{phase}}: histograms of build, deploy, cold_start,
 *     first_request and teardown, failed and timed-out phases included (timed until they failed);</li>
 * <li>{@code shipwatch_first_request_phase_duration_seconds{phase}}: histograms of the first
 *     request's dns, connect, tls, ttfb and transfer (steps a request did not take are not
 *     recorded: no dns for an IP address, no tls for plain HTTP);</li>
 * <li>{@code shipwatch_warm_request_duration_seconds{stat}}: the latest run's warm requests, p50,
 *     p95, p99 and max (runs keep these statistics, not every request);</li>
 * <li>{@code jvm_*} and {@code process_*} from Micrometer's binders, and
 *     {@code process_resident_memory_bytes} and {@code process_cpu_seconds_total} by their
 *     Prometheus names.</li>
 * </ul>
 *
 * <p>Other parts add their own meters to {@link #registry()} (alerting: outbox gauges). A
 * Micrometer timer also writes a {@code …_max} gauge that decays over a window, which Prometheus
 * users do not expect next to a histogram: {@link #scrape()} leaves those out. Thread-safe.
 */
public final class RunMetrics implements AutoCloseable {
    /** Fixed buckets from a fast local deploy to a slow PaaS build, so every target's histogram has the same few series. */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300)};
    /** A request's steps: from a loopback connect to a slow TLS handshake far away. */
    private static final Duration[] REQUEST_BUCKETS = {
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final Set<Outcome> FINISHED = EnumSet.complementOf(EnumSet.of(Outcome.RUNNING));
    private static final List<String> PHASES = List.of("build", "deploy", "cold_start", "first_request", "teardown");
    private static final List<String> REQUEST_PHASES = List.of("dns", "connect", "tls", "ttfb", "transfer");
    private static final List<String> WARM_STATS = List.of("p50", "p95", "p99", "max");
    private static final List<String> FS_OPERATIONS = List.of("cycle", "open_read", "stat_missing", "create_fsync", "list");
    private static final List<String> OUTBOUND_PHASES = List.of("dns", "connect", "tls", "ttfb", "total");
    /** Lateness buckets: a healthy scheduler starts runs within milliseconds of their fire time. */
    private static final Duration[] LATENESS_BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** The gauges' values per target; gauges read them on scrape. */
    private final Map<String, TargetState> states = new ConcurrentHashMap<>();

    /** What a target's gauges show. Written by the run's thread, read by the scrape. */
    private static final class TargetState {
        volatile double success = Double.NaN;
        volatile double lastRunSeconds;
        final Map<String, Double> warm = new ConcurrentHashMap<>();
        /** The latest run's file-system operations per second, by operation; outbound call seconds, by phase. */
        final Map<String, Double> fs = new ConcurrentHashMap<>();
        final Map<String, Double> outbound = new ConcurrentHashMap<>();
    }

    /** Metrics with no target series until {@link #track} or {@link #record}. */
    public RunMetrics() {
        // Two of Micrometer's names break Prometheus's naming rules (promtool: a unit abbreviated
        // as "ns", a gauge ending in "_count"); the CPU time is exported the Prometheus way instead.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("process.resident.memory", RunMetrics::residentBytes).baseUnit("bytes")
                .description("Resident set size of the monitor's process (VmRSS)").register(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time the monitor's process used").register(registry);
        }
    }

    /** Metrics whose series for {@code targets} exist from the start. */
    public RunMetrics(Collection<Target> targets) {
        this();
        track(targets);
    }

    /** Where other parts of the monitor register meters (e.g. gauges of the alert outbox). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Creates every series of these targets at zero (counters), NaN or 0 (gauges), empty (histograms). */
    public void track(Collection<Target> targets) {
        for (Target t : targets) {
            series(t.name(), t.platform().type());
        }
    }

    /**
     * Sets the gauges from stored runs, newest first (e.g. after a restart), without counting
     * them: counters start at 0 with each process, as Prometheus expects.
     */
    public void seed(String target, String platform, List<ProbeRun> newestFirst) {
        TargetState s = series(target, platform);
        newestFirst.stream().filter(r -> r.outcome() != Outcome.RUNNING && r.finishedAt() != null).findFirst()
                .ifPresent(r -> s.lastRunSeconds = seconds(r.finishedAt()));
        newestFirst.stream().filter(RunMetrics::counted).findFirst().ifPresent(r -> s.success = worked(r));
    }

    /** Counts a finished run and records its timings. Never throws. */
    public void record(ProbeRun run) {
        String platform = String.valueOf(run.platform());
        TargetState s = series(run.target(), platform);
        Tags tags = Tags.of("target", run.target(), "platform", platform);
        runs(tags, run.outcome()).increment();
        if (run.finishedAt() != null) {
            s.lastRunSeconds = seconds(run.finishedAt());
        }
        if (counted(run)) {
            s.success = worked(run);
        }
        phase(tags, "build", run.phases().buildMs());
        phase(tags, "deploy", run.phases().deployMs());
        phase(tags, "cold_start", run.phases().coldStartMs());
        FirstRequest first = run.firstRequest();
        if (first != null) {
            phase(tags, "first_request", first.totalMs());
            requestPhase(tags, "dns", first.dnsMs());
            requestPhase(tags, "connect", first.connectMs());
            requestPhase(tags, "tls", first.tlsMs());
            requestPhase(tags, "ttfb", first.ttfbMs());
            requestPhase(tags, "transfer", first.transferMs());
        }
        phase(tags, "teardown", run.phases().teardownMs());
        WarmStats warm = run.warm();
        if (warm != null) {
            s.warm.put("p50", warm.p50Ms() / 1e3);
            s.warm.put("p95", warm.p95Ms() / 1e3);
            s.warm.put("p99", warm.p99Ms() / 1e3);
            s.warm.put("max", warm.maxMs() / 1e3);
        }
        inside(s, run);
    }

    /** What the canary measured inside the platform; a figure the run did not measure keeps its last value. */
    private static void inside(TargetState s, ProbeRun run) {
        var w = run.workload();
        put(s.fs, "cycle", w.fsOpsPerS(), 1);
        put(s.fs, "open_read", w.fs().openReadPerS(), 1);
        put(s.fs, "stat_missing", w.fs().statMissingPerS(), 1);
        put(s.fs, "create_fsync", w.fs().createFsyncPerS(), 1);
        put(s.fs, "list", w.fs().listPerS(), 1);
        put(s.outbound, "dns", w.outbound().dnsMs(), 1e-3);
        put(s.outbound, "connect", w.outbound().connectMs(), 1e-3);
        put(s.outbound, "tls", w.outbound().tlsMs(), 1e-3);
        put(s.outbound, "ttfb", w.outbound().ttfbMs(), 1e-3);
        put(s.outbound, "total", w.outboundMs(), 1e-3);
    }

    private static void put(Map<String, Double> figures, String key, Double measured, double scale) {
        if (measured != null) {
            figures.put(key, measured * scale);
        }
    }

    /** How late a run started after its fire time ({@code shipwatch_run_start_lateness_seconds}): is the scheduler keeping up? */
    public void startLateness(Duration late) {
        Timer.builder("shipwatch.run.start.lateness").description("Time from a run's scheduled fire time to its start")
                .serviceLevelObjectives(LATENESS_BUCKETS).register(registry)
                .record(late.isNegative() ? Duration.ZERO : late);
    }

    /** The target's state, registering all of its series the first time. */
    private TargetState series(String target, String platform) {
        return states.computeIfAbsent(target, name -> {
            TargetState s = new TargetState();
            Tags tags = Tags.of("target", name, "platform", platform);
            FINISHED.forEach(o -> runs(tags, o));
            Gauge.builder("shipwatch.probe.success", s, st -> st.success)
                    .description("1 when the target's latest counted run (success, degraded, failed) worked, 0 when it failed; NaN before any")
                    .tags(tags).strongReference(true).register(registry);
            Gauge.builder("shipwatch.last.run.timestamp", s, st -> st.lastRunSeconds).baseUnit("seconds")
                    .description("When the target's latest run finished (Unix time); 0 before any")
                    .tags(tags).strongReference(true).register(registry);
            PHASES.forEach(p -> phaseTimer(tags, p));
            REQUEST_PHASES.forEach(p -> requestTimer(tags, p));
            for (String stat : WARM_STATS) {
                Gauge.builder("shipwatch.warm.request.duration", s, st -> st.warm.getOrDefault(stat, Double.NaN)).baseUnit("seconds")
                        .description("The latest run's warm requests on one kept-alive connection: p50, p95, p99 and max; NaN before any")
                        .tags(tags.and("stat", stat)).strongReference(true).register(registry);
            }
            for (String op : FS_OPERATIONS) {
                Gauge.builder("shipwatch.fs.ops.per.second", s, st -> st.fs.getOrDefault(op, Double.NaN))
                        .description("File-system operations per second the canary measured in the latest run that measured them; NaN before any")
                        .tags(tags.and("operation", op)).strongReference(true).register(registry);
            }
            for (String phase : OUTBOUND_PHASES) {
                Gauge.builder("shipwatch.outbound", s, st -> st.outbound.getOrDefault(phase, Double.NaN)).baseUnit("seconds")
                        .description("The canary's outbound call by phase in the latest run that made it; NaN before any")
                        .tags(tags.and("phase", phase)).strongReference(true).register(registry);
            }
            return s;
        });
    }

    private Counter runs(Tags tags, Outcome outcome) {
        return Counter.builder("shipwatch.runs").description("Finished probe runs by outcome")
                .tags(tags).tag("outcome", outcome.wire()).register(registry);
    }

    private Timer phaseTimer(Tags tags, String phase) {
        return Timer.builder("shipwatch.phase.duration")
                .description("Duration of each phase of a probe run, failed and timed-out phases included")
                .tags(tags).tag("phase", phase).serviceLevelObjectives(BUCKETS).register(registry);
    }

    private Timer requestTimer(Tags tags, String phase) {
        return Timer.builder("shipwatch.first.request.phase.duration")
                .description("The first request after cold start, step by step (fresh connection)")
                .tags(tags).tag("phase", phase).serviceLevelObjectives(REQUEST_BUCKETS).register(registry);
    }

    private void phase(Tags tags, String phase, Double ms) {
        if (ms != null && ms >= 0) {
            phaseTimer(tags, phase).record(Duration.ofNanos((long) (ms * 1_000_000)));
        }
    }

    private void requestPhase(Tags tags, String phase, Double ms) {
        if (ms != null && ms >= 0) {
            requestTimer(tags, phase).record(Duration.ofNanos((long) (ms * 1_000_000)));
        }
    }

    /** Aborted and skipped runs say nothing about the target, as for the status page and paging. */
    private static boolean counted(ProbeRun r) {
        return r.outcome() == Outcome.SUCCESS || r.outcome() == Outcome.DEGRADED || r.outcome() == Outcome.FAILED;
    }

    private static double worked(ProbeRun r) {
        return r.outcome() == Outcome.FAILED ? 0 : 1;
    }

    private static double seconds(Instant at) {
        return at.toEpochMilli() / 1e3;
    }

    /** VmRSS of this process in bytes (Linux); NaN where /proc does not tell. */
    private static double residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc is not mounted: no figure
        }
        return Double.NaN;
    }

    /** The Prometheus text exposition (0.0.4) of every meter, without the decaying {@code _max} gauges of timers. */
    String scrape() {
        MetricSnapshots all = registry.getPrometheusRegistry().scrape();
        Set<String> distributions = all.stream()
                .filter(m -> m instanceof HistogramSnapshot || m instanceof SummarySnapshot)
                .map(m -> m.getMetadata().getPrometheusName()).collect(Collectors.toSet());
        List<MetricSnapshot> kept = all.stream().filter(m -> !(m instanceof GaugeSnapshot && isMaxOf(m, distributions))).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(kept), EscapingScheme.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isMaxOf(MetricSnapshot gauge, Set<String> distributions) {
        String name = gauge.getMetadata().getPrometheusName();
        return name.endsWith("_max") && distributions.contains(name.substring(0, name.length() - "_max".length()));
    }

    /** Unbinds the garbage collector listeners. */
    @Override
    public void close() {
        gc.close();
    }
}
