package dev.shipwatch.alerting;

import dev.shipwatch.store.OutboxCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/** The outbox for {@code /metrics}: events by status (from cached counts, no database access on scrape) and delivery results. */
final class OutboxMetrics implements MeterBinder {
    /** Held statically: meters keep only weak references to what they read. */
    private static final AtomicLong NONE = new AtomicLong();
    private final Supplier<OutboxCounts> counts;
    private final OutboxSender sender; // null when paging is off

    OutboxMetrics(Supplier<OutboxCounts> counts, OutboxSender sender) {
        this.counts = counts;
        this.sender = sender;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "pending", OutboxCounts::pending);
        gauge(registry, "failed", OutboxCounts::failed);
        gauge(registry, "sent", OutboxCounts::sent);
        counter(registry, "sent", sender == null ? NONE : sender.sent);
        counter(registry, "rejected", sender == null ? NONE : sender.rejected);
        counter(registry, "retried", sender == null ? NONE : sender.retried);
    }

    private void gauge(MeterRegistry registry, String status, ToLongFunction<OutboxCounts> value) {
        Gauge.builder("shipwatch.alert.outbox", counts, c -> value.applyAsLong(c.get()))
                .description("alert events in the outbox, by status")
                .tag("status", status)
                .strongReference(true) // the supplier is a method reference nothing else holds
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String result, AtomicLong value) {
        FunctionCounter.builder("shipwatch.alert.deliveries", value, AtomicLong::doubleValue)
                .description("delivery attempts of alert events since start, by result (rejected: 400, never retried)")
                .tag("result", result)
                .register(registry);
    }
}
