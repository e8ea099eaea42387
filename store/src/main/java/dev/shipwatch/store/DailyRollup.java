package dev.shipwatch.store;

import java.time.LocalDate;

/**
 * One target's runs of one UTC day, kept up to date as runs land so that uptime bars and SLA
 * reports never scan raw history.
 *
 * <p>Counts are by the run's start time. The {@code *Ms} time fields are time-weighted: each
 * run's outcome holds from its start until the next run's start, capped at twice the target's
 * schedule interval (beyond that the time is no-data and counted in none of them); the part of
 * an interval that falls on each day is added to that day. The latest run's interval is open
 * and is not in any rollup yet.
 *
 * @param sumBuildMs      sum over runs that have a build time; divide by {@code buildCount}
 * @param sumColdStartMs  likewise for cold start
 * @param maxColdStartMs  the worst cold start of the day
 * @param sumWarmP95Ms    sum of the runs' warm p95 latencies; divide by {@code warmCount}
 */
public record DailyRollup(String target, LocalDate day,
                          int runs, int success, int degraded, int failed, int aborted, int skipped,
                          long successMs, long degradedMs, long failedMs, long abortedMs, long skippedMs,
                          int buildCount, double sumBuildMs,
                          int deployCount, double sumDeployMs,
                          int coldStartCount, double sumColdStartMs, double maxColdStartMs,
                          int warmCount, double sumWarmP95Ms) {}
