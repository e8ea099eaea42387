package dev.shipwatch.app;

import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStore;
import dev.shipwatch.statuspage.RunMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
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
    private volatile RunMetrics metrics;

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
                if (sample != null && w.add(sample)) {
                    w.trim(detector.settings());
                    List<FigureShift> found = detector.detect(new ArrayList<>(w.samples), w.open);
                    w.report(run.target(), run.platform(), found);
                }
                return run.withShifts(List.copyOf(w.open.values()));
            }
        } catch (RuntimeException e) {
            log.warn("regression detector skipped run {} of target={}: {}", run.id(), run.target(), e.toString());
            return run;
        }
    }

    /** When the runs the detector keeps for a target started, oldest first (for tests). */
    List<Instant> kept(String target) {
        Window w = windows.get(target);
        if (w == null) {
            return List.of();
        }
        synchronized (w) {
            return w.samples.stream().map(ShiftDetector.Sample::startedAt).toList();
        }
    }

    /**
     * Where each target's finding goes, as of its latest run: {@code shipwatch_figure_shifted} (1
     * while shifted, else 0) and {@code shipwatch_figure_shift_factor} (how many times worse; 1
     * when not shifted), for every figure the target has measured. Kept by {@link RunMetrics} as
     * a few numbers a target, not as Micrometer gauges (two a figure, about a kilobyte each).
     */
    void bindTo(RunMetrics runMetrics) {
        this.metrics = runMetrics;
    }

    /** One target's runs as the detector sees them, and what it reported as of the latest. */
    private final class Window {
        /** Oldest first: the baseline (thinned), then the recent windows' runs, every one. */
        final List<ShiftDetector.Sample> samples = new ArrayList<>();
        final Map<LatencyFigure, FigureShift> open = new EnumMap<>(LatencyFigure.class);
        /** The figures this target has measured. */
        final Set<LatencyFigure> measured = EnumSet.noneOf(LatencyFigure.class);
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
                if (s != null) {
                    add(s);
                }
            }
            if (first && !stored.isEmpty()) {
                stored.get(stored.size() - 1).shifts().forEach(s -> open.put(s.figure(), s));
            }
            if (!first && !stored.isEmpty()) {
                // another node's runs may start before this node's newest: keep the window in time order
                samples.sort(Comparator.comparingLong(ShiftDetector.Sample::startedAtMillis)
                        .thenComparingInt(ShiftDetector.Sample::idHash));
            }
            newest = to;
        }

        /** Adds a run's sample unless the window has it already (a run is annotated once, but another node's may come twice). */
        boolean add(ShiftDetector.Sample s) {
            for (int i = samples.size() - 1; i >= 0 && samples.get(i).startedAtMillis() >= s.startedAtMillis(); i--) {
                if (samples.get(i).sameRun(s)) {
                    return false;
                }
            }
            samples.add(s);
            return true;
        }

        /**
         * Keeps every run of the recent windows and, before them, a baseline within the baseline's
         * time of at most {@code maxBaselineRuns} runs spread over it: when there are more, the run
         * whose going leaves the smallest hole goes, so a frequent schedule keeps a week's spread in a
         * bounded memory (a 5-minute schedule makes 2,016 runs a week) and a new target keeps
         * every run until it has that many.
         */
        void trim(ShiftDetector.Settings settings) {
            int longest = settings.recentRuns().get(settings.recentRuns().size() - 1);
            int max = settings.maxBaselineRuns();
            if (samples.size() <= longest) {
                return;
            }
            long oldest = samples.get(samples.size() - longest).startedAtMillis() - settings.baseline().toMillis();
            int expired = 0;
            while (expired < samples.size() - longest && samples.get(expired).startedAtMillis() < oldest) {
                expired++;
            }
            samples.subList(0, expired).clear();
            int baseline = samples.size() - longest;
            if (baseline > 2 * max) {
                // many at once (the first read from the store): one pass, one run per spacing
                long first = samples.get(0).startedAtMillis();
                long spacing = (samples.get(baseline - 1).startedAtMillis() - first) / max + 1;
                List<ShiftDetector.Sample> kept = new ArrayList<>(max + longest + 1);
                long next = first;
                for (int i = 0; i < baseline; i++) {
                    if (samples.get(i).startedAtMillis() >= next) {
                        kept.add(samples.get(i));
                        next = samples.get(i).startedAtMillis() + spacing;
                    }
                }
                kept.addAll(samples.subList(baseline, samples.size()));
                samples.clear();
                samples.addAll(kept);
                baseline = samples.size() - longest;
            }
            while (baseline > max) {
                // the run whose removal leaves the smallest hole (the youngest of equals): the baseline stays evenly spread
                int victim = baseline - 1;
                long smallest = Long.MAX_VALUE;
                for (int i = 1; i < baseline; i++) {
                    long hole = samples.get(i + 1).startedAtMillis() - samples.get(i - 1).startedAtMillis();
                    if (hole <= smallest) {
                        smallest = hole;
                        victim = i;
                    }
                }
                samples.remove(victim);
                baseline--;
            }
        }

        void report(String target, String platform, List<FigureShift> found) {
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
            ShiftDetector.Sample latest = samples.isEmpty() ? null : samples.get(samples.size() - 1);
            for (int i = 0; latest != null && i < ShiftDetector.WATCHED.size(); i++) {
                if (!Float.isNaN(latest.values()[i])) {
                    measured.add(ShiftDetector.WATCHED.get(i));
                }
            }
            RunMetrics m = metrics;
            if (m != null) {
                m.shifts(target, platform, measured, open.values());
            }
        }
    }
}
