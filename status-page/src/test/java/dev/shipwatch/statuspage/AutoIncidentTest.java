package dev.shipwatch.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.MaintenanceDraft;
import dev.shipwatch.store.Phase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.shipwatch.statuspage.Fixtures.NOW;
import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

/** status-page.auto-incidents: a component reaching major outage opens an incident; recovering resolves it. */
class AutoIncidentTest {
    private static Vertx vertx;
    private PageHarness h;
    private final List<Target> targets = List.of(target("api-probe", "API"), target("web-probe", "Web"));

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void close() {
        h.close();
    }

    private void serve(boolean auto) {
        h.serve(new StatusPageConfig(List.of(), List.of(new ComponentSpec("api", "API", null, null),
                new ComponentSpec("web", "Web", null, null)), auto), targets, "");
    }

    @Test
    void aMajorOutageOpensOneIncidentAndRecoveryResolvesIt() throws Exception {
        h = new PageHarness(vertx);
        h.add(success("api-probe", 10)).add(success("web-probe", 10));
        serve(true);
        assertThat(h.json("/api/v2/incidents.json").path("incidents")).isEmpty();

        h.add(failed("api-probe", 5, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x"));
        h.page.refresh();
        h.add(failed("api-probe", 3, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x"));
        h.page.refresh();

        JsonNode open = h.json("/api/v2/incidents/unresolved.json").path("incidents");
        assertThat(open).as("one incident, not one per failed run").hasSize(1);
        assertThat(open.path(0).path("name").asText()).isEqualTo("API: major outage");
        assertThat(open.path(0).path("status").asText()).isEqualTo("investigating");
        assertThat(open.path(0).path("components").path(0).path("id").asText()).isEqualTo("api");
        assertThat(open.path(0).path("incident_updates").path(0).path("affected_components").path(0)
                .path("new_status").asText()).isEqualTo("major_outage");

        h.add(success("api-probe", 1));
        h.page.refresh();

        assertThat(h.json("/api/v2/incidents/unresolved.json").path("incidents")).isEmpty();
        JsonNode resolved = h.json("/api/v2/incidents.json").path("incidents").path(0);
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("incident_updates").path(0).path("body").asText()).contains("recovered");
        assertThat(h.json("/api/v2/components.json").path("components").path(0).path("status").asText()).isEqualTo("operational");
    }

    @Test
    void nothingIsOpenedWhenOffOrDuringMaintenance() throws Exception {
        h = new PageHarness(vertx);
        h.add(failed("api-probe", 5, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x"));
        serve(false);
        assertThat(h.json("/api/v2/incidents.json").path("incidents")).isEmpty();
        h.close();

        h = new PageHarness(vertx);
        h.add(failed("web-probe", 5, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x"));
        h.db.db.maintenance().create(new MaintenanceDraft("Work", "", NOW.minusSeconds(600), NOW.plusSeconds(600),
                List.of("web")), NOW.minusSeconds(3600));
        serve(true);
        assertThat(h.json("/api/v2/incidents.json").path("incidents")).isEmpty();
        assertThat(h.json("/api/v2/components.json").path("components").path(0).path("status").asText())
                .isEqualTo("under_maintenance");
    }
}
