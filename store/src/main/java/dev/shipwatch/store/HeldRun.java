package dev.shipwatch.store;

import java.time.Instant;

/**
 * A finished run as the time-weighting sees it: its outcome holds from {@code start} until the
 * next finished run's start, at most {@code holdMs} (see {@link DailyRollup}).
 *
 * @param location where it ran; null when not recorded
 */
public record HeldRun(Instant start, Outcome outcome, long holdMs, String location) {
    /** A run whose location does not matter here. */
    public HeldRun(Instant start, Outcome outcome, long holdMs) {
        this(start, outcome, holdMs, null);
    }

    /** When this run's outcome stops holding, given the next run's start (null when there is none yet) and now. */
    public Instant holdsUntil(Instant nextStart, Instant now) {
        Instant capped = start.plusMillis(holdMs);
        Instant end = nextStart != null ? nextStart : now;
        return end.isBefore(capped) ? end : capped;
    }
}
