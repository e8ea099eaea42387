package dev.shipwatch.alerting;

import dev.shipwatch.store.MaintenanceStore;

import java.time.Clock;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Whether a status page component is inside a maintenance window. The status page owns the
 * windows and their storage; alerting only asks. Implementations are thread-safe, fast, and do
 * not throw (alerting treats a failure as "not in maintenance", so a broken calendar never
 * silences a page).
 */
@FunctionalInterface
public interface MaintenanceCalendar {
    /** No maintenance, ever. */
    MaintenanceCalendar NONE = (component, at) -> false;

    /** @param componentName a component name as in {@code Target.component()} */
    boolean inMaintenance(String componentName, Instant at);

    /**
     * The status page's maintenance windows, read at most once a second (see {@link CachedCalendar}).
     *
     * @param componentId a component's id from its name
     */
    static MaintenanceCalendar of(MaintenanceStore store, UnaryOperator<String> componentId, Clock clock) {
        return new CachedCalendar(store, componentId, clock);
    }
}
