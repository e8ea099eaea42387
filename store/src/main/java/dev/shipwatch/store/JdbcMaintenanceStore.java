package dev.shipwatch.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link MaintenanceStore} over JDBC (H2 and PostgreSQL). */
final class JdbcMaintenanceStore implements MaintenanceStore {
    private static final String COLUMNS =
            "id, name, created_at, updated_at, scheduled_for, scheduled_until, verifying_at, ended_at, cancelled";
    /** Not cancelled and not ended early at the instant bound to its one parameter. */
    private static final String NOT_OVER = "cancelled = FALSE AND (ended_at IS NULL OR ended_at > ?)";

    private final Jdbc jdbc;

    private final Changes changes;

    JdbcMaintenanceStore(Jdbc jdbc, Changes changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    @Override
    public Maintenance create(MaintenanceDraft d, Instant at) {
        Objects.requireNonNull(d, "draft");
        Objects.requireNonNull(at, "at");
        String id = Ids.next();
        Maintenance created = jdbc.inTransaction("schedule maintenance " + d.name(), c -> {
            changes.send(c, Changes.PAGE);
            Jdbc.update(c, "INSERT INTO maintenances (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE)",
                    id, d.name(), at, at, d.scheduledFor(), d.scheduledUntil(), Jdbc.instantOrNull(null), Jdbc.instantOrNull(null));
            setComponents(c, id, d.components());
            insertUpdate(c, id, MaintenanceStatus.SCHEDULED, d.body(), at);
            return load(c, List.of(id)).get(0);
        });
        changes.committed(Changes.PAGE);
        return created;
    }

    @Override
    public Optional<Maintenance> change(String maintenanceId, MaintenanceChange ch, Instant at) {
        Objects.requireNonNull(ch, "change");
        Optional<Maintenance> result = jdbc.inTransaction("change maintenance " + maintenanceId, c -> {
            if (Jdbc.query(c, "SELECT id FROM maintenances WHERE id = ? FOR UPDATE", rs -> rs.getString(1), maintenanceId).isEmpty()) {
                return Optional.empty();
            }
            Maintenance old = load(c, List.of(maintenanceId)).get(0);
            Instant scheduledFor = ch.scheduledFor() == null ? old.scheduledFor() : ch.scheduledFor();
            Instant scheduledUntil = ch.scheduledUntil() == null ? old.scheduledUntil() : ch.scheduledUntil();
            Instant verifyingAt = old.verifyingAt();
            Instant endedAt = old.endedAt();
            boolean cancelled = old.cancelled() || ch.cancel();
            if (ch.end() == MaintenanceStatus.VERIFYING && verifyingAt == null) {
                verifyingAt = at;
            } else if (ch.end() == MaintenanceStatus.COMPLETED && endedAt == null) {
                // ending a window before it started is cancelling it
                cancelled = cancelled || at.isBefore(scheduledFor);
                endedAt = at;
            }
            if (ch.cancel() && endedAt == null) {
                endedAt = at;
            }
            Jdbc.update(c, "UPDATE maintenances SET name = ?, updated_at = ?, scheduled_for = ?, scheduled_until = ?, "
                            + "verifying_at = ?, ended_at = ?, cancelled = ? WHERE id = ?",
                    ch.name() == null ? old.name() : ch.name(), at, scheduledFor, scheduledUntil,
                    Jdbc.instantOrNull(verifyingAt), Jdbc.instantOrNull(endedAt), cancelled, maintenanceId);
            if (ch.components() != null) {
                Jdbc.update(c, "DELETE FROM maintenance_components WHERE maintenance_id = ?", maintenanceId);
                setComponents(c, maintenanceId, ch.components());
            }
            Maintenance changed = load(c, List.of(maintenanceId)).get(0);
            String body = ch.body();
            if (body == null && cancelled && !old.cancelled()) {
                body = "This maintenance has been cancelled.";
            } else if (body == null && ch.end() != null && changed.statusAt(at) != old.statusAt(at)) {
                body = ch.end() == MaintenanceStatus.VERIFYING ? "The work is done and is being verified."
                        : "This maintenance has been completed.";
            }
            if (body != null) {
                insertUpdate(c, maintenanceId, changed.statusAt(at), body, at);
                changed = load(c, List.of(maintenanceId)).get(0);
            }
            changes.send(c, Changes.PAGE);
            return Optional.of(changed);
        });
        result.ifPresent(m -> changes.committed(Changes.PAGE));
        return result;
    }

    @Override
    public Optional<Maintenance> find(String maintenanceId) {
        return jdbc.inTransaction("read maintenance " + maintenanceId, c -> load(c, List.of(maintenanceId)).stream().findFirst());
    }

    @Override
    public List<Maintenance> recent(int limit) {
        return jdbc.inTransaction("read the recent maintenance", c -> load(c, ids(c,
                "SELECT id FROM maintenances ORDER BY scheduled_for DESC, id FETCH FIRST " + Math.max(0, limit) + " ROWS ONLY")));
    }

    @Override
    public List<Maintenance> notEndedAt(Instant t) {
        return jdbc.inTransaction("read the maintenance not over at " + t, c -> load(c, ids(c,
                "SELECT id FROM maintenances WHERE scheduled_until > ? AND " + NOT_OVER + " ORDER BY scheduled_for, id", t, t)));
    }

    @Override
    public List<Maintenance> overlapping(Instant from, Instant to) {
        return jdbc.inTransaction("read the maintenance from " + from + " to " + to, c -> load(c, ids(c,
                "SELECT id FROM maintenances WHERE scheduled_until > ? AND scheduled_for < ? AND cancelled = FALSE "
                        + "ORDER BY scheduled_for, id", from, to)));
    }

    @Override
    public boolean inMaintenance(String componentId, Instant at) {
        Objects.requireNonNull(componentId, "componentId");
        Objects.requireNonNull(at, "at");
        return jdbc.inTransaction("check maintenance of component " + componentId, c -> !Jdbc.query(c,
                "SELECT m.id FROM maintenance_components mc JOIN maintenances m ON m.id = mc.maintenance_id "
                        + "WHERE mc.component_id = ? AND m.scheduled_for <= ? AND m.scheduled_until > ? "
                        + "AND m.cancelled = FALSE AND (m.ended_at IS NULL OR m.ended_at > ?) FETCH FIRST 1 ROWS ONLY", rs -> rs.getString(1), componentId, at, at, at).isEmpty());
    }

    // --- plumbing ----------------------------------------------------------------------------

    private static void setComponents(Connection c, String id, List<String> components) throws SQLException {
        int position = 1;
        for (String component : components) {
            Jdbc.update(c, "INSERT INTO maintenance_components (maintenance_id, component_id, position) VALUES (?, ?, ?)",
                    id, component, position++);
        }
    }

    private static void insertUpdate(Connection c, String id, MaintenanceStatus status, String body, Instant at) throws SQLException {
        int seq = Jdbc.query(c, "SELECT COALESCE(MAX(seq), 0) FROM maintenance_updates WHERE maintenance_id = ?",
                rs -> rs.getInt(1), id).get(0) + 1;
        Jdbc.update(c, "INSERT INTO maintenance_updates (id, maintenance_id, status, body, created_at, seq) VALUES (?, ?, ?, ?, ?, ?)",
                Ids.next(), id, status.wire(), body == null ? "" : body, at, seq);
    }

    private static List<String> ids(Connection c, String sql, Object... values) throws SQLException {
        return Jdbc.query(c, sql, rs -> rs.getString(1), values);
    }

    private static List<Maintenance> load(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = Jdbc.placeholders(ids.size());
        Object[] args = ids.toArray();
        Map<String, List<String>> components = new HashMap<>();
        Jdbc.query(c, "SELECT maintenance_id, component_id FROM maintenance_components WHERE maintenance_id IN " + in
                + " ORDER BY maintenance_id, position", rs -> components.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(rs.getString(2)), args);
        Map<String, List<MaintenanceUpdate>> updates = new HashMap<>();
        Jdbc.query(c, "SELECT id, maintenance_id, status, body, created_at FROM maintenance_updates WHERE maintenance_id IN "
                + in + " ORDER BY maintenance_id, seq", rs -> updates.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                .add(new MaintenanceUpdate(rs.getString(1), rs.getString(2),
                        MaintenanceStatus.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
                        rs.getString(4), Jdbc.instant(rs, "created_at"))), args);
        Map<String, Maintenance> byId = new HashMap<>();
        Jdbc.query(c, "SELECT " + COLUMNS + " FROM maintenances WHERE id IN " + in, rs -> {
            Maintenance m = maintenance(rs, components.getOrDefault(rs.getString("id"), List.of()),
                    updates.getOrDefault(rs.getString("id"), List.of()));
            byId.put(m.id(), m);
            return m;
        }, args);
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    private static Maintenance maintenance(ResultSet rs, List<String> components, List<MaintenanceUpdate> updates)
            throws SQLException {
        return new Maintenance(rs.getString("id"), rs.getString("name"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at"), Jdbc.instant(rs, "scheduled_for"), Jdbc.instant(rs, "scheduled_until"),
                Jdbc.instant(rs, "verifying_at"), Jdbc.instant(rs, "ended_at"), rs.getBoolean("cancelled"),
                components, updates);
    }
}
