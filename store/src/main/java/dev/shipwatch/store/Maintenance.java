package dev.shipwatch.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A maintenance window. Its status is not stored but follows from the clock: scheduled before
 * {@code scheduledFor}, in progress until {@code scheduledUntil} (or until it was ended early),
 * completed after; {@code verifying} once an admin says so. A cancelled window is completed and
 * never counts as maintenance.
 *
 * @param verifyingAt when an admin moved it to verifying, or null
 * @param endedAt     when it was completed early or cancelled, or null
 * @param components  the ids of the components it covers
 * @param updates     its timeline as stored (oldest first); the automatic start and end are not
 *                    in it (views add them from the times)
 */
public record Maintenance(String id, String name, Instant createdAt, Instant updatedAt,
                          Instant scheduledFor, Instant scheduledUntil, Instant verifyingAt, Instant endedAt,
                          boolean cancelled, List<String> components, List<MaintenanceUpdate> updates) {
    public Maintenance {
        Objects.requireNonNull(scheduledFor, "scheduledFor");
        Objects.requireNonNull(scheduledUntil, "scheduledUntil");
        components = List.copyOf(components);
        updates = List.copyOf(updates);
    }

    /** When the window really ends (or ended): the scheduled end, or earlier when ended early or cancelled. */
    public Instant end() {
        if (endedAt != null && endedAt.isBefore(scheduledUntil)) {
            return endedAt.isBefore(scheduledFor) ? scheduledFor : endedAt;
        }
        return scheduledUntil;
    }

    /** Whether the window is under way at {@code t}: {@code [scheduledFor, end())}, never when cancelled. */
    public boolean activeAt(Instant t) {
        return !cancelled && !t.isBefore(scheduledFor) && t.isBefore(end());
    }

    /** Whether {@code componentId} is under maintenance at {@code t}. */
    public boolean covers(String componentId, Instant t) {
        return activeAt(t) && components.contains(componentId);
    }

    public MaintenanceStatus statusAt(Instant t) {
        if (cancelled) {
            return MaintenanceStatus.COMPLETED;
        }
        if (t.isBefore(scheduledFor)) {
            return MaintenanceStatus.SCHEDULED;
        }
        if (!t.isBefore(end())) {
            return MaintenanceStatus.COMPLETED;
        }
        return verifyingAt != null && !t.isBefore(verifyingAt) ? MaintenanceStatus.VERIFYING : MaintenanceStatus.IN_PROGRESS;
    }
}
