package dev.shipwatch.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * At most {@code perMinute} sends in any 60 s (PagerDuty allows about 120 events per minute
 * per routing key, acks and resolves included). Per sender, so per node: with several nodes the
 * total can be a multiple; the outbox's SKIP LOCKED claim spreads events, it does not count them.
 * Used by one thread.
 */
final class RateLimit {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final int perMinute;
    private final ArrayDeque<Instant> sent = new ArrayDeque<>();

    RateLimit(int perMinute) {
        this.perMinute = perMinute;
    }

    /** How long to wait before the next send may go (zero: now). */
    Duration waitTime(Instant now) {
        while (!sent.isEmpty() && !sent.peekFirst().plus(WINDOW).isAfter(now)) {
            sent.pollFirst();
        }
        return sent.size() < perMinute ? Duration.ZERO : Duration.between(now, sent.peekFirst().plus(WINDOW));
    }

    void record(Instant at) {
        sent.addLast(at);
    }
}
