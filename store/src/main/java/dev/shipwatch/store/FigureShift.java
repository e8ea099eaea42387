package dev.shipwatch.store;

import java.time.Instant;
import java.util.Locale;

/**
 * A figure of a target that got worse than it was over the days before: what the regression
 * detector found when a run finished (stored with that run).
 *
 * @param figure         the figure, e.g. {@link LatencyFigure#COLD_START}
 * @param factor         how many times worse the recent runs' median is than the baseline's (above 1;
 *                       for operations per second, the baseline's median over the recent one)
 * @param since          when the shift began: the start of the first recent run it is seen in
 * @param baselineMedian the baseline runs' median, in the figure's unit
 * @param recentMedian   the recent runs' median
 * @param baselineRuns   how many runs the baseline held
 * @param recentRuns     how many recent runs were compared with it
 */
public record FigureShift(LatencyFigure figure, double factor, Instant since, double baselineMedian, double recentMedian,
                          int baselineRuns, int recentRuns) {
    /** What the recent runs are compared with, in words: the regression detector's baseline. */
    public static final String BASELINE = "the 7 days before";

    /** e.g. {@code cold start 2.3 × slower than the 7 days before, since 14:05}, with {@code since} written as given. */
    public String describe(String sinceText) {
        return String.format(Locale.ROOT, "%s %.1f × slower than %s, since %s", figure.label(), factor, BASELINE, sinceText);
    }
}
