package dev.shipwatch.store;

import java.util.Arrays;
import java.util.Locale;

/**
 * Counts of latency values in logarithmic buckets, 32 per doubling from 1 µs (each about 2.2 %
 * wide), plus the exact smallest and largest value. A percentile read from it is the
 * nearest-rank bucket's geometric middle, kept within [min, max]: within 1.1 % of the exact
 * nearest-rank value, and exact when every value is the same. Histograms add up (days into a
 * month, targets into a component), which is why reports over a year stay fast.
 *
 * <p>Text form (stored): {@code "min max bucket:count bucket:count …"}, buckets ascending;
 * empty for no values. Not thread-safe.
 */
public final class LatencyHistogram {
    /** Buckets per doubling. */
    static final int PER_DOUBLING = 32;
    private static final double FLOOR_MS = 0.001;
    /** 1 µs × 2^43 ≈ 100 days: enough for any phase. */
    static final int BUCKETS = 44 * PER_DOUBLING;

    private final long[] counts = new long[BUCKETS];
    private long n;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public static int bucket(double ms) {
        if (!(ms > FLOOR_MS)) {
            return 0;
        }
        int b = (int) Math.floor(Math.log(ms / FLOOR_MS) / Math.log(2) * PER_DOUBLING);
        return Math.min(b, BUCKETS - 1);
    }

    /** The geometric middle of a bucket. */
    static double middle(int bucket) {
        return FLOOR_MS * Math.pow(2, (bucket + 0.5) / PER_DOUBLING);
    }

    public LatencyHistogram add(double ms) {
        counts[bucket(ms)]++;
        n++;
        min = Math.min(min, ms);
        max = Math.max(max, ms);
        return this;
    }

    /**
     * Takes one value out (a run stored again). The exact min and max cannot be taken back and
     * stay as they were: percentiles then stay within their bucket, only the clamp is looser.
     */
    public LatencyHistogram remove(double ms) {
        int b = bucket(ms);
        if (counts[b] > 0) {
            counts[b]--;
            n--;
        }
        if (n == 0) {
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
        }
        return this;
    }

    public LatencyHistogram add(LatencyHistogram other) {
        for (int b = 0; b < BUCKETS; b++) {
            counts[b] += other.counts[b];
        }
        n += other.n;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        return this;
    }

    /** Adds the histogram in text form (see the class comment). */
    public LatencyHistogram addText(String text) {
        if (text == null || text.isEmpty()) {
            return this;
        }
        int at = 0;
        int len = text.length();
        int space = text.indexOf(' ', at);
        min = Math.min(min, Double.parseDouble(text.substring(at, space)));
        at = space + 1;
        space = text.indexOf(' ', at);
        max = Math.max(max, Double.parseDouble(text.substring(at, space < 0 ? len : space)));
        at = space < 0 ? len : space + 1;
        while (at < len) {
            int b = 0;
            char ch;
            while ((ch = text.charAt(at++)) != ':') {
                b = b * 10 + (ch - '0');
            }
            long c = 0;
            while (at < len && (ch = text.charAt(at)) != ' ') {
                c = c * 10 + (ch - '0');
                at++;
            }
            at++;
            counts[b] += c;
            n += c;
        }
        return this;
    }

    public String toText() {
        if (n == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder().append(min).append(' ').append(max);
        for (int b = 0; b < BUCKETS; b++) {
            if (counts[b] != 0) {
                sb.append(' ').append(b).append(':').append(counts[b]);
            }
        }
        return sb.toString();
    }

    public long count() {
        return n;
    }

    /**
     * The nearest-rank pN (the ⌈N/100 · n⌉-th smallest value) to bucket precision; null when
     * there are no values.
     */
    public Double percentile(double percent) {
        if (n == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100 * n));
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return Math.max(min, Math.min(max, middle(b)));
            }
        }
        return max;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LatencyHistogram[n=%d, %s]", n, toText());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && n == h.n && Arrays.equals(counts, h.counts)
                && (n == 0 || (min == h.min && max == h.max));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }
}
