package dev.shipwatch.prober.canary;

import java.time.Instant;

/**
 * How cold start went.
 *
 * @param elapsedMs       from the call to {@code awaitHealthy} to the healthy answer
 * @param canaryStartedAt the process start the canary reported on {@code /health} (null if it sent none)
 * @param attempts        how many {@code /health} requests it took, the healthy one included
 */
public record ColdStart(double elapsedMs, Instant canaryStartedAt, int attempts) {}
