package dev.shipwatch.statuspage;

import dev.shipwatch.config.Target;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.shipwatch.statuspage.Fixtures.target;
import static dev.shipwatch.statuspage.PageHarness.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Maintenance windows across Europe/Berlin's clock changes are shown at the right local times:
 * stored as UTC instants, displayed with the offset in force at each end.
 */
class DaylightSavingTest {
    private static Vertx vertx;
    private PageHarness h;

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

    @Test
    void aWindowAcrossTheSpringAndAutumnChangesShowsBothEndsInTheirOwnOffset() throws Exception {
        List<Target> targets = List.of(target("api", "API"));
        h = new PageHarness(vertx);
        h.clock.set(Instant.parse("2026-03-28T12:00:00Z"));
        h.serve(dev.shipwatch.config.StatusPageConfig.derive(targets), targets, TOKEN);

        // Spring forward: 01:30 CET (+01:00) to 04:30 CEST (+02:00) on 29 March 2026 is two hours, not three.
        String spring = h.adminOk("POST", "/api/admin/maintenances", """
                {"name": "Spring", "scheduled_for": "2026-03-29T01:30:00+01:00", "scheduled_until": "2026-03-29T04:30:00+02:00",
                 "components": ["api"]}""", 201).path("id").asText();
        // Fall back: 02:30 happens twice on 25 October; CEST first, then CET an hour later.
        String autumn = h.adminOk("POST", "/api/admin/maintenances", """
                {"name": "Autumn", "scheduled_for": "2026-10-25T00:30:00Z", "scheduled_until": "2026-10-25T01:30:00Z",
                 "components": ["api"]}""", 201).path("id").asText();

        String springPage = h.text("/incidents/" + spring);
        assertThat(springPage).contains("<time datetime=\"2026-03-29T00:30:00.000Z\">29 Mar 2026, 01:30 CET</time>")
                .contains("<time datetime=\"2026-03-29T02:30:00.000Z\">29 Mar 2026, 04:30 CEST</time>");
        assertThat(h.text("/incidents/" + autumn))
                .contains("<time datetime=\"2026-10-25T00:30:00.000Z\">25 Oct 2026, 02:30 CEST</time>")
                .contains("<time datetime=\"2026-10-25T01:30:00.000Z\">25 Oct 2026, 02:30 CET</time>");
        assertThat(h.text("/")).contains("29 Mar 2026, 01:30 CET").contains("29 Mar 2026, 04:30 CEST");

        // It is in progress exactly between the two UTC instants.
        h.clock.set(Instant.parse("2026-03-29T02:29:59Z"));
        h.page.refresh();
        assertThat(h.json("/api/v2/components.json").path("components").path(0).path("status").asText()).isEqualTo("under_maintenance");
        h.clock.set(Instant.parse("2026-03-29T02:30:00Z"));
        h.page.refresh();
        assertThat(h.json("/api/v2/scheduled-maintenances/active.json").path("scheduled_maintenances")).isEmpty();
        assertThat(h.text("/incidents/" + spring)).contains("Completed");
    }
}
