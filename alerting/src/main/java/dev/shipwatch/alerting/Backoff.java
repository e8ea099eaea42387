package dev.shipwatch.alerting;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits {@code initial × 2^(n-1)} capped at
 * {@code max}, then a random point between half of that and all of it, so that several nodes
 * (or many events) retrying after one outage do not come back in step. A receiver's
 * {@code Retry-After} is a floor.
 */
record Backoff(Duration initial, Duration max) {
    static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    /** @param attempts how many attempts have failed so far (1 after the first) */
    Duration delay(int attempts, Duration retryAfter) {
        long cap = max.toMillis();
        long base = initial.toMillis();
        int shift = Math.min(Math.max(attempts - 1, 0), 30);
        long exp = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
        long jittered = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
        long floor = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), Duration.ofHours(1).toMillis());
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
