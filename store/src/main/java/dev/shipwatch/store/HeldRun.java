package dev.shipwatch.store;

import java.time.Instant;

/**
 * A finished run as the time-weighting sees it: its outcome holds from {@code start} until the
 * next finished run's start, at most {@code holdMs} (see {@link DailyRollup}).
 */
public record HeldRun(Instant start, Outcome outcome, long holdMs) {
    /** When this run's outcome stops holding, given the next run's start (null when there is none yet) and now. */
    public Instant holdsUntil(Instant nextStart, Instant now) {
        Instant capped = start.plusMillis(holdMs);
        Instant end = nextStart != null ? nextStart : now;
        return end.isBefore(capped) ? end : capped;
    }
}
