package dev.shipwatch.statuspage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipwatch.store.AffectedComponent;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentUpdate;
import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.MaintenanceStatus;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Statuspage v2 public API shapes (docs/statuspage-api.md) with their exact field names,
 * nesting and enums, so existing Statuspage clients read us unchanged.
 *
 * <p>Components without data are left out of {@code components[]}: Statuspage has no "no data"
 * status and reporting one as {@code operational} would invent an up (a group whose members all
 * lack data goes too). Text is written with {@code <}, {@code >}, {@code &} and {@code '} as
 * {@code \}{@code u} escapes ({@link HtmlSafeJson}), so that JSON pasted into HTML can never open a tag.
 */
final class StatusJson {
    private final ObjectMapper mapper;

    StatusJson() {
        this.mapper = HtmlSafeJson.mapper();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    byte[] status(StatusModel m) {
        ObjectNode root = root(m);
        root.set("status", status(m.overall()));
        return bytes(root);
    }

    /** @param createdAt each component's {@code created_at} by id */
    byte[] components(StatusModel m, Map<String, Instant> createdAt) {
        ObjectNode root = root(m);
        root.set("components", componentsNode(m, createdAt));
        return bytes(root);
    }

    /** Keys in the order Statuspage's own {@code summary.json} has them: {@code status} last. */
    byte[] summary(StatusModel m, Map<String, Instant> createdAt) {
        ObjectNode root = root(m);
        root.set("components", componentsNode(m, createdAt));
        root.set("incidents", incidentsNode(m, m.unresolved(), createdAt));
        root.set("scheduled_maintenances", maintenancesNode(m, m.notEnded(), createdAt));
        root.set("status", status(m.overall()));
        return bytes(root);
    }

    byte[] incidents(StatusModel m, List<Incident> incidents, Map<String, Instant> createdAt) {
        ObjectNode root = root(m);
        root.set("incidents", incidentsNode(m, incidents, createdAt));
        return bytes(root);
    }

    byte[] maintenances(StatusModel m, List<Maintenance> list, Map<String, Instant> createdAt) {
        ObjectNode root = root(m);
        root.set("scheduled_maintenances", maintenancesNode(m, list, createdAt));
        return bytes(root);
    }

    /** One incident as the admin API answers it. */
    byte[] incident(StatusModel m, Incident i, Map<String, Instant> createdAt) {
        return bytes(incidentNode(m, i, createdAt));
    }

    byte[] maintenance(StatusModel m, Maintenance mt, Map<String, Instant> createdAt) {
        return bytes(maintenanceNode(m, mt, createdAt));
    }

    // --- the parts the large documents are stitched from (PageRenderer) ------------------------

    /** One element of {@code components[]}: a component. */
    byte[] componentElement(StatusModel m, StatusModel.Component c, Map<String, Instant> createdAt) {
        return write(component(m, c, createdAt));
    }

    /** One element of {@code components[]}: a group. */
    byte[] groupElement(StatusModel m, StatusModel.Group g, Map<String, Instant> createdAt) {
        return write(group(m, g, createdAt));
    }

    /**
     * What {@link #components} writes before and after the elements of {@code components[]}, so
     * that {@code before + elements joined by "," + after} is byte for byte that document.
     */
    byte[][] componentsEnvelope(StatusModel m) {
        return envelope(new String[] {"{\"page\":", ",\"components\":["}, new byte[][] {write(root(m).get("page"))}, "]}");
    }

    /** The same for {@link #summary}. */
    byte[][] summaryEnvelope(StatusModel m, Map<String, Instant> createdAt) {
        byte[][] before = envelope(new String[] {"{\"page\":", ",\"components\":["},
                new byte[][] {write(root(m).get("page"))}, "");
        byte[] incidents = write(incidentsNode(m, m.unresolved(), createdAt));
        byte[] maintenances = write(maintenancesNode(m, m.notEnded(), createdAt));
        byte[] after = concat("],\"incidents\":".getBytes(java.nio.charset.StandardCharsets.UTF_8), incidents,
                ",\"scheduled_maintenances\":".getBytes(java.nio.charset.StandardCharsets.UTF_8), maintenances,
                ",\"status\":".getBytes(java.nio.charset.StandardCharsets.UTF_8), write(status(m.overall())),
                "}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new byte[][] {before[0], after};
    }

    /** {@code names[0] values[0] names[1] values[1] … names[last]}, and {@code after}. */
    private static byte[][] envelope(String[] names, byte[][] values, String after) {
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            parts.add(names[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (i < values.length) {
                parts.add(values[i]);
            }
        }
        return new byte[][] {concat(parts.toArray(byte[][]::new)), after.getBytes(java.nio.charset.StandardCharsets.UTF_8)};
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("JSON could not be written", e);
        }
    }

    private ObjectNode root(StatusModel m) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode page = root.putObject("page");
        page.put("id", pageId(m));
        page.put("name", m.site().name());
        page.put("url", m.site().url());
        page.put("time_zone", m.site().timeZone().getId());
        page.put("updated_at", Format.iso(m.updatedAt()));
        return root;
    }

    private ObjectNode status(StatusModel.Overall overall) {
        ObjectNode status = mapper.createObjectNode();
        status.put("indicator", overall.indicator().wire());
        status.put("description", overall.description());
        return status;
    }

    /** Groups and components in page order: each group right before its members, as Statuspage lists them. */
    private ArrayNode componentsNode(StatusModel m, Map<String, Instant> createdAt) {
        ArrayNode list = mapper.createArrayNode();
        List<String> groupsDone = new ArrayList<>();
        for (StatusModel.Component c : m.components()) {
            if (c.groupId() != null && !groupsDone.contains(c.groupId())) {
                groupsDone.add(c.groupId());
                m.groups().stream().filter(g -> g.id().equals(c.groupId())).findFirst()
                        .filter(g -> g.status() != ComponentStatus.NO_DATA)
                        .ifPresent(g -> list.add(group(m, g, createdAt)));
            }
            if (c.status() != ComponentStatus.NO_DATA) {
                list.add(component(m, c, createdAt));
            }
        }
        return list;
    }

    private ObjectNode component(StatusModel m, StatusModel.Component c, Map<String, Instant> createdAt) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", c.id());
        o.put("name", c.name());
        o.put("status", c.status().wire());
        o.put("created_at", Format.iso(createdAt.getOrDefault(c.id(), m.startedAt())));
        o.put("updated_at", Format.iso(c.lastCheckedAt() == null ? m.updatedAt() : c.lastCheckedAt()));
        o.put("position", c.position());
        o.put("description", c.description());
        o.put("showcase", true);
        o.putNull("start_date");
        o.put("group_id", c.groupId());
        o.put("page_id", pageId(m));
        o.put("group", false);
        o.put("only_show_if_degraded", false);
        return o;
    }

    private ObjectNode group(StatusModel m, StatusModel.Group g, Map<String, Instant> createdAt) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", g.id());
        o.put("name", g.name());
        o.put("status", g.status().wire());
        o.put("created_at", Format.iso(createdAt.getOrDefault(g.id(), m.startedAt())));
        o.put("updated_at", Format.iso(g.updatedAt() == null ? m.updatedAt() : g.updatedAt()));
        o.put("position", g.position());
        o.put("description", g.description());
        o.put("showcase", false);
        o.putNull("start_date");
        o.putNull("group_id");
        o.put("page_id", pageId(m));
        o.put("group", true);
        o.put("only_show_if_degraded", false);
        ArrayNode members = o.putArray("components");
        g.members().forEach(members::add);
        return o;
    }

    private ArrayNode incidentsNode(StatusModel m, List<Incident> incidents, Map<String, Instant> createdAt) {
        ArrayNode list = mapper.createArrayNode();
        incidents.forEach(i -> list.add(incidentNode(m, i, createdAt)));
        return list;
    }

    private ObjectNode incidentNode(StatusModel m, Incident i, Map<String, Instant> createdAt) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", i.id());
        o.put("name", i.name());
        o.put("status", i.status().wire());
        o.put("created_at", Format.iso(i.createdAt()));
        o.put("updated_at", Format.iso(i.updatedAt()));
        o.put("monitoring_at", i.monitoringAt() == null ? null : Format.iso(i.monitoringAt()));
        o.put("resolved_at", i.resolvedAt() == null ? null : Format.iso(i.resolvedAt()));
        o.put("impact", i.impact().wire());
        o.put("shortlink", shortlink(m, i.id()));
        o.put("started_at", Format.iso(i.createdAt()));
        o.put("page_id", pageId(m));
        ArrayNode updates = o.putArray("incident_updates");
        List<IncidentUpdate> newestFirst = new ArrayList<>(i.updates());
        java.util.Collections.reverse(newestFirst);
        for (IncidentUpdate u : newestFirst) {
            updates.add(update(u.id(), u.status().wire(), u.body(), i.id(), u.createdAt(), u.affected()));
        }
        o.set("components", affectedComponents(m, i.components().keySet(), createdAt));
        return o;
    }

    private ArrayNode maintenancesNode(StatusModel m, List<Maintenance> list, Map<String, Instant> createdAt) {
        ArrayNode out = mapper.createArrayNode();
        list.forEach(mt -> out.add(maintenanceNode(m, mt, createdAt)));
        return out;
    }

    private ObjectNode maintenanceNode(StatusModel m, Maintenance mt, Map<String, Instant> createdAt) {
        Instant now = m.renderedAt();
        MaintenanceStatus status = mt.statusAt(now);
        List<Timeline.Entry> entries = Timeline.of(mt, now);
        ObjectNode o = mapper.createObjectNode();
        o.put("id", mt.id());
        o.put("name", mt.name());
        o.put("status", status.wire());
        o.put("created_at", Format.iso(mt.createdAt()));
        Instant updated = entries.stream().map(Timeline.Entry::at).max(Comparator.naturalOrder()).orElse(mt.updatedAt());
        o.put("updated_at", Format.iso(updated.isAfter(mt.updatedAt()) ? updated : mt.updatedAt()));
        o.putNull("monitoring_at");
        o.put("resolved_at", status == MaintenanceStatus.COMPLETED ? Format.iso(mt.end()) : null);
        o.put("impact", "maintenance");
        o.put("shortlink", shortlink(m, mt.id()));
        o.put("started_at", Format.iso(mt.createdAt()));
        o.put("page_id", pageId(m));
        ArrayNode updates = o.putArray("incident_updates");
        List<Timeline.Entry> newestFirst = new ArrayList<>(entries);
        java.util.Collections.reverse(newestFirst);
        for (Timeline.Entry e : newestFirst) {
            updates.add(update(e.id(), e.status(), e.body(), mt.id(), e.at(), List.of()));
        }
        o.set("components", affectedComponents(m, mt.components(), createdAt));
        o.put("scheduled_for", Format.iso(mt.scheduledFor()));
        o.put("scheduled_until", Format.iso(mt.scheduledUntil()));
        return o;
    }

    private ObjectNode update(String id, String status, String body, String parentId, Instant at, List<AffectedComponent> affected) {
        ObjectNode u = mapper.createObjectNode();
        u.put("id", id);
        u.put("status", status);
        u.put("body", body);
        u.put("incident_id", parentId);
        u.put("created_at", Format.iso(at));
        u.put("updated_at", Format.iso(at));
        u.put("display_at", Format.iso(at));
        if (affected.isEmpty()) {
            u.putNull("affected_components");
        } else {
            ArrayNode list = u.putArray("affected_components");
            for (AffectedComponent a : affected) {
                ObjectNode ac = list.addObject();
                ac.put("code", a.code());
                ac.put("name", a.name());
                ac.put("old_status", a.oldStatus().wire());
                ac.put("new_status", a.newStatus().wire());
            }
        }
        u.put("deliver_notifications", true);
        return u;
    }

    /** The page's current component objects for these ids (ids no longer configured are left out). */
    private ArrayNode affectedComponents(StatusModel m, Iterable<String> ids, Map<String, Instant> createdAt) {
        ArrayNode list = mapper.createArrayNode();
        for (String id : ids) {
            m.component(id).ifPresent(c -> {
                ObjectNode o = component(m, c, createdAt);
                if (c.status() == ComponentStatus.NO_DATA) {
                    // Statuspage has no "no data"; inside an incident the component must still be named
                    o.put("status", ComponentStatus.OPERATIONAL.wire());
                }
                list.add(o);
            });
        }
        return list;
    }

    static String shortlink(StatusModel m, String id) {
        return Links.absolute(m.site(), "/incidents/" + id);
    }

    static String pageId(StatusModel m) {
        return dev.shipwatch.config.StatusPageConfig.slug(m.site().name());
    }

    private byte[] bytes(ObjectNode root) {
        return write(root);
    }
}
