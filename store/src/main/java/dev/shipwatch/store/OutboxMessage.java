package dev.shipwatch.store;

/**
 * A new outbox event.
 *
 * @param action  {@code trigger} or {@code resolve}
 * @param payload the event as JSON, without its routing key
 */
public record OutboxMessage(String dedupKey, String action, String payload) {}
