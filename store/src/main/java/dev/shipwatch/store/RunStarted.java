package dev.shipwatch.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A run that has begun; stored as {@code running} so that a run cut off by a crash is found
 * and recorded as {@code aborted} at the next start.
 *
 * @param node        the monitor instance executing the run
 * @param maxHold     how long this run's outcome may hold before the time after it counts as
 *                    no-data (twice the target's schedule interval); see {@link DailyRollup}
 * @param scheduledAt the scheduler's fire this run is for (a "probe now" is a fire of its own); null outside the
 *                    scheduler (the {@code probe} command)
 * @param location    the node's location (where the run probes from); null when unknown
 */
public record RunStarted(String id, String target, String platform, String component, Instant startedAt,
                         String node, Duration maxHold, Instant scheduledAt, String location) {
    /** A run of a node whose location is not recorded. */
    public RunStarted(String id, String target, String platform, String component, Instant startedAt, String node,
                      Duration maxHold, Instant scheduledAt) {
        this(id, target, platform, component, startedAt, node, maxHold, scheduledAt, null);
    }

    /** A run outside the scheduler. */
    public RunStarted(String id, String target, String platform, String component, Instant startedAt, String node,
                      Duration maxHold) {
        this(id, target, platform, component, startedAt, node, maxHold, null, null);
    }
}
