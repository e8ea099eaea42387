package dev.shipwatch.statuspage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of numbers of one width (a day's times, a bar day's figures), each distinct row held once
 * and each row naming its own: most days of a 90-day bar are alike (all up, or no data), so the
 * page's per-component days take a few hundred bytes instead of several kilobytes. Immutable;
 * two are equal when they hold the same rows in the same order.
 */
final class AlikeRows {
    private final int width;
    /** {@code width} numbers per distinct row, in the order the rows first appear. */
    private final long[] distinct;
    /** Per row, its index in {@code distinct}. */
    private final short[] row;

    private AlikeRows(int width, long[] distinct, short[] row) {
        this.width = width;
        this.distinct = distinct;
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
        for (int d = 0; d < seen.size(); d++) {
            System.arraycopy(seen.get(d), 0, distinct, d * width, width);
        }
        return new AlikeRows(width, distinct, row);
    }

    int size() {
        return row.length;
    }

    /** Number {@code k} of row {@code i}. */
    long get(int i, int k) {
        return distinct[row[i] * width + k];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlikeRows a && width == a.width && Arrays.equals(row, a.row) && Arrays.equals(distinct, a.distinct);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(row) + Arrays.hashCode(distinct);
    }
}
