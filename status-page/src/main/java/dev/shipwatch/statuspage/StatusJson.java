package dev.shipwatch.statuspage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * The Statuspage v2 public API shapes (shared/CONTRACTS.md §1) with their exact field names and
 * enums, so existing Statuspage clients read us unchanged.
 *
 * <p>Components without data are left out of {@code components[]}: Statuspage has no "no data"
 * status and reporting one as {@code operational} would invent an up. Incidents and
 * maintenance do not exist yet, so their arrays are empty.
 */
final class StatusJson {
    private final ObjectMapper mapper;

    StatusJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] status(StatusModel m) {
        ObjectNode root = mapper.createObjectNode();
        root.set("page", page(m));
        root.set("status", status(m.overall()));
        return bytes(root);
    }

    /** @param createdAt each component's {@code created_at} by id */
    byte[] components(StatusModel m, Map<String, Instant> createdAt) {
        ObjectNode root = mapper.createObjectNode();
        root.set("page", page(m));
        root.set("components", components(m, pageId(m), createdAt));
        return bytes(root);
    }

    byte[] summary(StatusModel m, Map<String, Instant> createdAt) {
        ObjectNode root = mapper.createObjectNode();
        root.set("page", page(m));
        root.set("status", status(m.overall()));
        root.set("components", components(m, pageId(m), createdAt));
        root.putArray("incidents");
        root.putArray("scheduled_maintenances");
        return bytes(root);
    }

    private ObjectNode page(StatusModel m) {
        ObjectNode page = mapper.createObjectNode();
        page.put("id", pageId(m));
        page.put("name", m.site().name());
        page.put("url", m.site().url());
        page.put("time_zone", m.site().timeZone().getId());
        page.put("updated_at", Format.iso(m.updatedAt()));
        return page;
    }

    private ObjectNode status(ComponentStatus overall) {
        ObjectNode status = mapper.createObjectNode();
        status.put("indicator", overall.indicator());
        status.put("description", overall.bannerText);
        return status;
    }

    private ArrayNode components(StatusModel m, String pageId, Map<String, Instant> createdAt) {
        ArrayNode list = mapper.createArrayNode();
        for (StatusModel.Component c : m.components()) {
            if (c.status() == ComponentStatus.NO_DATA) {
                continue;
            }
            ObjectNode o = list.addObject();
            o.put("id", c.id());
            o.put("name", c.name());
            o.put("status", c.status().wire());
            o.put("created_at", Format.iso(createdAt.getOrDefault(c.id(), m.startedAt())));
            o.put("updated_at", Format.iso(c.lastCheckedAt()));
            o.put("position", c.position());
            o.putNull("description");
            o.put("showcase", true);
            o.putNull("start_date");
            o.putNull("group_id");
            o.put("page_id", pageId);
            o.put("group", false);
            o.put("only_show_if_degraded", false);
        }
        return list;
    }

    private static String pageId(StatusModel m) {
        return StatusModel.slug(m.site().name());
    }

    private byte[] bytes(ObjectNode root) {
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Status JSON could not be written", e);
        }
    }
}
