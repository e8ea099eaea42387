package dev.shipwatch.store;

import java.time.Instant;
import java.util.List;

/**
 * One entry of an incident's timeline. {@code body} is plain text: every view escapes it.
 *
 * @param affected the component changes this update made; empty when it changed none
 */
public record IncidentUpdate(String id, String incidentId, IncidentStatus status, String body, Instant createdAt,
                             List<AffectedComponent> affected) {
    public IncidentUpdate {
        affected = affected == null ? List.of() : List.copyOf(affected);
    }
}
