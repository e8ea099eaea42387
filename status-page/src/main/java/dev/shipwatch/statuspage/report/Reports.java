package dev.shipwatch.statuspage.report;

import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.Objectives;
import dev.shipwatch.config.ReportConfig;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.statuspage.Uptime;
import dev.shipwatch.statuspage.report.SlaReport.Budget;
import dev.shipwatch.statuspage.report.SlaReport.Compliance;
import dev.shipwatch.statuspage.report.SlaReport.IncidentStats;
import dev.shipwatch.statuspage.report.SlaReport.Kind;
import dev.shipwatch.statuspage.report.SlaReport.Latency;
import dev.shipwatch.statuspage.report.SlaReport.ObjectiveResult;
import dev.shipwatch.statuspage.report.SlaReport.Row;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentStore;
import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.MaintenanceStore;
import dev.shipwatch.store.RunHistory;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.LatencyHistogram;
import dev.shipwatch.store.RunStore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Computes SLA reports from the stores. Each figure has one definition, stated in
 * {@link #rules(int)} and printed with every report. Thread-safe; every call reads the stores
 * (blocking: keep it off event loops).
 */
public final class Reports {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final double MINUTE_MS = 60_000.0;

    private final Site site;
    private final List<Target> targets;
    private final StatusPageConfig components;
    private final ReportConfig config;
    private final RunStore runs;
    private final RunHistory history;
    private final IncidentStore incidents;
    private final MaintenanceStore maintenance;
    private final Clock clock;

    public Reports(Site site, List<Target> targets, StatusPageConfig components, ReportConfig config, RunStore runs,
                   RunHistory history, IncidentStore incidents, MaintenanceStore maintenance, Clock clock) {
        this.site = Objects.requireNonNull(site, "site");
        this.targets = List.copyOf(targets);
        this.components = Objects.requireNonNull(components, "components");
        this.config = Objects.requireNonNull(config, "config");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.history = Objects.requireNonNull(history, "history");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ReportConfig config() {
        return config;
    }

    /** The calendar month in the page's time zone. */
    public SlaReport month(YearMonth month) {
        return report(ReportPeriod.month(month, site.timeZone()), null);
    }

    /**
     * The report of {@code period}, for every component and target, or for one target only.
     *
     * @throws IllegalArgumentException when the target is not configured or the period has not begun
     */
    public SlaReport report(ReportPeriod period, String onlyTarget) {
        Instant now = clock.instant();
        if (!period.from().isBefore(now)) {
            throw new IllegalArgumentException("the period " + period.label() + " has not begun yet (it starts "
                    + period.start() + ")");
        }
        if (onlyTarget != null && targets.stream().noneMatch(t -> t.name().equals(onlyTarget))) {
            throw new IllegalArgumentException("no target named \"" + onlyTarget + "\" in the config (targets: "
                    + String.join(", ", targets.stream().map(Target::name).toList()) + ")");
        }
        Instant from = period.from();
        Instant end = period.to().isAfter(now) ? now : period.to();
        List<Maintenance> windows = maintenance.overlapping(from, end);
        List<Incident> open = incidents.createdBetween(Instant.EPOCH, end).stream()
                .filter(i -> i.resolvedAt() == null || i.resolvedAt().isAfter(from)).toList();

        List<Row> rows = new ArrayList<>();
        Map<String, List<Target>> byComponent = components.targetsByComponent(targets);
        for (Map.Entry<String, List<Target>> e : byComponent.entrySet()) {
            String componentId = e.getKey();
            List<Target> members = e.getValue().stream()
                    .filter(t -> onlyTarget == null || t.name().equals(onlyTarget)).toList();
            if (members.isEmpty()) {
                continue;
            }
            String componentName = components.component(componentId).map(ComponentSpec::name).orElse(componentId);
            List<Uptime.Window> merged = Uptime.merge(windows.stream().filter(m -> m.components().contains(componentId))
                    .map(m -> new Uptime.Window(m.scheduledFor(), m.end())).toList());
            IncidentStats incidentStats = incidentStats(open.stream()
                    .filter(i -> i.components().containsKey(componentId)).toList(), from, end);
            List<Row> targetRows = new ArrayList<>();
            List<Accounting.TargetTime> times = new ArrayList<>();
            List<Map<LatencyFigure, LatencyHistogram>> samples = new ArrayList<>();
            for (Target t : members) {
                // in several locations: the quorum verdict over time, from the runs (the rollups mix the locations)
                Accounting.TargetTime time = t.multiLocation()
                        ? Accounting.byQuorum(t.name(), t.locations(), t.quorum(), merged, history, from, end, now)
                        : Accounting.of(t.name(), runs.rollups(t.name(), utcDay(from), utcDay(end.minusNanos(1))), merged,
                                history.latest(t.name(), now), history, from, end, now);
                Map<LatencyFigure, LatencyHistogram> sample = histograms(t.name(), from, end);
                times.add(time);
                samples.add(sample);
                targetRows.add(row(Kind.TARGET, t.name(), t.name(), componentId, time, incidentStats, latency(List.of(sample)),
                        inside(List.of(sample)), config.forTarget(t.name())));
            }
            if (onlyTarget == null) {
                Accounting.TargetTime sum = times.stream().reduce(Accounting.TargetTime.ZERO, Accounting.TargetTime::plus);
                // one target: its percentiles are the component's, no need to select them again
                Latency latency = members.size() == 1 ? targetRows.get(0).latency() : latency(samples);
                Map<LatencyFigure, Double> inside = members.size() == 1 ? targetRows.get(0).inside() : inside(samples);
                rows.add(row(Kind.COMPONENT, componentId, componentName, componentId, sum, incidentStats, latency, inside,
                        config.forComponent(componentId)));
            }
            rows.addAll(targetRows);
        }
        return new SlaReport(site.name(), period, end, now, config.precision(),
                rules(config.precision(), targets.stream().anyMatch(Target::multiLocation)), rows);
    }

    /** The months a report can be asked for: from the first stored run's month to this month, newest first. */
    public List<YearMonth> months() {
        Instant now = clock.instant();
        YearMonth last = YearMonth.from(now.atZone(site.timeZone()));
        Optional<LocalDate> first = history.firstDay();
        List<YearMonth> months = new ArrayList<>();
        if (first.isEmpty()) {
            return months;
        }
        // the first UTC day may belong to the month before in a zone west of UTC
        YearMonth firstMonth = YearMonth.from(first.get().atStartOfDay(ZoneOffset.UTC).withZoneSameInstant(site.timeZone()));
        for (YearMonth m = last; !m.isBefore(firstMonth); m = m.minusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    private Row row(Kind kind, String id, String name, String component, Accounting.TargetTime time,
                    IncidentStats incidentStats, Latency latency, Map<LatencyFigure, Double> inside, Objectives objectives) {
        Uptime.Times t = time.times();
        OptionalDouble percent = t.percent();
        BigDecimal availability = percent.isPresent() ? percent(percent.getAsDouble()) : null;
        List<ObjectiveResult> results = new ArrayList<>();
        Budget budget = null;
        if (objectives.availability() != null) {
            BigDecimal objective = BigDecimal.valueOf(objectives.availability());
            Compliance c = percent.isEmpty() ? Compliance.NO_DATA
                    : up(t).multiply(HUNDRED).compareTo(objective.multiply(BigDecimal.valueOf(t.measuredMs()))) >= 0
                    ? Compliance.MET : Compliance.MISSED;
            results.add(new ObjectiveResult("availability", objective, availability, c));
            budget = budget(objective, t);
        }
        for (Map.Entry<String, Duration> o : objectives.latency().entrySet()) {
            String key = o.getKey();
            int dash = key.lastIndexOf("-p");
            Double actual = latency.of(key.substring(0, dash)).get(Integer.parseInt(key.substring(dash + 2)));
            BigDecimal limit = BigDecimal.valueOf(o.getValue().toMillis());
            Compliance c = actual == null ? Compliance.NO_DATA
                    : BigDecimal.valueOf(actual).compareTo(limit) <= 0 ? Compliance.MET : Compliance.MISSED;
            results.add(new ObjectiveResult(key, limit, actual == null ? null : ms(actual), c));
        }
        return new Row(kind, id, name, component, t, availability, time.runs(), time.failedRuns(), incidentStats, latency,
                results, budget, inside);
    }

    private static BigDecimal up(Uptime.Times t) {
        return BigDecimal.valueOf(t.upMs() + t.degradedMs());
    }

    /** Rounded down, so that 99.9996 % is never shown as 100.000 %. */
    private BigDecimal percent(double value) {
        return BigDecimal.valueOf(value).setScale(config.precision(), RoundingMode.FLOOR);
    }

    private Budget budget(BigDecimal objective, Uptime.Times t) {
        BigDecimal measured = BigDecimal.valueOf(t.measuredMs());
        BigDecimal allowedMs = HUNDRED.subtract(objective).multiply(measured).divide(HUNDRED);
        BigDecimal usedMs = BigDecimal.valueOf(t.downMs());
        BigDecimal left = allowedMs.signum() == 0 ? null
                : allowedMs.subtract(usedMs).multiply(HUNDRED).divide(allowedMs, 1, RoundingMode.FLOOR);
        return new Budget(minutes(allowedMs), minutes(usedMs), left);
    }

    static BigDecimal minutes(BigDecimal ms) {
        return ms.divide(BigDecimal.valueOf(MINUTE_MS), 1, RoundingMode.HALF_UP);
    }

    static BigDecimal minutes(long ms) {
        return minutes(BigDecimal.valueOf(ms));
    }

    /** Milliseconds to one decimal. */
    static BigDecimal ms(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP);
    }

    /**
     * The target's latency histograms over {@code [from, end)}: whole UTC days from the stored
     * daily histograms, the period's edges that cut a UTC day from the raw runs.
     */
    private Map<LatencyFigure, LatencyHistogram> histograms(String target, Instant from, Instant end) {
        LocalDate firstWhole = utcDay(from.minusNanos(1)).plusDays(1);
        LocalDate afterWhole = utcDay(end);
        Instant wholeFrom = firstWhole.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant wholeTo = afterWhole.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (!wholeFrom.isBefore(wholeTo)) {
            return history.latencies(target, from, end);
        }
        Map<LatencyFigure, LatencyHistogram> h = history.histograms(target, firstWhole, afterWhole.minusDays(1));
        if (from.isBefore(wholeFrom)) {
            add(h, history.latencies(target, from, wholeFrom));
        }
        if (wholeTo.isBefore(end)) {
            add(h, history.latencies(target, wholeTo, end));
        }
        return h;
    }

    private static void add(Map<LatencyFigure, LatencyHistogram> into, Map<LatencyFigure, LatencyHistogram> more) {
        more.forEach((figure, h) -> into.merge(figure, h, LatencyHistogram::add));
    }

    private static Latency latency(List<Map<LatencyFigure, LatencyHistogram>> samples) {
        Map<LatencyFigure, LatencyHistogram> all = new EnumMap<>(LatencyFigure.class);
        for (LatencyFigure f : LatencyFigure.values()) {
            all.put(f, new LatencyHistogram());
        }
        samples.forEach(s -> add(all, s));
        return new Latency(Percentiles.of(all.get(LatencyFigure.BUILD)), Percentiles.of(all.get(LatencyFigure.DEPLOY)),
                Percentiles.of(all.get(LatencyFigure.COLD_START)),
                new Percentiles(all.get(LatencyFigure.WARM_P50).percentile(50), all.get(LatencyFigure.WARM_P95).percentile(95),
                        all.get(LatencyFigure.WARM_P99).percentile(99)));
    }

    /** The median of each figure measured inside the platform, over the merged samples; figures never measured are left out. */
    private static Map<LatencyFigure, Double> inside(List<Map<LatencyFigure, LatencyHistogram>> samples) {
        Map<LatencyFigure, Double> medians = new EnumMap<>(LatencyFigure.class);
        for (LatencyFigure f : SlaReport.INSIDE) {
            LatencyHistogram all = new LatencyHistogram();
            samples.stream().map(s -> s.get(f)).filter(Objects::nonNull).forEach(all::add);
            Double median = all.percentile(50);
            if (median != null) {
                medians.put(f, median);
            }
        }
        return medians;
    }

    static IncidentStats incidentStats(List<Incident> list, Instant from, Instant end) {
        if (list.isEmpty()) {
            return IncidentStats.NONE;
        }
        long total = 0;
        long longest = 0;
        long resolvedSum = 0;
        int resolved = 0;
        for (Incident i : list) {
            Instant a = i.createdAt().isAfter(from) ? i.createdAt() : from;
            Instant close = i.resolvedAt() == null ? end : i.resolvedAt();
            Instant b = close.isBefore(end) ? close : end;
            long inPeriod = Math.max(0, Duration.between(a, b).toMillis());
            total += inPeriod;
            longest = Math.max(longest, inPeriod);
            if (i.resolvedAt() != null && !i.resolvedAt().isBefore(from) && i.resolvedAt().isBefore(end)) {
                resolvedSum += Duration.between(i.createdAt(), i.resolvedAt()).toMillis();
                resolved++;
            }
        }
        return new IncidentStats(list.size(), total, longest, resolved == 0 ? null : resolvedSum / resolved);
    }

    private static LocalDate utcDay(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** The accounting rules, printed with every report so each figure can be checked by hand. */
    public static List<String> rules(int precision) {
        return rules(precision, false);
    }

    /** {@link #rules(int)}, and, when some target runs in several locations, how its quorum verdict is weighed. */
    public static List<String> rules(int precision, boolean locations) {
        List<String> rules = new ArrayList<>(List.of(
                "Time is weighted: each run's outcome holds from its start until the next run's start, at most twice "
                        + "the target's schedule interval; time beyond that is no data.",
                "Up is success and degraded time, down is failed time. Skipped runs' time and the component's "
                        + "maintenance windows are maintenance. Aborted runs (the monitor stopped) and time without "
                        + "runs are no data.",
                "Availability = up / (up + down): maintenance and no data are left out of the denominator and "
                        + "reported apart; shown with " + precision + " decimals, rounded down.",
                "Downtime is down time; failed runs and runs are counted by start time. A component adds up the "
                        + "time of its targets.",
                "Error budget: allowed downtime = (100 % - objective) x (up + down); used = downtime; left = "
                        + "(allowed - used) / allowed, rounded down.",
                "Latency percentiles are nearest-rank over the runs started in the period that measured the "
                        + "figure, read from histograms of 32 buckets per doubling: within 1.1 % of the exact value, "
                        + "never outside the smallest and largest value measured. Warm request pN is over each "
                        + "run's own pN of its warm requests.",
                "Incidents: those naming the component that were open during the period, their time clipped to "
                        + "the period; MTTR is the mean time from creation to resolution of those resolved in it.",
                "Periods are in the page's time zone; the bounds below are exact UTC instants, start inclusive, "
                        + "end exclusive.",
                "Inside the platform: the medians (p50, from the same histograms) of what the canary measured there over "
                        + "the runs started in the period that measured it: file-system operations per second (its "
                        + "/work/fs cycle; opening small files, stats of missing paths, writes with fsync and directory "
                        + "listings), CPU work and its outbound call by phase in milliseconds."));
        if (locations) {
            rules.add(4, "A target probed from several locations is weighed from its runs by its quorum verdict: each "
                    + "location's run holds until that location's next run; the target is down while it fails in at "
                    + "least its quorum of locations, up while it fails in fewer (degraded) and any location has data, "
                    + "no data when none has.");
        }
        return List.copyOf(rules);
    }
}
