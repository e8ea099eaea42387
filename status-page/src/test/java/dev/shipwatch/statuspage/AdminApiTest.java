package dev.shipwatch.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static dev.shipwatch.statuspage.PageHarness.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin API over real HTTP: auth, validation, and what each change does to the public page. */
class AdminApiTest {
    private static Vertx vertx;
    private PageHarness h;
    private final List<Target> targets = List.of(target("api-probe", "API"), target("web-probe", "Web"));
    private final StatusPageConfig config = new StatusPageConfig(List.of(),
            List.of(new ComponentSpec("api", "API", null, null), new ComponentSpec("web", "Web", null, null)), false);

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void serve() {
        h = new PageHarness(vertx);
        h.add(success("api-probe", 1)).add(success("web-probe", 1));
        h.serve(config, targets, TOKEN);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static List<String> errors(HttpResponse<String> r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode e : PageHarness.JSON.readTree(r.body()).path("errors")) {
            out.add(e.path("field").asText() + ": " + e.path("message").asText());
        }
        return out;
    }

    @Test
    void withoutAConfiguredTokenThereAreNoAdminRoutesAtAll() throws Exception {
        h.close();
        h = new PageHarness(vertx);
        h.serve(config, targets, "");

        HttpResponse<String> r = h.admin("POST", "/api/admin/incidents", TOKEN, "{\"name\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("Page not found");
    }

    @Test
    void aMissingOrWrongTokenIs401AndChangesNothing() throws Exception {
        String body = "{\"name\":\"Outage\"}";
        HttpResponse<String> missing = h.admin("POST", "/api/admin/incidents", null, body);
        HttpResponse<String> wrong = h.admin("POST", "/api/admin/incidents", TOKEN + "x", body);
        HttpResponse<String> prefix = h.admin("POST", "/api/admin/incidents", TOKEN.substring(0, 5), body);
        HttpResponse<String> basic = h.http.send(java.net.http.HttpRequest.newBuilder(h.uri("/api/admin/incidents")).timeout(PageHarness.TIMEOUT)
                .header("Authorization", "Basic " + TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> r : List.of(missing, wrong, prefix, basic)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(r.body()).doesNotContain(TOKEN);
        }
        assertThat(h.json("/api/v2/incidents.json").path("incidents")).isEmpty();
        assertThat(h.admin("POST", "/api/admin/targets/api-probe/probe", "nope", null).statusCode()).isEqualTo(401);
        assertThat(h.probed).isEmpty();
    }

    @Test
    void creatingAnIncidentAnswers201InTheStatuspageShapeAndThePublicPageShowsItAtOnce() throws Exception {
        HttpResponse<String> r = h.admin("POST", "/api/admin/incidents", TOKEN, """
                {"name": "Deploys fail", "status": "identified", "impact": "major", "body": "Builds time out.",
                 "components": {"api": "major_outage"}}""");

        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode incident = PageHarness.JSON.readTree(r.body());
        String id = incident.path("id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue("/incidents/" + id);
        assertThat(incident.path("status").asText()).isEqualTo("identified");
        assertThat(incident.path("impact").asText()).isEqualTo("major");
        assertThat(incident.path("shortlink").asText()).isEqualTo("https://status.example.com/incidents/" + id);
        JsonNode update = incident.path("incident_updates").path(0);
        assertThat(update.path("body").asText()).isEqualTo("Builds time out.");
        assertThat(update.path("affected_components").path(0).path("code").asText()).isEqualTo("api");
        assertThat(update.path("affected_components").path(0).path("old_status").asText()).isEqualTo("operational");
        assertThat(update.path("affected_components").path(0).path("new_status").asText()).isEqualTo("major_outage");
        assertThat(incident.path("components").path(0).path("status").asText()).isEqualTo("major_outage");

        assertThat(h.text("/")).contains("Deploys fail").contains("Builds time out.").contains("Major Service Outage")
                .contains("Active incidents");
        assertThat(h.json("/api/v2/incidents/unresolved.json").path("incidents").path(0).path("id").asText()).isEqualTo(id);
        assertThat(h.json("/api/v2/components.json").path("components").path(0).path("status").asText()).isEqualTo("major_outage");
        assertThat(h.text("/incidents/" + id)).contains("<h1>Deploys fail</h1>");
    }

    @Test
    void resolvingAnIncidentSetsResolvedAtAndEndsItsComponentOverride() throws Exception {
        String id = h.adminOk("POST", "/api/admin/incidents",
                "{\"name\":\"Slow\",\"components\":{\"web\":\"degraded_performance\"}}", 201).path("id").asText();
        h.clock.advance(Duration.ofMinutes(30));

        JsonNode resolved = h.adminOk("POST", "/api/admin/incidents/" + id + "/updates",
                "{\"status\":\"resolved\",\"body\":\"Fixed.\"}", 201);

        assertThat(resolved.path("resolved_at").asText()).isEqualTo("2026-07-01T10:30:00.000Z");
        assertThat(resolved.path("incident_updates")).hasSize(2);
        assertThat(resolved.path("incident_updates").path(0).path("status").asText()).as("newest first").isEqualTo("resolved");
        assertThat(h.json("/api/v2/incidents/unresolved.json").path("incidents")).isEmpty();
        assertThat(h.json("/api/v2/incidents.json").path("incidents").path(0).path("status").asText()).isEqualTo("resolved");
        assertThat(h.json("/api/v2/components.json").path("components").path(1).path("status").asText()).isEqualTo("operational");
        assertThat(h.text("/")).doesNotContain("Active incidents");
    }

    @Test
    void badInputIs400WithEveryFieldError() throws Exception {
        HttpResponse<String> r = h.admin("POST", "/api/admin/incidents", TOKEN, """
                {"name": "", "status": "broken", "impact": 5, "components": {"nope": "major_outage", "api": "down"},
                 "colour": "red"}""");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errors(r)).containsExactly(
                "colour: unknown field (known: name, status, impact, body, components)",
                "name: must not be empty",
                "status: \"broken\" is not one of investigating, identified, monitoring, resolved, postmortem",
                "impact: must be a string",
                "components.nope: \"nope\" is not a component id (known: api, web)",
                "components.api: \"down\" is not a component status (one of operational, under_maintenance, "
                        + "degraded_performance, partial_outage, major_outage)");
        assertThat(errors(h.admin("POST", "/api/admin/incidents", TOKEN, "{not json"))).containsExactly(": the body is not valid JSON");
        assertThat(errors(h.admin("POST", "/api/admin/incidents", TOKEN, "[]"))).containsExactly(": the body must be a JSON object");
        assertThat(errors(h.admin("POST", "/api/admin/incidents", TOKEN, "{\"name\":\"" + "x".repeat(201) + "\"}")))
                .containsExactly("name: is 201 characters long; at most 200 are allowed");
        assertThat(errors(h.admin("POST", "/api/admin/maintenances", TOKEN, """
                {"name": "Upgrade", "scheduled_for": "2026-07-02T10:00:00", "scheduled_until": "2026-07-02T09:00:00Z",
                 "components": ["api", "api", 3]}"""))).containsExactly(
                "scheduled_for: \"2026-07-02T10:00:00\" is not an ISO-8601 time with an offset, e.g. "
                        + "2026-03-29T01:30:00+01:00 or 2026-03-29T00:30:00Z",
                "components[1]: \"api\" is listed twice",
                "components[2]: must be a component id (a string)");
        assertThat(errors(h.admin("POST", "/api/admin/maintenances", TOKEN,
                "{\"name\":\"U\",\"scheduled_for\":\"2026-07-02T10:00:00Z\",\"scheduled_until\":\"2026-07-02T10:00:00Z\"}")))
                .containsExactly("scheduled_until: must be after scheduled_for (2026-07-02T10:00:00.000Z)");
        assertThat(errors(h.admin("POST", "/api/admin/incidents/x/updates", TOKEN, "{}"))).containsExactly("status: is required");
    }

    @Test
    void contentAfterTheJsonObjectIs400AndCreatesNothing() throws Exception {
        for (String body : List.of("{\"name\":\"a\"}{\"name\":\"b\"}", "{\"name\":\"x\"} xyz", "{\"name\":\"x\"}\n[]",
                "{\"name\":\"x\"} {")) {
            HttpResponse<String> r = h.admin("POST", "/api/admin/incidents", TOKEN, body);

            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(errors(r)).as(body).containsExactly(": the body must be one JSON object with nothing after it");
        }
        assertThat(h.admin("POST", "/api/admin/incidents", TOKEN, "{\"name\":\"x\"}\n\t ").statusCode())
                .as("trailing whitespace is no content").isEqualTo(201);
        assertThat(h.json("/api/v2/incidents.json").path("incidents")).hasSize(1);
    }

    @Test
    void unknownIdsAre404() throws Exception {
        assertThat(h.admin("POST", "/api/admin/incidents/nope/updates", TOKEN, "{\"status\":\"resolved\"}").statusCode()).isEqualTo(404);
        assertThat(h.admin("PATCH", "/api/admin/maintenances/nope", TOKEN, "{\"status\":\"cancelled\"}").statusCode()).isEqualTo(404);
        assertThat(h.admin("POST", "/api/admin/targets/nope/probe", TOKEN, null).statusCode()).isEqualTo(404);
        assertThat(h.admin("GET", "/api/admin/incidents", TOKEN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void probeNowAnswers202AndHandsTheTargetToTheScheduler() throws Exception {
        JsonNode r = h.adminOk("POST", "/api/admin/targets/web-probe/probe", null, 202);

        assertThat(r.path("target").asText()).isEqualTo("web-probe");
        assertThat(h.probed).containsExactly("web-probe");
    }

    @Test
    void maintenanceMovesFromScheduledToInProgressToCompletedOnItsOwn() throws Exception {
        JsonNode created = h.adminOk("POST", "/api/admin/maintenances", """
                {"name": "Database upgrade", "body": "Writes pause briefly.", "scheduled_for": "2026-07-01T12:30:00+02:00",
                 "scheduled_until": "2026-07-01T13:30:00+02:00", "components": ["api"]}""", 201);
        String id = created.path("id").asText();
        assertThat(created.path("status").asText()).isEqualTo("scheduled");
        assertThat(created.path("impact").asText()).isEqualTo("maintenance");
        assertThat(created.path("scheduled_for").asText()).isEqualTo("2026-07-01T10:30:00.000Z");
        assertThat(h.json("/api/v2/scheduled-maintenances/upcoming.json").path("scheduled_maintenances").path(0).path("id").asText())
                .isEqualTo(id);
        assertThat(h.text("/")).contains("Database upgrade").contains("Writes pause briefly.");

        h.clock.advance(Duration.ofMinutes(31)); // the minute tick re-renders
        h.page.refresh();
        JsonNode active = h.json("/api/v2/scheduled-maintenances/active.json").path("scheduled_maintenances");
        assertThat(active.path(0).path("status").asText()).isEqualTo("in_progress");
        assertThat(active.path(0).path("incident_updates").path(0).path("status").asText()).isEqualTo("in_progress");
        assertThat(h.json("/api/v2/components.json").path("components").path(0).path("status").asText()).isEqualTo("under_maintenance");
        assertThat(h.json("/api/v2/summary.json").path("scheduled_maintenances")).hasSize(1);
        assertThat(h.text("/")).contains("Under maintenance").contains("Service Under Maintenance");

        h.clock.advance(Duration.ofHours(1));
        h.page.refresh();
        assertThat(h.json("/api/v2/scheduled-maintenances/active.json").path("scheduled_maintenances")).isEmpty();
        JsonNode done = h.json("/api/v2/scheduled-maintenances.json").path("scheduled_maintenances").path(0);
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("resolved_at").asText()).isEqualTo("2026-07-01T11:30:00.000Z");
        assertThat(h.json("/api/v2/components.json").path("components").path(0).path("status").asText()).isEqualTo("operational");
        assertThat(errors(h.admin("PATCH", "/api/admin/maintenances/" + id, TOKEN, "{\"name\":\"again\"}")))
                .containsExactly(": maintenance " + id + " is completed and can no longer change");
    }

    @Test
    void patchChangesOrCancelsAWindow() throws Exception {
        String id = h.adminOk("POST", "/api/admin/maintenances", """
                {"name": "Upgrade", "scheduled_for": "2026-07-02T10:00:00Z", "scheduled_until": "2026-07-02T11:00:00Z",
                 "components": ["api"]}""", 201).path("id").asText();

        JsonNode moved = h.adminOk("PATCH", "/api/admin/maintenances/" + id,
                "{\"name\":\"Bigger upgrade\",\"scheduled_until\":\"2026-07-02T12:00:00Z\",\"components\":[\"api\",\"web\"],"
                        + "\"body\":\"Now two hours.\"}", 200);
        assertThat(moved.path("name").asText()).isEqualTo("Bigger upgrade");
        assertThat(moved.path("scheduled_until").asText()).isEqualTo("2026-07-02T12:00:00.000Z");
        assertThat(moved.path("components")).hasSize(2);
        assertThat(moved.path("incident_updates").path(0).path("body").asText()).isEqualTo("Now two hours.");
        assertThat(errors(h.admin("PATCH", "/api/admin/maintenances/" + id, TOKEN, "{\"scheduled_for\":\"2026-07-02T13:00:00Z\"}")))
                .containsExactly("scheduled_until: must be after scheduled_for (2026-07-02T13:00:00.000Z)");
        assertThat(errors(h.admin("PATCH", "/api/admin/maintenances/" + id, TOKEN, "{\"status\":\"verifying\"}")))
                .containsExactly("status: verifying is only possible while the maintenance is in progress (it is scheduled)");

        JsonNode cancelled = h.adminOk("PATCH", "/api/admin/maintenances/" + id, "{\"status\":\"cancelled\"}", 200);
        assertThat(cancelled.path("status").asText()).isEqualTo("completed");
        assertThat(cancelled.path("incident_updates").path(0).path("body").asText()).isEqualTo("This maintenance has been cancelled.");
        assertThat(h.json("/api/v2/scheduled-maintenances/upcoming.json").path("scheduled_maintenances")).isEmpty();
        assertThat(h.text("/maintenance")).contains("Cancelled").contains("Bigger upgrade");
    }
}
