package dev.shipwatch.store;

import java.util.List;

/** A new maintenance window; {@code body} becomes its first ({@code scheduled}) update. */
public record MaintenanceDraft(String name, String body, java.time.Instant scheduledFor, java.time.Instant scheduledUntil,
                               List<String> components) {
    public MaintenanceDraft {
        components = List.copyOf(components);
    }
}
