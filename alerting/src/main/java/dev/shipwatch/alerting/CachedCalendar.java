package dev.shipwatch.alerting;

import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.MaintenanceStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The maintenance windows of the last month and the next day, read from the store at most once
 * every {@link #FRESH}: alerting asks "in maintenance at T?" for every run it judges, dozens of
 * times per finished run, and the answer must not cost a query each time. A window created or
 * changed (on any node) counts within {@code FRESH}; times older than the month are asked of the
 * store directly.
 */
final class CachedCalendar implements MaintenanceCalendar {
    static final Duration FRESH = Duration.ofSeconds(1);
    static final Duration LOOKBACK = Duration.ofDays(31);
    private static final Duration AHEAD = Duration.ofDays(1);

    private record Snapshot(Instant readAt, Instant from, Instant to, List<Maintenance> windows) {}

    private final MaintenanceStore store;
    private final UnaryOperator<String> componentId;
    private final Clock clock;
    private volatile Snapshot snapshot;

    /** @param componentId a component's id from its name (the page's mapping) */
    CachedCalendar(MaintenanceStore store, UnaryOperator<String> componentId, Clock clock) {
        this.store = store;
        this.componentId = componentId;
        this.clock = clock;
    }

    @Override
    public boolean inMaintenance(String componentName, Instant at) {
        String id = componentId.apply(componentName);
        Snapshot s = current();
        if (at.isBefore(s.from()) || !at.isBefore(s.to())) {
            return store.inMaintenance(id, at);
        }
        for (Maintenance m : s.windows()) {
            if (m.covers(id, at)) {
                return true;
            }
        }
        return false;
    }

    private Snapshot current() {
        Instant now = clock.instant();
        Snapshot s = snapshot;
        if (s == null || !now.isBefore(s.readAt().plus(FRESH)) || now.isBefore(s.readAt())) {
            synchronized (this) {
                s = snapshot;
                if (s == null || !now.isBefore(s.readAt().plus(FRESH)) || now.isBefore(s.readAt())) {
                    Instant from = now.minus(LOOKBACK);
                    Instant to = now.plus(AHEAD);
                    s = new Snapshot(now, from, to, List.copyOf(store.overlapping(from, to)));
                    snapshot = s;
                }
            }
        }
        return s;
    }
}
