package dev.shipwatch.statuspage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.shipwatch.store.AffectedComponent;
import dev.shipwatch.store.ComponentState;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentDraft;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStatus;
import dev.shipwatch.store.IncidentStore;
import dev.shipwatch.store.IncidentUpdateDraft;
import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.MaintenanceChange;
import dev.shipwatch.store.MaintenanceDraft;
import dev.shipwatch.store.MaintenanceStatus;
import dev.shipwatch.store.MaintenanceStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * The admin API: incidents, their updates, maintenance windows and "probe now", behind a bearer
 * token compared in constant time. Mutations run on worker threads (they write the database),
 * then tell the page and wait for its refresher to show the change before answering, so a 201
 * means the public page already shows it.
 *
 * <p>Input is validated field by field and every problem is reported at once:
 * {@code 400 {"errors":[{"field":"scheduled_until","message":"…"}]}}. Text (names, bodies) is
 * stored as given, as plain text; every view escapes it.
 */
public final class AdminApi {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    static final String PREFIX = "/api/admin";
    static final int BODY_LIMIT = 64 * 1024;
    static final int NAME_MAX = 200;
    static final int BODY_MAX = 10_000;
    /** A body that did not parse stands as one of these nodes, told from any real body by identity, holding the problem. */
    private static final JsonNode NOT_JSON = new TextNode("the body is not valid JSON");
    private static final JsonNode TRAILING = new TextNode("the body must be one JSON object with nothing after it");

    private final StatusPage page;
    private final IncidentStore incidents;
    private final MaintenanceStore maintenance;
    private final Predicate<String> probeNow;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param probeNow runs a target now (the app wires it to the scheduler); false when there is
     *                 no such target. Called on a worker thread.
     */
    public AdminApi(StatusPage page, IncidentStore incidents, MaintenanceStore maintenance, Predicate<String> probeNow) {
        this.page = Objects.requireNonNull(page, "page");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.probeNow = Objects.requireNonNull(probeNow, "probeNow");
    }

