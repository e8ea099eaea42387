package dev.shipwatch.alerting;

/**
 * Delivers one event to the paging service, once: no retries of its own (the outbox retries).
 * Called from one sender thread at a time; must not throw (a failure is a {@link SendResult}).
 */
@FunctionalInterface
public interface EventSender {
    SendResult send(PagerEvent event);
}
