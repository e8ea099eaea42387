package dev.shipwatch.config;

import java.time.Duration;

/** Reads the {@code scheduler} section. */
final class SchedulerSection {
    private static final Duration CHECK_IN_MIN = Duration.ofSeconds(1);
    private static final Duration CHECK_IN_MAX = Duration.ofMinutes(5);

    private SchedulerSection() {}

    static Scheduling read(Block root) {
        Block b = root.block("scheduler").known("max-concurrent-runs", "generation", "check-in-interval");
        int max = b.whole("max-concurrent-runs", 1, Scheduling.MAX_CONCURRENT_RUNS_LIMIT,
                "is not between 1 and " + Scheduling.MAX_CONCURRENT_RUNS_LIMIT).orElse(Scheduling.DEFAULT_MAX_CONCURRENT_RUNS);
        int generation = b.whole("generation", 0, Integer.MAX_VALUE, "is not between 0 and " + Integer.MAX_VALUE).orElse(0);
        Duration checkIn = b.duration("check-in-interval").orElse(Scheduling.DEFAULT_CHECK_IN_INTERVAL);
        if (checkIn.compareTo(CHECK_IN_MIN) < 0 || checkIn.compareTo(CHECK_IN_MAX) > 0) {
            b.problem("check-in-interval", Context.quote(Durations.format(checkIn)) + " is not between 1s and 5m");
        }
        return new Scheduling(max, generation, checkIn);
    }
}
