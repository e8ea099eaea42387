package dev.shipwatch.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A public incident with its timeline (oldest update first). {@code name} is plain text.
 *
 * @param components    every component the incident named, with the status it set last, in the
 *                      order first named; it only overrides the derived status while the incident
 *                      is open (see {@link #overrides()})
 * @param monitoringAt  when it first went to {@code monitoring}, or null
 * @param resolvedAt    when it was resolved, or null while open
 * @param autoComponent the component id an automatic incident was opened for, or null for one
 *                      opened by a person
 */
public record Incident(String id, String name, IncidentStatus status, IncidentImpact impact,
                       Instant createdAt, Instant updatedAt, Instant monitoringAt, Instant resolvedAt,
                       Map<String, ComponentState> components, List<IncidentUpdate> updates, String autoComponent) {
    public Incident {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
        updates = List.copyOf(updates);
    }

    public boolean isOpen() {
        return !status.isClosed();
    }

    /** The component statuses this incident imposes now: its components while open, none once resolved. */
    public Map<String, ComponentState> overrides() {
        return isOpen() ? components : Map.of();
    }
}
