package dev.shipwatch.statuspage.report;

import java.util.Arrays;

/**
 * p50 / p95 / p99 by nearest rank: the pN of n values is the ⌈N/100 · n⌉-th smallest, always a
 * value that was measured. Found by selection rather than sorting: a year of 5-minute runs is
 * 105,000 values per target and figure.
 *
 * @param p50 null when there are no values (likewise the others)
 */
public record Percentiles(Double p50, Double p95, Double p99) {
    public static final Percentiles NONE = new Percentiles(null, null, null);

    public static Percentiles of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return NONE;
        }
        double[] a = values.clone();
        int r50 = rank(50, n);
        int r95 = rank(95, n);
        int r99 = rank(99, n);
        double p50 = select(a, 0, n - 1, r50);
        // after selecting rank k, every value above index k is ≥ it: search only there
        double p95 = select(a, r50, n - 1, r95);
        double p99 = select(a, r95, n - 1, r99);
        return new Percentiles(p50, p95, p99);
    }

    /** Zero-based index of the nearest-rank pN of n values. */
    static int rank(int percent, int n) {
        return (int) Math.max(0, Math.ceil(percent / 100.0 * n) - 1);
    }

    public Double get(int percent) {
        return switch (percent) {
            case 50 -> p50;
            case 95 -> p95;
            case 99 -> p99;
            default -> throw new IllegalArgumentException("p" + percent + " is not reported (p50, p95, p99)");
        };
    }

    /** Concatenation of several samples, for a component fed by several targets. */
    static double[] concat(java.util.List<double[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        double[] all = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** Quickselect (median of three) on {@code a[lo..hi]}: afterwards a[k] holds the k-th smallest. */
    private static double select(double[] a, int lo, int hi, int k) {
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) swap(a, mid, lo);
            if (a[hi] < a[lo]) swap(a, hi, lo);
            if (a[hi] < a[mid]) swap(a, hi, mid);
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    @Override
    public String toString() {
        return "Percentiles" + Arrays.toString(new Double[] {p50, p95, p99});
    }
}
