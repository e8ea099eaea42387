package dev.shipwatch.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.GroupSpec;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.IncidentDraft;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStatus;
import dev.shipwatch.store.MaintenanceChange;
import dev.shipwatch.store.MaintenanceDraft;
import dev.shipwatch.store.MaintenanceStatus;
import dev.shipwatch.store.Phase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.shipwatch.statuspage.Fixtures.NOW;
import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Statuspage v2 endpoint of docs/statuspage-api.md: paths, exact field names and order, nesting of
 * groups, every enum value, timestamps, CORS.
 */
class StatuspageApiTest {
    private static final String ISO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final List<String> PAGE = List.of("id", "name", "url", "time_zone", "updated_at");
    private static final List<String> COMPONENT = List.of("id", "name", "status", "created_at", "updated_at", "position",
            "description", "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded");
    private static final List<String> INCIDENT = List.of("id", "name", "status", "created_at", "updated_at", "monitoring_at",
            "resolved_at", "impact", "shortlink", "started_at", "page_id", "incident_updates", "components");
    private static final List<String> UPDATE = List.of("id", "status", "body", "incident_id", "created_at", "updated_at",
            "display_at", "affected_components", "deliver_notifications");
    private static Vertx vertx;
    private PageHarness h;

    /** Five components, each with the runs (or window) that give it one of the five statuses; two are in a group. */
    private final List<Target> targets = List.of(target("ok", "OK"), target("slow", "Slow"), target("half-a", "Half"),
            target("half-b", "Half"), target("down", "Down"), target("maint", "Maint"));
    private final StatusPageConfig config = new StatusPageConfig(List.of(new GroupSpec("deploys", "Deploys", "All deploys")),
            List.of(new ComponentSpec("ok", "OK", "Fine", "deploys"), new ComponentSpec("slow", "Slow", null, "deploys"),
                    new ComponentSpec("half", "Half", null, null), new ComponentSpec("down", "Down", null, null),
                    new ComponentSpec("maint", "Maint", null, null)), false);

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void seed() {
        h = new PageHarness(vertx);
        h.add(success("ok", 2)).add(Fixtures.degraded("slow", 2)).add(success("half-a", 2))
                .add(failed("half-b", 2, Phase.DEPLOY, FailureClass.QUOTA, "q")).add(failed("down", 2, Phase.BUILD,
                        FailureClass.BUILD_FAILED, "b")).add(success("maint", 2));
        var maintenance = h.db.db.maintenance();
        Instant t0 = NOW.minus(Duration.ofDays(2));
        maintenance.create(new MaintenanceDraft("Now", "b", NOW.minusSeconds(60), NOW.plusSeconds(3600), List.of("maint")), t0);
        maintenance.create(new MaintenanceDraft("Later", "b", NOW.plusSeconds(7200), NOW.plusSeconds(9000), List.of("ok")), t0);
        maintenance.create(new MaintenanceDraft("Past", "b", NOW.minusSeconds(9000), NOW.minusSeconds(7200), List.of("ok")), t0);
        var verifying = maintenance.create(new MaintenanceDraft("Checking", "b", NOW.minusSeconds(600), NOW.plusSeconds(600),
                List.of("maint")), t0);
        maintenance.change(verifying.id(), new MaintenanceChange(null, null, null, null, null, MaintenanceStatus.VERIFYING, false),
                NOW.minusSeconds(30));
        var incidents = h.db.db.incidents();
        IncidentStatus[] statuses = IncidentStatus.values();
        IncidentImpact[] impacts = IncidentImpact.values();
        for (int i = 0; i < statuses.length; i++) {
            incidents.create(new IncidentDraft("Incident " + statuses[i].wire(), statuses[i], impacts[i % impacts.length],
                    "b", Map.of(), List.of(), null), NOW.minusSeconds(600 - i));
        }
        h.serve(config, targets, "");
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> values(JsonNode list, String field) {
        Set<String> out = new TreeSet<>();
        list.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    @Test
    void everyEndpointAnswersJsonWithCorsAndItsTopLevelShape() throws Exception {
        // keys in the order of Statuspage's own answers (summary.json has status last): clients that
        // compare bytes or stream the document see what they see from Statuspage
        Map<String, List<String>> shapes = Map.of(
                "/api/v2/summary.json", List.of("page", "components", "incidents", "scheduled_maintenances", "status"),
                "/api/v2/status.json", List.of("page", "status"),
                "/api/v2/components.json", List.of("page", "components"),
                "/api/v2/incidents.json", List.of("page", "incidents"),
                "/api/v2/incidents/unresolved.json", List.of("page", "incidents"),
                "/api/v2/scheduled-maintenances.json", List.of("page", "scheduled_maintenances"),
                "/api/v2/scheduled-maintenances/upcoming.json", List.of("page", "scheduled_maintenances"),
                "/api/v2/scheduled-maintenances/active.json", List.of("page", "scheduled_maintenances"));
        for (Map.Entry<String, List<String>> e : shapes.entrySet()) {
            HttpResponse<byte[]> r = h.get(e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(e.getKey()).hasValue("application/json");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(e.getKey()).hasValue("*");
            JsonNode body = PageHarness.JSON.readTree(r.body());
            assertThat(fields(body)).as(e.getKey()).containsExactlyElementsOf(e.getValue());
            assertThat(fields(body.path("page"))).as(e.getKey()).containsExactlyElementsOf(PAGE);
            assertThat(body.path("page").path("updated_at").asText()).matches(ISO);
        }
        assertThat(h.get("/").headers().firstValue("Access-Control-Allow-Origin")).as("only the API is for other origins").isEmpty();
    }

    @Test
    void componentsCarryEveryStatusAndGroupsNestTheirChildren() throws Exception {
        JsonNode components = h.json("/api/v2/components.json").path("components");

        assertThat(components).extracting(c -> c.path("id").asText())
                .containsExactly("deploys", "ok", "slow", "half", "down", "maint");
        JsonNode group = components.get(0);
        assertThat(fields(group)).containsExactlyElementsOf(concat(COMPONENT, "components"));
        assertThat(group.path("group").asBoolean()).isTrue();
        assertThat(group.path("description").asText()).isEqualTo("All deploys");
        assertThat(group.path("components")).extracting(JsonNode::asText).containsExactly("ok", "slow");
        assertThat(group.path("status").asText()).as("the worst of its members").isEqualTo("degraded_performance");
        for (JsonNode c : components) {
            if (!c.path("group").asBoolean()) {
                assertThat(fields(c)).containsExactlyElementsOf(COMPONENT);
            }
            assertThat(c.path("created_at").asText()).matches(ISO);
            assertThat(c.path("page_id").asText()).isEqualTo("example-status");
        }
        assertThat(components.get(1).path("group_id").asText()).isEqualTo("deploys");
        assertThat(components.get(3).path("group_id").isNull()).isTrue();
        assertThat(components.get(1).path("description").asText()).isEqualTo("Fine");
        assertThat(values(components, "status")).containsExactlyInAnyOrder("operational", "degraded_performance",
                "partial_outage", "major_outage", "under_maintenance");
        assertThat(components.get(3).path("status").asText()).as("one of two targets failed").isEqualTo("partial_outage");
        assertThat(components.get(5).path("status").asText()).as("its runs pass, but it is in a window")
                .isEqualTo("under_maintenance");
        assertThat(components.get(4).path("status").asText()).isEqualTo("major_outage");
    }

    @Test
    void incidentsCarryEveryStatusAndImpactWithTheirUpdatesAndUnresolvedOnlyTheOpenOnes() throws Exception {
        JsonNode all = h.json("/api/v2/incidents.json").path("incidents");
        JsonNode open = h.json("/api/v2/incidents/unresolved.json").path("incidents");

        assertThat(values(all, "status")).containsExactlyInAnyOrder("investigating", "identified", "monitoring", "resolved", "postmortem");
        assertThat(values(all, "impact")).containsExactlyInAnyOrder("none", "minor", "major", "critical");
        assertThat(values(open, "status")).containsExactlyInAnyOrder("investigating", "identified", "monitoring");
        assertThat(all.get(0).path("name").asText()).as("newest first").isEqualTo("Incident postmortem");
        for (JsonNode i : all) {
            assertThat(fields(i)).containsExactlyElementsOf(INCIDENT);
            assertThat(fields(i.path("incident_updates").get(0))).containsExactlyElementsOf(UPDATE);
            assertThat(i.path("created_at").asText()).matches(ISO);
            assertThat(i.path("shortlink").asText()).startsWith("https://status.example.com/incidents/");
        }
        JsonNode resolved = all.get(1);
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("resolved_at").asText()).matches(ISO);
        assertThat(open.get(0).path("resolved_at").isNull()).isTrue();
        JsonNode monitoring = open.get(0);
        assertThat(monitoring.path("monitoring_at").asText()).matches(ISO);
        assertThat(h.json("/api/v2/summary.json").path("incidents")).hasSize(3);
        assertThat(h.json("/api/v2/status.json").path("status").path("indicator").asText())
                .as("critical: the components' major outage, and an open incident with critical impact").isEqualTo("critical");
    }

    @Test
    void maintenancesCarryEveryStatusAndTheUpcomingAndActiveListsSplitThem() throws Exception {
        JsonNode all = h.json("/api/v2/scheduled-maintenances.json").path("scheduled_maintenances");
        JsonNode upcoming = h.json("/api/v2/scheduled-maintenances/upcoming.json").path("scheduled_maintenances");
        JsonNode active = h.json("/api/v2/scheduled-maintenances/active.json").path("scheduled_maintenances");

        assertThat(values(all, "status")).containsExactlyInAnyOrder("scheduled", "in_progress", "verifying", "completed");
        assertThat(values(upcoming, "name")).containsExactly("Later");
        assertThat(values(active, "status")).containsExactlyInAnyOrder("in_progress", "verifying");
        assertThat(values(h.json("/api/v2/summary.json").path("scheduled_maintenances"), "name"))
                .containsExactlyInAnyOrder("Now", "Later", "Checking");
        for (JsonNode m : all) {
            assertThat(fields(m)).containsExactlyElementsOf(concat(INCIDENT, "scheduled_for", "scheduled_until"));
            assertThat(m.path("impact").asText()).isEqualTo("maintenance");
            assertThat(m.path("scheduled_for").asText()).matches(ISO);
            assertThat(fields(m.path("incident_updates").get(0))).containsExactlyElementsOf(UPDATE);
        }
        JsonNode past = all.findParents("name").stream().filter(m -> m.path("name").asText().equals("Past")).findFirst().orElseThrow();
        assertThat(past.path("incident_updates")).extracting(u -> u.path("status").asText())
                .containsExactly("completed", "in_progress", "scheduled");
    }

    @Test
    void thePageIndicatorFollowsTheWorstComponent() throws Exception {
        h.close();
        List<String> seen = new ArrayList<>();
        h = new PageHarness(vertx);
        h.add(success("a", 5));
        h.serve(List.of(target("a", "A"), target("b", "A")));
        seen.add(h.json("/api/v2/status.json").path("status").path("indicator").asText());
        h.add(Fixtures.degraded("a", 4));
        h.page.refresh();
        seen.add(h.json("/api/v2/status.json").path("status").path("indicator").asText());
        h.add(success("b", 3)).add(failed("a", 2, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x"));
        h.page.refresh();
        seen.add(h.json("/api/v2/status.json").path("status").path("indicator").asText());
        h.add(failed("b", 1, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x"));
        h.page.refresh();
        JsonNode status = h.json("/api/v2/status.json").path("status");
        seen.add(status.path("indicator").asText());

        assertThat(seen).containsExactly("none", "minor", "major", "critical");
        assertThat(status.path("description").asText()).isEqualTo("Major Service Outage");
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }
}
