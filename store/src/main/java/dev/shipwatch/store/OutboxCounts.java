package dev.shipwatch.store;

/** How many outbox events are waiting, were rejected for good, and were delivered. */
public record OutboxCounts(long pending, long failed, long sent) {
    public static final OutboxCounts ZERO = new OutboxCounts(0, 0, 0);
}
