package dev.shipwatch.store;

import java.time.Instant;

/**
 * One stored outbox event. Ids grow in the order events were written; events of one dedup key
 * are delivered in id order.
 *
 * @param lastError the last delivery error (a rejection's reason for {@code failed} rows)
 */
public record OutboxEntry(long id, String dedupKey, String action, String payload, OutboxStatus status,
                          Instant createdAt, int attempts, Instant nextAttemptAt, String lastError, Instant sentAt) {}
