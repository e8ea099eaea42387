package dev.shipwatch.store;

/**
 * The latency figures of a set of runs, one array per figure, each holding only the runs that
 * measured it (milliseconds, in no particular order).
 */
public record RunLatencies(double[] buildMs, double[] deployMs, double[] coldStartMs,
                           double[] warmP50Ms, double[] warmP95Ms, double[] warmP99Ms) {}
