package dev.shipwatch.store;

import java.time.Instant;

/** One entry of a maintenance window's timeline; {@code body} is plain text. */
public record MaintenanceUpdate(String id, String maintenanceId, MaintenanceStatus status, String body, Instant createdAt) {}
