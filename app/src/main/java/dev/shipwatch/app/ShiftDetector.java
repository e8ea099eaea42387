package dev.shipwatch.app;

import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Finds the figures of one target whose recent runs are worse than the days before them, robustly
 * to the noise these figures have (README, "Regressions"). For each watched figure:
 * <ol>
 * <li>recent = the figure's last 12 values (and, for figures too noisy to tell in 12, its last 48),
 *     baseline = its values from the {@code baseline} before the first recent run (at most
 *     {@code maxBaselineRuns}); nothing is decided with fewer recent or {@code minBaselineRuns}
 *     baseline values;
 * <li>a one-sided Mann–Whitney rank test: are the recent values larger (worse) than the baseline's?
 *     Ranks, not values: one 10 × outlier weighs as much as any other value above the rest;
 * <li>an effect size: the ratio of the medians ({@link FigureShift#factor()}), and for milliseconds
 *     an absolute difference too (0.3 ms → 0.6 ms is a doubling no one feels).
 * </ol>
 * A shift is reported when the test is significant at {@code zNew} and the factor reaches
 * {@code minFactor}; once reported it stays until the test falls below {@code zKeep} or the factor
 * below {@code keepFactor} (so it does not flap at the edge), and keeps the time it began. Values
 * are compared on a "worse is larger" scale: milliseconds as they are, operations per second
 * inverted. Pure and cheap: sorting at most a baseline's values per figure.
 */
final class ShiftDetector {
    /**
     * @param recentRuns      the recent windows, shortest first: a 2 × shift of a figure with little spread is reported
     *                        within the first's runs, of a noisy one within a longer one's
     * @param minBaselineRuns fewer baseline values decide nothing
     * @param maxBaselineRuns at most this many baseline values are used, the newest (bounds the work and the
     *                        memory; {@link Regressions} keeps them spread over the baseline's time)
     * @param baseline        how far back from the recent window the baseline reaches
     * @param zNew            the rank test's z a new shift needs (one-sided)
     * @param minFactor       the smallest ratio of medians reported
     * @param minDeltaMs      for milliseconds, the smallest difference of medians reported
     * @param zKeep           a reported shift stays while the test's z is above this …
     * @param keepFactor      … and the ratio of medians at least this
     */
    record Settings(List<Integer> recentRuns, int minBaselineRuns, int maxBaselineRuns, Duration baseline, double zNew,
                    double minFactor, double minDeltaMs, double zKeep, double keepFactor) {}

    /** The method's numbers, chosen on this machine's spread (README, "Regressions"); the baseline is what {@link FigureShift#BASELINE} says. */
    static final Settings DEFAULT = new Settings(List.of(12, 48), 30, 288, Duration.ofDays(7), 4.25, 1.5, 1.0, 2.326, 1.25);

    /** The figures watched: each phase once (warm requests by their p95), each workload figure. */
    static final List<LatencyFigure> WATCHED = List.of(LatencyFigure.BUILD, LatencyFigure.DEPLOY, LatencyFigure.COLD_START,
            LatencyFigure.WARM_P95, LatencyFigure.FS_OPS, LatencyFigure.FS_OPEN_READ, LatencyFigure.FS_STAT_MISSING,
            LatencyFigure.FS_CREATE_FSYNC, LatencyFigure.FS_LIST, LatencyFigure.CPU, LatencyFigure.OUTBOUND,
            LatencyFigure.OUTBOUND_DNS, LatencyFigure.OUTBOUND_CONNECT, LatencyFigure.OUTBOUND_TLS, LatencyFigure.OUTBOUND_TTFB);

    /**
     * One run's watched figures as the detector keeps them: a float per figure of {@link #WATCHED}
     * (NaN where not measured), its start and a hash of its id (to tell two runs that started in the
     * same millisecond apart): some 120 bytes, of which a target keeps at most a few hundred.
     */
    record Sample(long startedAtMillis, int idHash, float[] values) {
        Instant startedAt() {
            return Instant.ofEpochMilli(startedAtMillis);
        }

        boolean sameRun(Sample other) {
            return startedAtMillis == other.startedAtMillis && idHash == other.idHash;
        }

        /** The run's figures; null for a run that says nothing about the platform's speed (it failed, was aborted or skipped). */
        static Sample of(ProbeRun run) {
            if (run.outcome() != Outcome.SUCCESS && run.outcome() != Outcome.DEGRADED) {
                return null;
            }
            float[] values = new float[WATCHED.size()];
            for (int i = 0; i < values.length; i++) {
                Double v = WATCHED.get(i).of(run);
                values[i] = v == null || !(v > 0) ? Float.NaN : v.floatValue();
            }
            return new Sample(run.startedAt().toEpochMilli(), run.id().hashCode(), values);
        }
    }

    private final Settings settings;

    ShiftDetector(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /**
     * The shifts in {@code samples} (oldest first) as of the newest one.
     *
     * @param open the shifts reported as of the run before, by figure (they need less to stay, and keep their start)
     */
    List<FigureShift> detect(List<Sample> samples, Map<LatencyFigure, FigureShift> open) {
        long[] at = new long[samples.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = samples.get(i).startedAtMillis();
        }
        List<FigureShift> found = new ArrayList<>();
        for (int f = 0; f < WATCHED.size(); f++) {
            FigureShift before = open.get(WATCHED.get(f));
            FigureShift shift = null;
            if (before != null) {
                // a reported shift is decided again on the window that found it, so that it clears as fast as it came
                shift = detect(samples, at, f, before.recentRuns(), before).shift();
            } else {
                double newest = Double.NaN;
                for (int window : settings.recentRuns()) {
                    // a longer window (for noisy figures) reports only while the newest runs are worse too:
                    // not a shift that the shorter one has just seen end
                    if (!Double.isNaN(newest) && newest < settings.keepFactor()) {
                        break;
                    }
                    Decided d = detect(samples, at, f, window, null);
                    shift = d.shift();
                    if (shift != null) {
                        break;
                    }
                    newest = Double.isNaN(newest) ? d.factor() : newest;
                }
            }
            if (shift != null) {
                found.add(shift);
            }
        }
        return found;
    }

    /** What one window said: the shift or null, and the ratio of the medians (NaN with too few values). */
    private record Decided(FigureShift shift, double factor) {
        static final Decided NOTHING = new Decided(null, Double.NaN);
    }

    /** One figure, one recent window. */
    private Decided detect(List<Sample> samples, long[] at, int f, int w, FigureShift before) {
        LatencyFigure figure = WATCHED.get(f);
        // Newest first: the recent window's values, then the baseline's within its time and cap.
        double[] recent = new double[w];
        int[] recentAt = new int[w];
        int i = samples.size() - 1;
        int r = 0;
        for (; i >= 0 && r < w; i--) {
            float v = samples.get(i).values()[f];
            if (!Float.isNaN(v)) {
                recentAt[w - 1 - r] = i;
                recent[w - 1 - r++] = figure.perSecond() ? 1.0 / v : v;
            }
        }
        if (r < w) {
            return Decided.NOTHING;
        }
        long baselineFrom = at[recentAt[0]] - settings.baseline().toMillis();
        double[] base = new double[Math.min(settings.maxBaselineRuns(), i + 1)];
        int nb = 0;
        for (; i >= 0 && nb < base.length && at[i] >= baselineFrom; i--) {
            float v = samples.get(i).values()[f];
            if (!Float.isNaN(v)) {
                base[nb++] = figure.perSecond() ? 1.0 / v : v;
            }
        }
        if (nb < settings.minBaselineRuns()) {
            return Decided.NOTHING;
        }
        double[] sortedRecent = recent.clone();
        Arrays.sort(sortedRecent);
        double recentMedian = Comparison.median(sortedRecent);
        double baseMedian = median(base, nb);
        double factor = recentMedian / baseMedian;
        // The cheap tests first (a selection, no sort): most runs of most figures end here.
        Decided no = new Decided(null, factor);
        if (factor < (before != null ? settings.keepFactor() : settings.minFactor())) {
            return no;
        }
        if (before == null && !figure.perSecond() && recentMedian - baseMedian < settings.minDeltaMs()) {
            return no;
        }
        double[] sortedBase = Arrays.copyOf(base, nb);
        Arrays.sort(sortedBase);
        double z = mannWhitneyZSorted(sortedRecent, sortedBase);
        if (z <= (before != null ? settings.zKeep() : settings.zNew())) {
            return no;
        }
        Instant since = before != null ? before.since() : since(recent, recentAt, samples, Math.sqrt(recentMedian * baseMedian));
        return new Decided(new FigureShift(figure, factor, since, unit(figure, baseMedian), unit(figure, recentMedian), nb, w), factor);
    }

    /**
     * When the shift began: the first recent run above the geometric middle of the two medians
     * from which on at least three in four are above it.
     */
    private static Instant since(double[] recent, int[] at, List<Sample> samples, double middle) {
        for (int k = 0; k < recent.length; k++) {
            if (recent[k] <= middle) {
                continue;
            }
            int above = 0;
            for (int i = k; i < recent.length; i++) {
                above += recent[i] > middle ? 1 : 0;
            }
            if (above * 4 >= (recent.length - k) * 3) {
                return samples.get(at[k]).startedAt();
            }
        }
        return samples.get(at[at.length - 1]).startedAt();
    }

    /**
     * The median of {@code values[0..n)} (the mean of the two middle values for an even n), by
     * selection in place (Hoare's quickselect, O(n)): sorting a week's baseline for every figure
     * of every run would be most of the detector's time. Reorders {@code values}.
     */
    static double median(double[] values, int n) {
        double upper = select(values, n, n / 2);
        if (n % 2 == 1) {
            return upper;
        }
        // the lower middle is the largest value left of the upper one after the selection
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n / 2; i++) {
            lower = Math.max(lower, values[i]);
        }
        return (lower + upper) / 2;
    }

    /** The k-th smallest of {@code values[0..n)}; afterwards everything left of k is at most it. */
    private static double select(double[] values, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = values[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = values[i];
                    values[i++] = values[j];
                    values[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return values[k];
    }

    /** Back from the "worse is larger" scale to the figure's own unit. */
    private static double unit(LatencyFigure figure, double worse) {
        return figure.perSecond() ? 1.0 / worse : worse;
    }

    /**
     * The Mann–Whitney statistic of "{@code a} is larger than {@code b}" as a z score: U (pairs
     * where a's value is larger, ties counting half) standardised by its mean and standard
     * deviation under no difference, with the correction for ties. The normal approximation is
     * close for the sizes used here (12 against at least 30). Sorts both: O(n log n).
     */
    static double mannWhitneyZ(double[] a, double[] b) {
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        return mannWhitneyZSorted(sa, sb);
    }

    private static double mannWhitneyZSorted(double[] sa, double[] sb) {
        int n1 = sa.length;
        int n2 = sb.length;
        // U by merging: for each value of a, the values of b below it and half those equal to it
        double u = 0;
        int below = 0;
        for (double x : sa) {
            while (below < n2 && sb[below] < x) {
                below++;
            }
            int equal = 0;
            while (below + equal < n2 && sb[below + equal] == x) {
                equal++;
            }
            u += below + equal / 2.0;
        }
        // ties over both samples: Σ (t³ − t) for each run of equal values
        double tieTerm = 0;
        int i = 0;
        int j = 0;
        while (i < n1 || j < n2) {
            double v = j >= n2 || (i < n1 && sa[i] <= sb[j]) ? sa[i] : sb[j];
            int t = 0;
            while (i < n1 && sa[i] == v) {
                i++;
                t++;
            }
            while (j < n2 && sb[j] == v) {
                j++;
                t++;
            }
            tieTerm += (double) t * t * t - t;
        }
        int total = n1 + n2;
        double mean = n1 * (double) n2 / 2;
        double variance = n1 * (double) n2 / 12 * ((total + 1) - tieTerm / ((double) total * (total - 1)));
        return variance <= 0 ? 0 : (u - mean) / Math.sqrt(variance);
    }

}