    /** Adds the admin routes; only called when a token is configured. */
    void routes(Router r, Vertx vertx, String token) {
        byte[] expected = Resource.sha256(token.getBytes(StandardCharsets.UTF_8));
        r.route(PREFIX + "/*").handler(ctx -> authorize(ctx, expected));
        r.route(PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
        r.post(PREFIX + "/incidents").handler(ctx -> blocking(vertx, ctx, () -> createIncident(body(ctx))));
        r.post(PREFIX + "/incidents/:id/updates").handler(ctx -> blocking(vertx, ctx,
                () -> updateIncident(ctx.pathParam("id"), body(ctx))));
        r.post(PREFIX + "/maintenances").handler(ctx -> blocking(vertx, ctx, () -> createMaintenance(body(ctx))));
        r.patch(PREFIX + "/maintenances/:id").handler(ctx -> blocking(vertx, ctx,
                () -> changeMaintenance(ctx.pathParam("id"), body(ctx))));
        r.post(PREFIX + "/targets/:name/probe").handler(ctx -> blocking(vertx, ctx, () -> probe(ctx.pathParam("name"))));
        r.route(PREFIX + "/*").handler(ctx -> send(ctx, Answer.error(404, "not_found", "no such admin endpoint: "
                + ctx.request().method() + " " + ctx.normalizedPath())));
        // BodyHandler fails a body over the limit with 413: answered in the API's own JSON shape
        r.route(PREFIX + "/*").failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().ended()) {
                send(ctx, Answer.error(413, "too_large", "the body is over " + BODY_LIMIT / 1024 + " KB"));
            } else {
                ctx.next();
            }
        });
    }

    /** Missing or wrong token: 401. Both sides are hashed first, so the comparison takes as long whatever the input. */
    private void authorize(RoutingContext ctx, byte[] expected) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        boolean ok = given != null && MessageDigest.isEqual(expected, Resource.sha256(given.getBytes(StandardCharsets.UTF_8)));
        if (!ok) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"shipwatch-admin\"");
            send(ctx, Answer.error(401, "unauthorized", header == null ? "an Authorization: Bearer <token> header is required"
                    : "the bearer token is not valid"));
            return;
        }
        ctx.next();
    }

    // --- the operations (worker threads) ---------------------------------------------------------

    Answer createIncident(JsonNode in) {
        Errors errors = new Errors(in, "name", "status", "impact", "body", "components");
        String name = errors.text("name", true, NAME_MAX);
        IncidentStatus status = errors.enumValue("status", IncidentStatus::fromWire, IncidentStatus.values(), false,
                IncidentStatus.INVESTIGATING);
        IncidentImpact impact = errors.enumValue("impact", IncidentImpact::fromWire, IncidentImpact.values(), false,
                IncidentImpact.NONE);
        String body = errors.text("body", false, BODY_MAX);
        Map<String, ComponentState> components = componentStates(errors, in);
        if (errors.any()) {
            return errors.answer();
        }
        Incident created = incidents.create(new IncidentDraft(name, status, impact, body == null ? "" : body, components,
                affected(components), null), now());
        shown();
        return new Answer(201, page.incidentJson(created), Links.incident(created.id()));
    }

    Answer updateIncident(String id, JsonNode in) {
        Errors errors = new Errors(in, "status", "body", "components");
        IncidentStatus status = errors.enumValue("status", IncidentStatus::fromWire, IncidentStatus.values(), true, null);
        String body = errors.text("body", false, BODY_MAX);
        Map<String, ComponentState> components = componentStates(errors, in);
        if (errors.any()) {
            return errors.answer();
        }
        return incidents.update(id, new IncidentUpdateDraft(status, body == null ? "" : body, components, affected(components)), now())
                .map(updated -> {
                    shown();
                    return new Answer(201, page.incidentJson(updated), Links.incident(updated.id()));
                })
                .orElseGet(() -> Answer.error(404, "not_found", "no incident with id " + id));
    }

    Answer createMaintenance(JsonNode in) {
        Errors errors = new Errors(in, "name", "body", "scheduled_for", "scheduled_until", "components");
        String name = errors.text("name", true, NAME_MAX);
        String body = errors.text("body", false, BODY_MAX);
        Instant from = errors.instant("scheduled_for", true);
        Instant until = errors.instant("scheduled_until", true);
        if (from != null && until != null && !until.isAfter(from)) {
            errors.add("scheduled_until", "must be after scheduled_for (" + Format.iso(from) + ")");
        }
        List<String> components = componentIds(errors, in);
        if (errors.any()) {
            return errors.answer();
        }
        Maintenance created = maintenance.create(new MaintenanceDraft(name, body == null ? "" : body, from, until,
                components == null ? List.of() : components), now());
        shown();
        return new Answer(201, page.maintenanceJson(created), Links.incident(created.id()));
    }

    Answer changeMaintenance(String id, JsonNode in) {
        Errors errors = new Errors(in, "name", "body", "scheduled_for", "scheduled_until", "components", "status");
        String name = errors.text("name", false, NAME_MAX);
        String body = errors.text("body", false, BODY_MAX);
        Instant from = errors.instant("scheduled_for", false);
        Instant until = errors.instant("scheduled_until", false);
        List<String> components = componentIds(errors, in);
        String status = errors.text("status", false, 40);
        if (status != null && !List.of("verifying", "completed", "cancelled").contains(status)) {
            errors.add("status", quote(status) + " is not one of verifying, completed, cancelled");
            status = null;
        }
        if (errors.any()) {
            return errors.answer();
        }
        Maintenance old = maintenance.find(id).orElse(null);
        if (old == null) {
            return Answer.error(404, "not_found", "no maintenance with id " + id);
        }
        Instant now = now();
        MaintenanceStatus current = old.statusAt(now);
        if (current == MaintenanceStatus.COMPLETED) {
            errors.add("", "maintenance " + id + " is " + (old.cancelled() ? "cancelled" : "completed") + " and can no longer change");
        }
        Instant newFrom = from == null ? old.scheduledFor() : from;
        Instant newUntil = until == null ? old.scheduledUntil() : until;
        if ((from != null || until != null) && !newUntil.isAfter(newFrom)) {
            errors.add("scheduled_until", "must be after scheduled_for (" + Format.iso(newFrom) + ")");
        }
        if ("verifying".equals(status) && current != MaintenanceStatus.IN_PROGRESS) {
            errors.add("status", "verifying is only possible while the maintenance is in progress (it is " + current.wire() + ")");
        }
        if (errors.any()) {
            return errors.answer();
        }
        MaintenanceStatus end = "verifying".equals(status) ? MaintenanceStatus.VERIFYING
                : "completed".equals(status) ? MaintenanceStatus.COMPLETED : null;
        Maintenance changed = maintenance.change(id, new MaintenanceChange(name, body, from, until, components, end,
                "cancelled".equals(status)), now).orElse(null);
        if (changed == null) {
            return Answer.error(404, "not_found", "no maintenance with id " + id);
        }
        shown();
        return new Answer(200, page.maintenanceJson(changed), null);
    }

    /** Tells the page and waits until it shows the change: a 201/200 means the public page shows it. */
    private void shown() {
        page.changed();
        page.awaitRefreshed();
    }

    Answer probe(String target) {
        if (!probeNow.test(target)) {
            return Answer.error(404, "not_found", "no target named " + target);
        }
        ObjectNode o = mapper.createObjectNode();
        o.put("target", target);
        o.put("status", "queued");
        return new Answer(202, page.json().write(o), null);
    }

    // --- input ---------------------------------------------------------------------------------

    private Map<String, ComponentState> componentStates(Errors errors, JsonNode in) {
        JsonNode node = in == null ? null : in.get("components");
        Map<String, ComponentState> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            errors.add("components", "must be an object of component id to status, e.g. {\"api\": \"major_outage\"}");
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "components." + e.getKey();
            boolean known = knownComponent(errors, field, e.getKey());
            String value = e.getValue().isTextual() ? e.getValue().asText() : null;
            ComponentState state = value == null ? null : ComponentState.fromWire(value).orElse(null);
            if (state == null) {
                errors.add(field, (value == null ? "must be a string" : quote(value) + " is not a component status")
                        + " (one of " + wires(ComponentState.values()) + ")");
            } else if (known) {
                out.put(e.getKey(), state);
            }
        }
        return out;
    }

    /** Null when absent (unchanged), else the distinct known ids. */
    private List<String> componentIds(Errors errors, JsonNode in) {
        JsonNode node = in == null ? null : in.get("components");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add("components", "must be a list of component ids, e.g. [\"api\"]");
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            String field = "components[" + i + "]";
            if (!v.isTextual()) {
                errors.add(field, "must be a component id (a string)");
            } else if (knownComponent(errors, field, v.asText()) && !ids.add(v.asText())) {
                errors.add(field, quote(v.asText()) + " is listed twice");
            }
        }
        return List.copyOf(ids);
    }

    private boolean knownComponent(Errors errors, String field, String id) {
        if (page.config().component(id).isPresent()) {
            return true;
        }
        errors.add(field, quote(id) + " is not a component id (known: " + String.join(", ",
                page.config().components().stream().map(c -> c.id()).toList()) + ")");
        return false;
    }

    /** The change each component makes, from what the page shows now to the new status. */
    private List<AffectedComponent> affected(Map<String, ComponentState> components) {
        StatusModel m = page.model();
        List<AffectedComponent> out = new ArrayList<>();
        components.forEach((id, state) -> out.add(new AffectedComponent(id,
                page.config().component(id).map(c -> c.name()).orElse(id), m.shownState(id), state)));
        return out;
    }

    private Instant now() {
        return page.clock().instant();
    }

    private JsonNode body(RoutingContext ctx) {
        Buffer b = ctx.body().buffer();
        if (b == null || b.length() == 0) {
            return null;
        }
        JsonNode node = null;
        try (JsonParser p = mapper.createParser(b.getBytes())) {
            node = mapper.readTree(p);
            // readTree stops after the first value: {"name":"a"}{"name":"b"} would pass as the first object
            return node == null || p.nextToken() == null ? node : TRAILING;
        } catch (java.io.IOException e) {
            return node == null ? NOT_JSON : TRAILING;
        }
    }

    static String quote(String s) {
        String v = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String wires(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> v : values) {
            out.add(v.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", out);
    }

    // --- answering -----------------------------------------------------------------------------

    /** A finished admin answer: status, JSON body, and the public page of what was created. */
    record Answer(int status, byte[] json, String location) {
        static Answer error(int status, String code, String message) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("error", code);
            o.put("message", message);
            return new Answer(status, new StatusJson().write(o), null);
        }
    }

    private void blocking(Vertx vertx, RoutingContext ctx, Callable<Answer> work) {
        vertx.executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, ar.result());
            } else {
                log.error("admin {} {} failed", ctx.request().method(), ctx.normalizedPath(), ar.cause());
                send(ctx, Answer.error(503, "unavailable", "the change could not be stored; try again"));
            }
        });
    }

    private static void send(RoutingContext ctx, Answer a) {
        var res = ctx.response();
        res.putHeader(HttpHeaders.CONTENT_TYPE, Resource.JSON);
        res.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        res.putHeader("X-Content-Type-Options", "nosniff");
        res.putHeader("Content-Security-Policy", Resource.CSP_NONE);
        if (a.location() != null) {
            res.putHeader(HttpHeaders.LOCATION, a.location());
        }
        res.setStatusCode(a.status());
        if (ctx.request().method() == HttpMethod.HEAD) {
            res.end();
        } else {
            res.end(Buffer.buffer(a.json()));
        }
    }

    /** Every field problem of one request, in field order. */
    final class Errors {
        private final JsonNode in;
        private final List<String[]> problems = new ArrayList<>();

        Errors(JsonNode in, String... known) {
            this.in = in;
            if (in == null) {
                problems.add(new String[] {"", "a JSON object body is required"});
            } else if (in == NOT_JSON || in == TRAILING) {
                problems.add(new String[] {"", in.asText()});
            } else if (!in.isObject()) {
                problems.add(new String[] {"", "the body must be a JSON object"});
            } else {
                List<String> fields = List.of(known);
                in.fieldNames().forEachRemaining(f -> {
                    if (!fields.contains(f)) {
                        problems.add(new String[] {f, "unknown field (known: " + String.join(", ", fields) + ")"});
                    }
                });
            }
        }

        void add(String field, String message) {
            problems.add(new String[] {field, message});
        }

        boolean any() {
            return !problems.isEmpty();
        }

        Answer answer() {
            ObjectNode o = mapper.createObjectNode();
            o.put("error", "invalid");
            var list = o.putArray("errors");
            for (String[] p : problems) {
                list.addObject().put("field", p[0]).put("message", p[1]);
            }
            return new Answer(400, page.json().write(o), null);
        }

        private JsonNode get(String field) {
            return in == null || !in.isObject() ? null : in.get(field);
        }

        String text(String field, boolean required, int max) {
            JsonNode v = get(field);
            if (v == null || v.isNull()) {
                if (required && in != null && in.isObject()) {
                    add(field, "is required");
                }
                return null;
            }
            if (!v.isTextual()) {
                add(field, "must be a string");
                return null;
            }
            String s = v.asText();
            if (required && s.isBlank()) {
                add(field, "must not be empty");
                return null;
            }
            if (s.length() > max) {
                add(field, "is " + s.length() + " characters long; at most " + max + " are allowed");
                return null;
            }
            return s;
        }

        <E extends Enum<E>> E enumValue(String field, java.util.function.Function<String, java.util.Optional<E>> parse,
                                        E[] values, boolean required, E fallback) {
            String s = text(field, required, 40);
            if (s == null) {
                return fallback;
            }
            return parse.apply(s).orElseGet(() -> {
                add(field, quote(s) + " is not one of " + wires(values));
                return fallback;
            });
        }

        /** ISO-8601 with an offset ({@code 2026-03-29T01:30:00+01:00} or {@code …Z}): a time without one is ambiguous. */
        Instant instant(String field, boolean required) {
            String s = text(field, required, 60);
            if (s == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                add(field, quote(s) + " is not an ISO-8601 time with an offset, e.g. 2026-03-29T01:30:00+01:00 or 2026-03-29T00:30:00Z");
                return null;
            }
        }
    }
}
