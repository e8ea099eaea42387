package dev.shipwatch.config;

/** Reads the {@code scheduler} section. */
final class SchedulerSection {
    private SchedulerSection() {}

    static Scheduling read(Block root) {
        Block b = root.block("scheduler").known("max-concurrent-runs");
        int max = b.whole("max-concurrent-runs", 1, Scheduling.MAX_CONCURRENT_RUNS_LIMIT,
                "is not between 1 and " + Scheduling.MAX_CONCURRENT_RUNS_LIMIT).orElse(Scheduling.DEFAULT_MAX_CONCURRENT_RUNS);
        return new Scheduling(max);
    }
}
