package dev.shipwatch.statuspage.report;

import dev.shipwatch.store.LatencyHistogram;

/**
 * p50 / p95 / p99 in milliseconds, nearest rank to the precision of {@link LatencyHistogram}
 * (within 1.1 %).
 *
 * @param p50 null when nothing was measured (likewise the others)
 */
public record Percentiles(Double p50, Double p95, Double p99) {
    public static final Percentiles NONE = new Percentiles(null, null, null);

    public static Percentiles of(LatencyHistogram h) {
        return new Percentiles(h.percentile(50), h.percentile(95), h.percentile(99));
    }

    public Double get(int percent) {
        return switch (percent) {
            case 50 -> p50;
            case 95 -> p95;
            case 99 -> p99;
            default -> throw new IllegalArgumentException("p" + percent + " is not reported (p50, p95, p99)");
        };
    }
}
