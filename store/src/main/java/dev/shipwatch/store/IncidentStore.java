package dev.shipwatch.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Public incidents and their timelines. Implementations are thread-safe; every method runs in
 * its own transaction. Lists are newest first by {@code created_at} and carry each incident's
 * full timeline.
 */
public interface IncidentStore {
    /** Opens an incident at {@code at}, with its first update. */
    Incident create(IncidentDraft draft, Instant at);

    /**
     * Adds an update at {@code at}: the incident takes its status, merges its components, sets
     * {@code monitoring_at} on first monitoring and {@code resolved_at} on resolving (cleared
     * again if it is reopened). Empty when there is no such incident.
     */
    Optional<Incident> update(String incidentId, IncidentUpdateDraft draft, Instant at);

    Optional<Incident> find(String incidentId);

    /** The {@code limit} most recently created incidents, resolved ones included. */
    List<Incident> recent(int limit);

    /** Every incident not resolved (investigating, identified, monitoring). */
    List<Incident> unresolved();

    /** Incidents created in {@code [from, to)}. */
    List<Incident> createdBetween(Instant from, Instant to);

    /** The open automatic incident of a component, if there is one. */
    Optional<Incident> openAutomatic(String componentId);
}
