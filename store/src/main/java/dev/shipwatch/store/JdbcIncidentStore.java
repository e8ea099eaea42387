package dev.shipwatch.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link IncidentStore} over JDBC (H2 and PostgreSQL). */
final class JdbcIncidentStore implements IncidentStore {
    private static final String COLUMNS = "id, name, status, impact, created_at, updated_at, monitoring_at, resolved_at, auto_component";
    private static final String[] CLOSED = {IncidentStatus.RESOLVED.wire(), IncidentStatus.POSTMORTEM.wire()};

    private final Jdbc jdbc;
    private final ObjectMapper json = new ObjectMapper();

    private final Changes changes;

    JdbcIncidentStore(Jdbc jdbc, Changes changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    @Override
    public Incident create(IncidentDraft d, Instant at) {
        Objects.requireNonNull(d, "draft");
        Objects.requireNonNull(at, "at");
        String id = Ids.next();
        Incident opened = jdbc.inTransaction("open incident " + d.name(), c -> {
            changes.send(c, Changes.PAGE);
            Jdbc.update(c, "INSERT INTO incidents (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, d.name(), d.status().wire(), d.impact().wire(), at, at,
                    Jdbc.instantOrNull(d.status() == IncidentStatus.MONITORING ? at : null),
                    Jdbc.instantOrNull(d.status().isClosed() ? at : null), Jdbc.textOrNull(d.autoComponent()));
            mergeComponents(c, id, d.components());
            insertUpdate(c, id, d.status(), d.body(), at, d.affected());
            return load(c, List.of(id)).get(0);
        });
        changes.committed(Changes.PAGE);
        return opened;
    }

    @Override
    public Optional<Incident> update(String incidentId, IncidentUpdateDraft d, Instant at) {
        Objects.requireNonNull(d, "draft");
        Optional<Incident> updated = jdbc.inTransaction("update incident " + incidentId, c -> {
            List<Incident> found = Jdbc.query(c, "SELECT " + COLUMNS + " FROM incidents WHERE id = ? FOR UPDATE",
                    rs -> incident(rs, Map.of(), List.of()), incidentId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Incident old = found.get(0);
            Instant monitoringAt = old.monitoringAt() == null && d.status() == IncidentStatus.MONITORING ? at : old.monitoringAt();
            Instant resolvedAt = d.status().isClosed() ? (old.resolvedAt() == null ? at : old.resolvedAt()) : null;
            Jdbc.update(c, "UPDATE incidents SET status = ?, updated_at = ?, monitoring_at = ?, resolved_at = ? WHERE id = ?",
                    d.status().wire(), at, Jdbc.instantOrNull(monitoringAt), Jdbc.instantOrNull(resolvedAt), incidentId);
            mergeComponents(c, incidentId, d.components());
            insertUpdate(c, incidentId, d.status(), d.body(), at, d.affected());
            changes.send(c, Changes.PAGE);
            return Optional.of(load(c, List.of(incidentId)).get(0));
        });
        updated.ifPresent(i -> changes.committed(Changes.PAGE));
        return updated;
    }

    @Override
    public Optional<Incident> find(String incidentId) {
        return jdbc.inTransaction("read incident " + incidentId, c -> load(c, List.of(incidentId)).stream().findFirst());
    }

    @Override
    public List<Incident> recent(int limit) {
        return jdbc.inTransaction("read the recent incidents", c -> load(c, ids(c,
                "SELECT id FROM incidents ORDER BY created_at DESC, id FETCH FIRST " + Math.max(0, limit) + " ROWS ONLY")));
    }

    @Override
    public List<Incident> unresolved() {
        return jdbc.inTransaction("read the unresolved incidents", c -> load(c, ids(c,
                "SELECT id FROM incidents WHERE resolved_at IS NULL AND status NOT IN (?, ?) ORDER BY created_at DESC, id",
                (Object[]) CLOSED)));
    }

    @Override
    public List<Incident> createdBetween(Instant from, Instant to) {
        return jdbc.inTransaction("read the incidents created from " + from + " to " + to, c -> load(c, ids(c,
                "SELECT id FROM incidents WHERE created_at >= ? AND created_at < ? ORDER BY created_at DESC, id", from, to)));
    }

    @Override
    public Optional<Incident> openAutomatic(String componentId) {
        return jdbc.inTransaction("read the open automatic incident of component " + componentId, c -> load(c, ids(c,
                "SELECT id FROM incidents WHERE resolved_at IS NULL AND auto_component = ? AND status NOT IN (?, ?) "
                        + "ORDER BY created_at DESC, id", componentId, CLOSED[0], CLOSED[1])).stream().findFirst());
    }

    // --- writing -----------------------------------------------------------------------------

    private static void mergeComponents(Connection c, String incidentId, Map<String, ComponentState> components) throws SQLException {
        if (components.isEmpty()) {
            return;
        }
        Map<String, Integer> known = new HashMap<>();
        for (String[] row : Jdbc.query(c, "SELECT component_id, position FROM incident_components WHERE incident_id = ?",
                rs -> new String[] {rs.getString(1), Integer.toString(rs.getInt(2))}, incidentId)) {
            known.put(row[0], Integer.parseInt(row[1]));
        }
        int next = known.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        for (Map.Entry<String, ComponentState> e : components.entrySet()) {
            if (known.containsKey(e.getKey())) {
                Jdbc.update(c, "UPDATE incident_components SET status = ? WHERE incident_id = ? AND component_id = ?",
                        e.getValue().wire(), incidentId, e.getKey());
            } else {
                Jdbc.update(c, "INSERT INTO incident_components (incident_id, component_id, status, position) VALUES (?, ?, ?, ?)",
                        incidentId, e.getKey(), e.getValue().wire(), next++);
            }
        }
    }

    private void insertUpdate(Connection c, String incidentId, IncidentStatus status, String body, Instant at,
                              List<AffectedComponent> affected) throws SQLException {
        int seq = Jdbc.query(c, "SELECT COALESCE(MAX(seq), 0) FROM incident_updates WHERE incident_id = ?",
                rs -> rs.getInt(1), incidentId).get(0) + 1;
        Jdbc.update(c, "INSERT INTO incident_updates (id, incident_id, status, body, created_at, seq, affected_components) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                Ids.next(), incidentId, status.wire(), body == null ? "" : body, at, seq,
                Jdbc.textOrNull(affected.isEmpty() ? null : affectedJson(affected)));
    }

    private String affectedJson(List<AffectedComponent> affected) {
        ArrayNode list = json.createArrayNode();
        for (AffectedComponent a : affected) {
            ObjectNode o = list.addObject();
            o.put("code", a.code());
            o.put("name", a.name());
            o.put("old_status", a.oldStatus().wire());
            o.put("new_status", a.newStatus().wire());
        }
        return list.toString();
    }

    // --- reading -----------------------------------------------------------------------------

    private static List<String> ids(Connection c, String sql, Object... values) throws SQLException {
        return Jdbc.query(c, sql, rs -> rs.getString(1), values);
    }

    /** The incidents with these ids, in this order, each with its components and timeline. */
    private List<Incident> load(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = Jdbc.placeholders(ids.size());
        Object[] args = ids.toArray();
        Map<String, Map<String, ComponentState>> components = new HashMap<>();
        Jdbc.query(c, "SELECT incident_id, component_id, status FROM incident_components WHERE incident_id IN " + in
                + " ORDER BY incident_id, position", rs -> components.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                .put(rs.getString(2), ComponentState.fromWire(rs.getString(3)).orElseThrow()), args);
        Map<String, List<IncidentUpdate>> updates = new HashMap<>();
        Jdbc.query(c, "SELECT id, incident_id, status, body, created_at, affected_components FROM incident_updates "
                + "WHERE incident_id IN " + in + " ORDER BY incident_id, seq", rs -> updates
                .computeIfAbsent(rs.getString("incident_id"), k -> new ArrayList<>()).add(update(rs)), args);
        Map<String, Incident> byId = new HashMap<>();
        Jdbc.query(c, "SELECT " + COLUMNS + " FROM incidents WHERE id IN " + in, rs -> {
            String id = rs.getString("id");
            Incident i = incident(rs, components.getOrDefault(id, Map.of()), updates.getOrDefault(id, List.of()));
            byId.put(id, i);
            return i;
        }, args);
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    private static Incident incident(ResultSet rs, Map<String, ComponentState> components, List<IncidentUpdate> updates)
            throws SQLException {
        return new Incident(rs.getString("id"), rs.getString("name"),
                IncidentStatus.fromWire(rs.getString("status")).orElseThrow(),
                IncidentImpact.fromWire(rs.getString("impact")).orElseThrow(),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"), Jdbc.instant(rs, "monitoring_at"),
                Jdbc.instant(rs, "resolved_at"), components, updates, rs.getString("auto_component"));
    }

    private IncidentUpdate update(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String affected = rs.getString("affected_components");
        List<AffectedComponent> list = new ArrayList<>();
        if (affected != null) {
            try {
                for (JsonNode a : json.readTree(affected)) {
                    list.add(new AffectedComponent(a.path("code").asText(), a.path("name").asText(),
                            ComponentState.fromWire(a.path("old_status").asText()).orElseThrow(),
                            ComponentState.fromWire(a.path("new_status").asText()).orElseThrow()));
                }
            } catch (JsonProcessingException e) {
                throw new StoreException("cannot read the affected components of incident update " + id + ": "
                        + e.getOriginalMessage(), e);
            }
        }
        return new IncidentUpdate(id, rs.getString("incident_id"), IncidentStatus.fromWire(rs.getString("status")).orElseThrow(),
                rs.getString("body"), Jdbc.instant(rs, "created_at"), list);
    }
}
