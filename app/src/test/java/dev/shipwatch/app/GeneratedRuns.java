package dev.shipwatch.app;

import dev.shipwatch.store.FsProfile;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.OutboundTimings;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.WarmStats;
import dev.shipwatch.store.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs of one target with every watched figure drawn from a log-normal distribution around the
 * medians of the bundled canary here, with the spread (standard deviation of ln value) measured
 * on this machine by bench/runtimes (the largest of runc's and runsc's in two runs of it; the
 * outbound call, which that bench does not make, gets build's and CPU's 0.45), from a seeded
 * generator, one run every five minutes. A figure can be scaled from some run on: the shift to detect.
 */
final class GeneratedRuns {
    static final Duration EVERY = Duration.ofMinutes(5);
    /** A week of five-minute runs: a full baseline. */
    static final int WEEK = 2016;

    /** Median and spread of each watched figure. */
    record Figure(double median, double spread) {}

    static final Map<LatencyFigure, Figure> FIGURES = new EnumMap<>(Map.ofEntries(
            Map.entry(LatencyFigure.BUILD, new Figure(2800, 0.45)),
            Map.entry(LatencyFigure.DEPLOY, new Figure(800, 0.27)),
            Map.entry(LatencyFigure.COLD_START, new Figure(500, 0.38)),
            Map.entry(LatencyFigure.WARM_P95, new Figure(6.0, 0.72)),
            Map.entry(LatencyFigure.FS_OPS, new Figure(3500, 0.39)),
            Map.entry(LatencyFigure.FS_OPEN_READ, new Figure(70_000, 0.31)),
            Map.entry(LatencyFigure.FS_STAT_MISSING, new Figure(450_000, 0.32)),
            Map.entry(LatencyFigure.FS_CREATE_FSYNC, new Figure(240, 0.98)),
            Map.entry(LatencyFigure.FS_LIST, new Figure(40_000, 0.47)),
            Map.entry(LatencyFigure.CPU, new Figure(110, 0.45)),
            Map.entry(LatencyFigure.OUTBOUND, new Figure(40, 0.45)),
            Map.entry(LatencyFigure.OUTBOUND_DNS, new Figure(4, 0.45)),
            Map.entry(LatencyFigure.OUTBOUND_CONNECT, new Figure(5, 0.45)),
            Map.entry(LatencyFigure.OUTBOUND_TLS, new Figure(15, 0.45)),
            Map.entry(LatencyFigure.OUTBOUND_TTFB, new Figure(10, 0.45))));

    private final String target;
    private final SplittableRandom random;
    private final Instant start;
    private final Map<LatencyFigure, Double> scale = new EnumMap<>(LatencyFigure.class);
    private int n;

    GeneratedRuns(String target, long seed, Instant start) {
        this.target = target;
        this.random = new SplittableRandom(seed);
        this.start = start;
    }

    /** From the next run on, {@code figure}'s values are {@code factor} × what they were (½ halves a rate). */
    GeneratedRuns scale(LatencyFigure figure, double factor) {
        scale.put(figure, factor);
        return this;
    }

    /** When the next run starts. */
    Instant nextStart() {
        return start.plus(EVERY.multipliedBy(n));
    }

    ProbeRun next() {
        Instant at = nextStart();
        String id = String.format("gen-%s-%06d", target, n++);
        Map<LatencyFigure, Double> v = new EnumMap<>(LatencyFigure.class);
        FIGURES.forEach((f, spec) -> v.put(f, spec.median() * Math.exp(spec.spread() * gaussian()) * scale.getOrDefault(f, 1.0)));
        double p95 = v.get(LatencyFigure.WARM_P95);
        return new ProbeRun(id, target, "container", "Generated", at, at.plusSeconds(5), Outcome.SUCCESS, null,
                new PhaseTimings(v.get(LatencyFigure.BUILD), v.get(LatencyFigure.DEPLOY), v.get(LatencyFigure.COLD_START), 300.0),
                null, new WarmStats(20, p95 / 2, p95, p95 * 1.2, p95 * 1.5),
                new Workload(v.get(LatencyFigure.FS_OPS), v.get(LatencyFigure.CPU), v.get(LatencyFigure.OUTBOUND),
                        new FsProfile(v.get(LatencyFigure.FS_OPEN_READ), v.get(LatencyFigure.FS_STAT_MISSING),
                                v.get(LatencyFigure.FS_CREATE_FSYNC), v.get(LatencyFigure.FS_LIST)),
                        new OutboundTimings(v.get(LatencyFigure.OUTBOUND_DNS), v.get(LatencyFigure.OUTBOUND_CONNECT),
                                v.get(LatencyFigure.OUTBOUND_TLS), v.get(LatencyFigure.OUTBOUND_TTFB))),
                true, null, List.of());
    }

    /** A standard normal value (Box–Muller), from the seeded generator only. */
    private double gaussian() {
        double u = 1.0 - random.nextDouble();
        double w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}
