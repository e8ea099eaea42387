package dev.shipwatch.store;

import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance windows. Implementations are thread-safe; every method runs in its own
 * transaction. A window's status follows from the clock ({@link Maintenance#statusAt}), so
 * nothing has to run for it to move from scheduled to in progress to completed.
 */
public interface MaintenanceStore {
    Maintenance create(MaintenanceDraft draft, Instant at);

    /** Applies {@code change} at {@code at}; empty when there is no such window. */
    Optional<Maintenance> change(String maintenanceId, MaintenanceChange change, Instant at);

    Optional<Maintenance> find(String maintenanceId);

    /** The {@code limit} windows that start latest, whatever their status. */
    List<Maintenance> recent(int limit);

    /** Windows not over at {@code t} (upcoming and in progress), cancelled ones left out, soonest first. */
    List<Maintenance> notEndedAt(Instant t);

    /** Windows (not cancelled) that overlap {@code [from, to)}, earliest first: for uptime that excludes maintenance. */
    List<Maintenance> overlapping(Instant from, Instant to);

    /**
     * Whether the component with this id is under maintenance at {@code at}: one indexed lookup,
     * cheap enough to ask for every run (alerting suppresses pages with it).
     */
    boolean inMaintenance(String componentId, Instant at);

    /** {@link #inMaintenance(String, Instant)} for the component a target feeds (its name mapped to its id by config). */
    default boolean inMaintenance(Target target, StatusPageConfig components, Instant at) {
        return inMaintenance(components.componentId(target), at);
    }
}
