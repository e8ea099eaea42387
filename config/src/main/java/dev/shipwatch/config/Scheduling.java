package dev.shipwatch.config;

import java.time.Duration;

/**
 * How the scheduler runs targets on this node.
 *
 * @param maxConcurrentRuns how many runs may be in progress at once: a run mostly waits (for a
 *                          build, a deploy, a canary to answer), so this is sized for waiting, not
 *                          for cores
 * @param generation        the config's generation: with several nodes, the highest one in force
 *                          decides the targets' schedules, and a node with a lower one never undoes
 *                          them (raise it with every change of targets or schedules)
 * @param checkInInterval   how often a node checks in with the cluster (Quartz's clustered job
 *                          store); a node silent for an interval plus Quartz's fixed 7.5 s is
 *                          gone, and the next check-in of another node takes over its targets: with
 *                          the default 5 s, within 2 × 5 + 7.5 = 17.5 s of the node's death
 */
public record Scheduling(int maxConcurrentRuns, long generation, Duration checkInInterval) {
    public static final int DEFAULT_MAX_CONCURRENT_RUNS = 64;
    public static final int MAX_CONCURRENT_RUNS_LIMIT = 1_000;
    public static final Duration DEFAULT_CHECK_IN_INTERVAL = Duration.ofSeconds(5);
    public static final Scheduling DEFAULT = new Scheduling(DEFAULT_MAX_CONCURRENT_RUNS, 0, DEFAULT_CHECK_IN_INTERVAL);

    /** The defaults with another concurrency. */
    public Scheduling(int maxConcurrentRuns) {
        this(maxConcurrentRuns, 0, DEFAULT_CHECK_IN_INTERVAL);
    }
}
