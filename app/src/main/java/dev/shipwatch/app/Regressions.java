package dev.shipwatch.app;

import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The regression detector on the hot path: told of each finished run before it is stored, it
 * returns the run with the target's current {@link FigureShift}s (stored with the run, so every
 * node's status page, {@code compare} and alerting read the same finding). Per target it keeps a
 * bounded window of runs in memory (at most a baseline's worth plus the recent window, a float
 * per figure), filled once from the store at the target's first run and then from each run,
 * plus an index range read of runs other nodes stored since; nothing it does grows with the
 * number of targets or the length of the history. Thread-safe: runs of different targets meet
 * only in the map.
 */
final class Regressions {
    private static final Logger log = LoggerFactory.getLogger(Regressions.class);

    /** Where stored runs come from: {@link RunStore#between}, one index range of one target. */
    @FunctionalInterface
    interface Stored {
        /** The target's finished runs started in {@code [from, to)}, oldest first. */
        List<ProbeRun> between(String target, Instant from, Instant to);
    }

    private final Stored runs;
    private final ShiftDetector detector;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    Regressions(RunStore runs) {
        this(runs::between, new ShiftDetector(ShiftDetector.DEFAULT));
    }

    Regressions(Stored runs, ShiftDetector detector) {
        this.runs = runs;
        this.detector = detector;
    }

    /** The run with the target's shifts as of it. Never throws: a failure leaves the run as it was. */
    ProbeRun annotate(ProbeRun run) {
        try {
            Window w = windows.computeIfAbsent(run.target(), t -> new Window());
            synchronized (w) {
                w.catchUp(run);
                if (w.newest == null || run.startedAt().isAfter(w.newest)) {
                    w.newest = run.startedAt();
                }
                ShiftDetector.Sample sample = ShiftDetector.Sample.of(run);
                if (sample != null && w.ids.add(run.id())) {
                    w.samples.addLast(sample);
                    w.trim(detector.settings());
                    List<FigureShift> found = detector.detect(List.copyOf(w.samples), w.open);
                    w.report(run.target(), found);
                }
                return run.withShifts(List.copyOf(w.open.values()));
            }
        } catch (RuntimeException e) {
            log.warn("regression detector skipped run {} of target={}: {}", run.id(), run.target(), e.toString());
            return run;
        }
    }

    /**
     * Gauges per target and watched figure, from the first run that measured it:
     * {@code shipwatch_figure_shifted} (1 while shifted, else 0) and
     * {@code shipwatch_figure_shift_factor} (how many times worse; 1 when not shifted).
     */
    void bindTo(MeterRegistry meters) {
        this.registry = meters;
    }

    /** One target's runs as the detector sees them, and what it reported as of the latest. */
    private final class Window {
        final Deque<ShiftDetector.Sample> samples = new ArrayDeque<>();
        final Set<String> ids = new HashSet<>();
        final Map<LatencyFigure, FigureShift> open = new EnumMap<>(LatencyFigure.class);
        final Set<LatencyFigure> gauged = new HashSet<>();
        Instant newest;

        /**
         * Adds what the store has that this window has not: at the target's first run, a baseline
         * and a day of runs (the day covers the recent windows at schedules up to half an hour),
         * and the shifts the latest stored run carried; later, the runs other nodes stored since
         * this window's newest.
         */
        void catchUp(ProbeRun run) {
            Instant to = run.startedAt();
            boolean first = newest == null;
            Duration reach = detector.settings().baseline().plusDays(1);
            Instant from = first ? to.minus(reach) : newest.plusNanos(1_000);
            if (!from.isBefore(to)) {
                return;
            }
            List<ProbeRun> stored = runs.between(run.target(), from, to);
            for (ProbeRun r : stored) {
                ShiftDetector.Sample s = ShiftDetector.Sample.of(r);
                if (s != null && ids.add(r.id())) {
                    samples.addLast(s);
                }
            }
            if (first && !stored.isEmpty()) {
                stored.get(stored.size() - 1).shifts().forEach(s -> open.put(s.figure(), s));
            }
            if (!first && !stored.isEmpty()) {
                // another node's runs may start before this node's newest: keep the window in time order
                List<ShiftDetector.Sample> sorted = new ArrayList<>(samples);
                sorted.sort(Comparator.comparing(ShiftDetector.Sample::startedAt).thenComparing(ShiftDetector.Sample::runId));
                samples.clear();
                samples.addAll(sorted);
            }
            newest = to;
        }

        /** Keeps the newest baseline's worth of runs plus the recent window, within the baseline's time. */
        void trim(ShiftDetector.Settings settings) {
            int longest = settings.recentRuns().get(settings.recentRuns().size() - 1);
            int keep = settings.maxBaselineRuns() + longest;
            while (samples.size() > keep) {
                ids.remove(samples.removeFirst().runId());
            }
            if (samples.size() > longest) {
                Instant windowStart = samples.stream().skip(samples.size() - longest).findFirst().orElseThrow().startedAt();
                Instant oldest = windowStart.minus(settings.baseline());
                while (!samples.isEmpty() && samples.peekFirst().startedAt().isBefore(oldest)) {
                    ids.remove(samples.removeFirst().runId());
                }
            }
        }

        void report(String target, List<FigureShift> found) {
            Map<LatencyFigure, FigureShift> next = new EnumMap<>(LatencyFigure.class);
            found.forEach(s -> next.put(s.figure(), s));
            for (FigureShift s : found) {
                if (!open.containsKey(s.figure())) {
                    log.warn("target={} {}", target, s.describe(s.since().toString()));
                }
            }
            for (LatencyFigure f : open.keySet()) {
                if (!next.containsKey(f)) {
                    log.info("target={} {} is back to how it was", target, f.label());
                }
            }
            open.clear();
            open.putAll(next);
            gauges(target);
        }

        private void gauges(String target) {
            MeterRegistry meters = registry;
            if (meters == null) {
                return;
            }
            ShiftDetector.Sample latest = samples.peekLast();
            for (int i = 0; i < ShiftDetector.WATCHED.size(); i++) {
                LatencyFigure f = ShiftDetector.WATCHED.get(i);
                if (latest == null || Float.isNaN(latest.values()[i]) || !gauged.add(f)) {
                    continue;
                }
                Gauge.builder("shipwatch.figure.shifted", this, w -> w.shift(f) == null ? 0 : 1)
                        .description("1 while the figure is worse than over the days before (regression detector), else 0")
                        .tag("target", target).tag("figure", f.wire()).register(meters);
                Gauge.builder("shipwatch.figure.shift.factor", this, w -> w.shift(f) == null ? 1 : w.shift(f).factor())
                        .description("How many times worse the figure's recent median is than its baseline's; 1 when not shifted")
                        .tag("target", target).tag("figure", f.wire()).register(meters);
            }
        }

        /** Read by the gauges on the scrape's thread. */
        FigureShift shift(LatencyFigure f) {
            synchronized (this) {
                return open.get(f);
            }
        }
    }
}
