package dev.shipwatch.statuspage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of numbers of one width (a day's times, a bar day's figures, the bits of a day's latency
 * means), each distinct row held once and each row naming its own: most days of a 90-day bar are
 * alike (all up, or no data), so the page's per-component days take a few hundred bytes instead
 * of several kilobytes. Immutable; two are equal when they hold the same rows in the same order.
 */
final class AlikeRows {
    private final int width;
    /**
     * {@code width} numbers per distinct row, in the order the rows first appear: as ints when
     * every number fits one (a bar's figures always do; a day's milliseconds while a component
     * has at most 24 targets), else as longs; the other array is null.
     */
    private final int[] ints;
    private final long[] longs;
    /** Per row, the index of its numbers in the distinct rows. */
    private final short[] row;

    private AlikeRows(int width, int[] ints, long[] longs, short[] row) {
        this.width = width;
        this.ints = ints;
        this.longs = longs;
        this.row = row;
    }

    /** @param rows each of {@code width} numbers */
    static AlikeRows of(List<long[]> rows, int width) {
        short[] row = new short[rows.size()];
        List<long[]> seen = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            long[] r = rows.get(i);
            if (r.length != width) {
                throw new IllegalArgumentException("row " + i + " has " + r.length + " numbers, not " + width);
            }
            int d = 0;
            while (d < seen.size() && !Arrays.equals(seen.get(d), r)) {
                d++;
            }
            if (d == seen.size()) {
                if (d > Short.MAX_VALUE) {
                    throw new IllegalArgumentException("more than " + (Short.MAX_VALUE + 1) + " distinct rows");
                }
                seen.add(r);
            }
            row[i] = (short) d;
        }
        long[] distinct = new long[seen.size() * width];
        boolean fitInts = true;
        for (int d = 0; d < seen.size(); d++) {
            System.arraycopy(seen.get(d), 0, distinct, d * width, width);
        }
        for (long v : distinct) {
            fitInts &= v == (int) v;
        }
        if (!fitInts) {
            return new AlikeRows(width, null, distinct, row);
        }
        int[] ints = new int[distinct.length];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = (int) distinct[i];
        }
        return new AlikeRows(width, ints, null, row);
    }

    int size() {
        return row.length;
    }

    /** Number {@code k} of row {@code i}. */
    long get(int i, int k) {
        int at = row[i] * width + k;
        return ints != null ? ints[at] : longs[at];
    }

    /** The same numbers are held the same way (ints when they fit), so the arrays compare. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AlikeRows a && width == a.width && Arrays.equals(row, a.row) && Arrays.equals(ints, a.ints)
                && Arrays.equals(longs, a.longs);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(row) + Arrays.hashCode(ints)) + Arrays.hashCode(longs);
    }
}
