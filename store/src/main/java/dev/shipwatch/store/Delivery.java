package dev.shipwatch.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of one delivery attempt of an outbox event.
 *
 * @param status {@code SENT}, {@code FAILED} (rejected: never retried) or {@code PENDING} (retry at {@code at})
 * @param at     when it was sent, or when to try again
 */
public record Delivery(OutboxStatus status, Instant at, String error) {
    public static Delivery sent(Instant at) {
        return new Delivery(OutboxStatus.SENT, Objects.requireNonNull(at), null);
    }

    public static Delivery failed(String error) {
        return new Delivery(OutboxStatus.FAILED, null, error);
    }

    public static Delivery retryAt(Instant at, String error) {
        return new Delivery(OutboxStatus.PENDING, Objects.requireNonNull(at), error);
    }
}
