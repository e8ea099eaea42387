package dev.shipwatch.store;

import java.time.Instant;
import java.util.List;

/**
 * A change to a maintenance window; null fields stay as they are.
 *
 * @param body       a new timeline entry, or null
 * @param components the new set of covered component ids, or null
 * @param end        {@code VERIFYING} (in progress, being checked) or {@code COMPLETED} (ends it
 *                   now; before its start that is a cancellation), or null
 * @param cancel     cancels the window: it is completed and never counts as maintenance
 */
public record MaintenanceChange(String name, String body, Instant scheduledFor, Instant scheduledUntil,
                                List<String> components, MaintenanceStatus end, boolean cancel) {
    public MaintenanceChange {
        components = components == null ? null : List.copyOf(components);
        if (end != null && end != MaintenanceStatus.VERIFYING && end != MaintenanceStatus.COMPLETED) {
            throw new IllegalArgumentException("a maintenance can only be moved to verifying or completed, not " + end.wire());
        }
    }
}
