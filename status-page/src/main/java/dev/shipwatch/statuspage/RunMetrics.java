package dev.shipwatch.statuspage;

import dev.shipwatch.config.Target;
import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.WarmStats;
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
 * <li>{@code shipwatch_last_phase_duration_seconds{phase}}: the latest run's build, deploy,
 *     cold_start, first_request and teardown, failed and timed-out phases included (timed until
 *     they failed), NaN for a phase it did not reach; and
 *     {@code shipwatch_last_first_request_phase_duration_seconds{phase}}: its first request's dns,
 *     connect, tls, ttfb and transfer (NaN for a step not taken), as blackbox_exporter's
 *     {@code probe_http_duration_seconds};</li>
 * <li>{@code shipwatch_phase_duration_seconds{phase,platform}} and
 *     {@code shipwatch_first_request_phase_duration_seconds{phase,platform}}: the same as
 *     histograms per platform, not per target (a histogram a target is 17 series a phase: 186
 *     lines a target, 196 MB a scrape at 10,000 targets);</li>
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
    /** The outcomes in the order of their {@code outcome} label values, as the exposition sorts them. */
    private static final List<Outcome> FINISHED_ORDER = FINISHED.stream()
            .sorted(java.util.Comparator.comparing(Outcome::wire)).toList();
    private static final List<String> PHASES = List.of("build", "deploy", "cold_start", "first_request", "teardown");
    private static final List<String> REQUEST_PHASES = List.of("dns", "connect", "tls", "ttfb", "transfer");
    private static final List<String> WARM_STATS = List.of("p50", "p95", "p99", "max");
    private static final List<String> FS_OPERATIONS = List.of("cycle", "open_read", "stat_missing", "create_fsync", "list");
    private static final List<String> OUTBOUND_PHASES = List.of("dns", "connect", "tls", "ttfb", "total");
    /** The regression detector's figures, in the order of their {@code figure} label values. */
    private static final List<LatencyFigure> FIGURES = java.util.Arrays.stream(LatencyFigure.values())
            .sorted(java.util.Comparator.comparing(LatencyFigure::wire)).toList();
    /** Lateness buckets: a healthy scheduler starts runs within milliseconds of their fire time. */
    private static final Duration[] LATENESS_BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /**
     * Each target's series, kept and written here rather than as Micrometer meters: about 30
     * meters a target cost some 40 KB of heap each target in Micrometer (10,000 targets would not
     * start in a 384 MB heap); here they are a few arrays.
     */
    private final Map<String, TargetState> states = new ConcurrentHashMap<>();
    /** The phase histograms of each platform: {@link #PHASES} then {@link #REQUEST_PHASES}. */
    private final Map<String, Timer[]> platformTimers = new ConcurrentHashMap<>();

    /** What a target's series show. Written by the run's thread, read by the scrape, under the state's lock. */
    private static final class TargetState {
        final String platform;
        final long[] outcomes = new long[FINISHED.size()];
        double success = Double.NaN;
        double lastRunSeconds;
        /** The latest run's: phases, the first request's steps, warm stats, in seconds (NaN: not in that run). */
        final double[] phases = nan(PHASES.size());
        final double[] requestPhases = nan(REQUEST_PHASES.size());
        final double[] warm = nan(WARM_STATS.size());
        /** The latest measuring run's file-system operations per second and outbound call seconds. */
        final double[] fs = nan(FS_OPERATIONS.size());
        final double[] outbound = nan(OUTBOUND_PHASES.size());
        /** The regression detector's finding per figure of {@link #FIGURES}: NaN until the target measured it. */
        final double[] shifted = nan(FIGURES.size());
        final double[] shiftFactor = nan(FIGURES.size());

        TargetState(String platform) {
            this.platform = platform;
        }

        private static double[] nan(int n) {
            double[] a = new double[n];
            java.util.Arrays.fill(a, Double.NaN);
            return a;
        }
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
            platformTimers.computeIfAbsent(t.platform().type(), this::timers);
        }
    }

    /**
     * Sets the gauges from stored runs, newest first (e.g. after a restart), without counting
     * them: counters start at 0 with each process, as Prometheus expects.
     */
    public void seed(String target, String platform, List<ProbeRun> newestFirst) {
        TargetState s = series(target, platform);
        synchronized (s) {
            newestFirst.stream().filter(r -> r.outcome() != Outcome.RUNNING && r.finishedAt() != null).findFirst()
                    .ifPresent(r -> s.lastRunSeconds = seconds(r.finishedAt()));
            newestFirst.stream().filter(RunMetrics::counted).findFirst().ifPresent(r -> s.success = worked(r));
        }
    }

    /** Counts a finished run and records its timings. Never throws. */
    public void record(ProbeRun run) {
        String platform = String.valueOf(run.platform());
        TargetState s = series(run.target(), platform);
        Timer[] timers = platformTimers.computeIfAbsent(platform, this::timers);
        FirstRequest first = run.firstRequest();
        Double[] phases = {run.phases().buildMs(), run.phases().deployMs(), run.phases().coldStartMs(),
                first == null ? null : first.totalMs(), run.phases().teardownMs()};
        Double[] steps = first == null ? new Double[REQUEST_PHASES.size()]
                : new Double[] {first.dnsMs(), first.connectMs(), first.tlsMs(), first.ttfbMs(), first.transferMs()};
        synchronized (s) {
            int outcome = FINISHED_ORDER.indexOf(run.outcome());
            if (outcome >= 0) {
                s.outcomes[outcome]++;
            }
            if (run.finishedAt() != null) {
                s.lastRunSeconds = seconds(run.finishedAt());
            }
            if (counted(run)) {
                s.success = worked(run);
            }
            for (int i = 0; i < phases.length; i++) {
                s.phases[i] = seconds(phases[i]);
            }
            for (int i = 0; i < steps.length; i++) {
                s.requestPhases[i] = seconds(steps[i]);
            }
            WarmStats warm = run.warm();
            if (warm != null) {
                s.warm[0] = warm.p50Ms() / 1e3;
                s.warm[1] = warm.p95Ms() / 1e3;
                s.warm[2] = warm.p99Ms() / 1e3;
                s.warm[3] = warm.maxMs() / 1e3;
            }
            inside(s, run);
        }
        for (int i = 0; i < phases.length; i++) {
            observe(timers[i], phases[i]);
        }
        for (int i = 0; i < steps.length; i++) {
            observe(timers[PHASES.size() + i], steps[i]);
        }
    }

    /**
     * The regression detector's finding for a target as of its latest run: for each figure it has
     * measured, whether it is shifted ({@code shipwatch_figure_shifted}) and how many times worse
     * ({@code shipwatch_figure_shift_factor}, 1 when not shifted).
     */
    public void shifts(String target, String platform, java.util.Set<LatencyFigure> measured, Collection<FigureShift> open) {
        TargetState s = series(target, platform);
        synchronized (s) {
            for (LatencyFigure f : measured) {
                int i = FIGURES.indexOf(f);
                s.shifted[i] = 0;
                s.shiftFactor[i] = 1;
            }
            for (FigureShift shift : open) {
                int i = FIGURES.indexOf(shift.figure());
                s.shifted[i] = 1;
                s.shiftFactor[i] = shift.factor();
            }
        }
    }

    /** What the canary measured inside the platform; a figure the run did not measure keeps its last value. */
    private static void inside(TargetState s, ProbeRun run) {
        var w = run.workload();
        put(s.fs, 0, w.fsOpsPerS(), 1);
        put(s.fs, 1, w.fs().openReadPerS(), 1);
        put(s.fs, 2, w.fs().statMissingPerS(), 1);
        put(s.fs, 3, w.fs().createFsyncPerS(), 1);
        put(s.fs, 4, w.fs().listPerS(), 1);
        put(s.outbound, 0, w.outbound().dnsMs(), 1e-3);
        put(s.outbound, 1, w.outbound().connectMs(), 1e-3);
        put(s.outbound, 2, w.outbound().tlsMs(), 1e-3);
        put(s.outbound, 3, w.outbound().ttfbMs(), 1e-3);
        put(s.outbound, 4, w.outboundMs(), 1e-3);
    }

    private static void put(double[] figures, int i, Double measured, double scale) {
        if (measured != null) {
            figures[i] = measured * scale;
        }
    }

    /** Milliseconds as seconds; NaN for none. */
    private static double seconds(Double ms) {
        return ms != null && ms >= 0 ? ms / 1e3 : Double.NaN;
    }

    /** How late a run started after its fire time ({@code shipwatch_run_start_lateness_seconds}): is the scheduler keeping up? */
    public void startLateness(Duration late) {
        Timer.builder("shipwatch.run.start.lateness").description("Time from a run's scheduled fire time to its start")
                .serviceLevelObjectives(LATENESS_BUCKETS).register(registry)
                .record(late.isNegative() ? Duration.ZERO : late);
    }

    /** The target's state, created (every series at 0 or NaN) the first time. */
    private TargetState series(String target, String platform) {
        return states.computeIfAbsent(target, name -> new TargetState(platform));
    }

    /** A platform's histograms, all present from its first target on. */
    private Timer[] timers(String platform) {
        Tags tags = Tags.of("platform", platform);
        Timer[] t = new Timer[PHASES.size() + REQUEST_PHASES.size()];
        for (int i = 0; i < PHASES.size(); i++) {
            t[i] = Timer.builder("shipwatch.phase.duration")
                    .description("Duration of each phase of the platform's probe runs, failed and timed-out phases included")
                    .tags(tags).tag("phase", PHASES.get(i)).serviceLevelObjectives(BUCKETS).register(registry);
        }
        for (int i = 0; i < REQUEST_PHASES.size(); i++) {
            t[PHASES.size() + i] = Timer.builder("shipwatch.first.request.phase.duration")
                    .description("The first request after cold start on the platform, step by step (fresh connection)")
                    .tags(tags).tag("phase", REQUEST_PHASES.get(i)).serviceLevelObjectives(REQUEST_BUCKETS).register(registry);
        }
        return t;
    }

    private static void observe(Timer timer, Double ms) {
        if (ms != null && ms >= 0) {
            timer.record(Duration.ofNanos((long) (ms * 1_000_000)));
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

    /** About the size of one piece of {@link #exposition()}. */
    static final int PIECE_BYTES = 64 * 1024;

    /**
     * The Prometheus text exposition (0.0.4) of every meter, without the decaying {@code _max}
     * gauges of timers, in pieces of about {@value #PIECE_BYTES} bytes of UTF-8, each written
     * when the reader asks for it: at ten thousand targets the text is 27–38 MB, and held whole (with
     * the copies a response makes) it filled a 256 MB heap and stopped every run for seconds in
     * full collections. One exposition is read by one thread at a time.
     */
    public Exposition exposition() {
        return new Exposition();
    }

    /** The whole exposition at once: {@link #exposition()}'s pieces joined (for tests). */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(PIECE_BYTES);
        Exposition e = exposition();
        for (byte[] piece = e.next(); piece != null; piece = e.next()) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    /**
     * The exposition, piece by piece: every target's series, family by family, as the Prometheus
     * writer writes them (label names in alphabetical order: no family label sorts after
     * {@code target}), then Micrometer's meters. Each family's values are one consistent copy of
     * each target's, taken under its lock when the family begins. Target names and platform types
     * are {@code [a-z0-9-]}; escaped all the same.
     */
    public final class Exposition {
        /** Every target in name order, taken at the first piece (so that making an exposition costs nothing). */
        private List<Map.Entry<String, TargetState>> targets;
        private final StringBuilder b = new StringBuilder(PIECE_BYTES + 1024);
        private int family = -1;
        private double[][] rows;
        private int value;
        private int target;
        private boolean done;

        private Exposition() {
        }

        /** The next piece, or null after the last. */
        public byte[] next() {
            if (done) {
                return null;
            }
            if (targets == null) {
                targets = new java.util.TreeMap<>(states).entrySet().stream().toList();
            }
            b.setLength(0);
            while (b.length() < PIECE_BYTES) {
                if (rows == null || value == TARGET_FAMILIES.get(family).values().size()) {
                    if (++family == TARGET_FAMILIES.size()) {
                        done = true;
                        byte[] last = b.toString().getBytes(StandardCharsets.UTF_8);
                        byte[] meters = meters();
                        byte[] out = java.util.Arrays.copyOf(last, last.length + meters.length);
                        System.arraycopy(meters, 0, out, last.length, meters.length);
                        return out;
                    }
                    begin(TARGET_FAMILIES.get(family));
                    continue;
                }
                Family f = TARGET_FAMILIES.get(family);
                String own = f.label() == null ? null : f.label() + "=\"";
                boolean ownFirst = own != null && f.label().compareTo("platform") < 0;
                String ownLabel = own == null ? "" : own + escape(f.values().get(value)) + "\",";
                for (; target < rows.length && b.length() < PIECE_BYTES; target++) {
                    if (f.measuredOnly() && Double.isNaN(rows[target][value])) {
                        continue;
                    }
                    b.append(f.name()).append('{').append(ownFirst ? ownLabel : "")
                            .append("platform=\"").append(escape(targets.get(target).getValue().platform)).append("\",")
                            .append(ownFirst ? "" : ownLabel)
                            .append("target=\"").append(escape(targets.get(target).getKey())).append("\"} ");
                    number(b, rows[target][value]).append('\n');
                }
                if (target == rows.length) {
                    target = 0;
                    value++;
                }
            }
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }

        private void begin(Family f) {
            b.append("# HELP ").append(f.name()).append(' ').append(f.help()).append('\n');
            b.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            rows = new double[targets.size()][];
            for (int t = 0; t < rows.length; t++) {
                TargetState st = targets.get(t).getValue();
                double[] v = new double[f.values().size()];
                synchronized (st) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = f.reader().read(st, i);
                    }
                }
                rows[t] = v;
            }
            value = 0;
            target = 0;
        }
    }

    /** Micrometer's meters (a few KB: nothing per target) in the text format. */
    private byte[] meters() {
        MetricSnapshots all = registry.getPrometheusRegistry().scrape();
        Set<String> distributions = all.stream()
                .filter(m -> m instanceof HistogramSnapshot || m instanceof SummarySnapshot)
                .map(m -> m.getMetadata().getPrometheusName()).collect(Collectors.toSet());
        List<MetricSnapshot> kept = all.stream().filter(m -> !(m instanceof GaugeSnapshot && isMaxOf(m, distributions))).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream(PIECE_BYTES);
        try {
            PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(kept), EscapingScheme.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics", e);
        }
        return out.toByteArray();
    }

    /**
     * A per-target family: its name, type, help, the extra label's name and values, and how to
     * read a value; {@code measuredOnly}: a NaN value writes no series (a figure the target never measured).
     */
    private record Family(String name, String type, String help, String label, List<String> values, Reader reader,
                          boolean measuredOnly) {
        Family(String name, String type, String help, String label, List<String> values, Reader reader) {
            this(name, type, help, label, values, reader, false);
        }
    }

    private interface Reader {
        double read(TargetState s, int i);
    }

    private static final List<Family> TARGET_FAMILIES = List.of(
            new Family("shipwatch_runs_total", "counter", "Finished probe runs by outcome", "outcome",
                    FINISHED_ORDER.stream().map(Outcome::wire).toList(), (s, i) -> s.outcomes[i]),
            new Family("shipwatch_probe_success", "gauge", "1 when the target's latest counted run (success, degraded, failed) "
                    + "worked, 0 when it failed; NaN before any", null, List.of(""), (s, i) -> s.success),
            new Family("shipwatch_last_run_timestamp_seconds", "gauge",
                    "When the target's latest run finished (Unix time); 0 before any", null, List.of(""), (s, i) -> s.lastRunSeconds),
            new Family("shipwatch_last_phase_duration_seconds", "gauge", "The latest run's phases, failed and timed-out "
                    + "phases included (timed until they failed); NaN for a phase it did not reach", "phase", PHASES,
                    (s, i) -> s.phases[i]),
            new Family("shipwatch_last_first_request_phase_duration_seconds", "gauge", "The latest run's first request "
                    + "after cold start, step by step (fresh connection); NaN for a step not taken", "phase", REQUEST_PHASES,
                    (s, i) -> s.requestPhases[i]),
            new Family("shipwatch_warm_request_duration_seconds", "gauge", "The latest run's warm requests on one "
                    + "kept-alive connection: p50, p95, p99 and max; NaN before any", "stat", WARM_STATS, (s, i) -> s.warm[i]),
            new Family("shipwatch_fs_ops_per_second", "gauge", "File-system operations per second the canary measured "
                    + "in the latest run that measured them; NaN before any", "operation", FS_OPERATIONS, (s, i) -> s.fs[i]),
            new Family("shipwatch_outbound_seconds", "gauge", "The canary's outbound call by phase in the latest run "
                    + "that made it; NaN before any", "phase", OUTBOUND_PHASES, (s, i) -> s.outbound[i]),
            new Family("shipwatch_figure_shifted", "gauge", "1 while the figure is worse than over the days before "
                    + "(regression detector), else 0; figures the target has measured", "figure",
                    FIGURES.stream().map(LatencyFigure::wire).toList(), (s, i) -> s.shifted[i], true),
            new Family("shipwatch_figure_shift_factor", "gauge", "How many times worse the figure's recent median is "
                    + "than its baseline's; 1 when not shifted", "figure",
                    FIGURES.stream().map(LatencyFigure::wire).toList(), (s, i) -> s.shiftFactor[i], true));

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static StringBuilder number(StringBuilder b, double v) {
        if (Double.isNaN(v)) {
            return b.append("NaN");
        }
        if (Double.isInfinite(v)) {
            return b.append(v > 0 ? "+Inf" : "-Inf");
        }
        return b.append(v);
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
