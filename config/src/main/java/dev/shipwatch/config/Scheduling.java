package dev.shipwatch.config;

/**
 * How the scheduler runs targets on this node.
 *
 * @param maxConcurrentRuns how many runs may be in progress at once: a run mostly waits (for a
 *                          build, a deploy, a canary to answer), so this is sized for waiting, not
 *                          for cores
 */
public record Scheduling(int maxConcurrentRuns) {
    public static final int DEFAULT_MAX_CONCURRENT_RUNS = 64;
    public static final int MAX_CONCURRENT_RUNS_LIMIT = 1_000;
    public static final Scheduling DEFAULT = new Scheduling(DEFAULT_MAX_CONCURRENT_RUNS);
}
