package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every incident and maintenance store must do, run once per database. Tests share one
 * database per class and keep apart by component ids unique to each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IncidentMaintenanceContract {
    static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

    Database db;
    IncidentStore incidents;
    MaintenanceStore maintenance;

    abstract Storage storage();

    @BeforeAll
    void openDatabase() {
        db = Database.open(storage());
        incidents = db.incidents();
        maintenance = db.maintenance();
    }

    @AfterAll
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    static String unique(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anIncidentKeepsItsTimelineAndItsComponentOverridesUntilResolved() {
        String api = unique("api");
        String web = unique("web");
        Map<String, ComponentState> first = new LinkedHashMap<>();
        first.put(web, ComponentState.DEGRADED_PERFORMANCE);
        first.put(api, ComponentState.MAJOR_OUTAGE);
        Incident opened = incidents.create(new IncidentDraft("Deploys fail <b>", IncidentStatus.INVESTIGATING,
                IncidentImpact.MAJOR, "We are looking & will report.", first,
                List.of(new AffectedComponent(api, "API", ComponentState.OPERATIONAL, ComponentState.MAJOR_OUTAGE)), null), T0);

        assertThat(opened.isOpen()).isTrue();
        assertThat(opened.name()).isEqualTo("Deploys fail <b>");
        assertThat(opened.createdAt()).isEqualTo(T0);
        assertThat(opened.overrides()).containsExactly(Map.entry(web, ComponentState.DEGRADED_PERFORMANCE),
                Map.entry(api, ComponentState.MAJOR_OUTAGE));
        assertThat(opened.updates()).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo(IncidentStatus.INVESTIGATING);
            assertThat(u.body()).isEqualTo("We are looking & will report.");
            assertThat(u.affected()).containsExactly(
                    new AffectedComponent(api, "API", ComponentState.OPERATIONAL, ComponentState.MAJOR_OUTAGE));
        });
        assertThat(incidents.unresolved()).extracting(Incident::id).contains(opened.id());

        Incident monitoring = incidents.update(opened.id(), new IncidentUpdateDraft(IncidentStatus.MONITORING, "A fix is out.",
                Map.of(api, ComponentState.PARTIAL_OUTAGE), List.of()), T0.plusSeconds(600)).orElseThrow();
        assertThat(monitoring.monitoringAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(monitoring.overrides()).containsExactly(Map.entry(web, ComponentState.DEGRADED_PERFORMANCE),
                Map.entry(api, ComponentState.PARTIAL_OUTAGE));

        Incident resolved = incidents.update(opened.id(), new IncidentUpdateDraft(IncidentStatus.RESOLVED, "Fixed.",
                Map.of(), List.of()), T0.plusSeconds(1200)).orElseThrow();
        assertThat(resolved.resolvedAt()).isEqualTo(T0.plusSeconds(1200));
        assertThat(resolved.updatedAt()).isEqualTo(T0.plusSeconds(1200));
        assertThat(resolved.overrides()).as("a resolved incident overrides nothing").isEmpty();
        assertThat(resolved.components()).as("but still names what it affected").containsKeys(web, api);
        assertThat(resolved.updates()).extracting(IncidentUpdate::status)
                .containsExactly(IncidentStatus.INVESTIGATING, IncidentStatus.MONITORING, IncidentStatus.RESOLVED);
        assertThat(incidents.unresolved()).extracting(Incident::id).doesNotContain(opened.id());
        assertThat(incidents.find(opened.id())).hasValue(resolved);
        assertThat(incidents.recent(50)).extracting(Incident::id).contains(opened.id());
        assertThat(incidents.createdBetween(T0, T0.plusSeconds(1))).extracting(Incident::id).contains(opened.id());
        assertThat(incidents.createdBetween(T0.plusSeconds(1), T0.plusSeconds(2))).extracting(Incident::id).doesNotContain(opened.id());
    }

    @Test
    void anUnknownIncidentIsEmptyNotAnError() {
        assertThat(incidents.find("nope")).isEmpty();
        assertThat(incidents.update("nope", new IncidentUpdateDraft(IncidentStatus.RESOLVED, "x", Map.of(), List.of()), T0)).isEmpty();
    }

    @Test
    void anAutomaticIncidentIsFoundByItsComponentWhileOpen() {
        String c = unique("auto");
        Incident auto = incidents.create(new IncidentDraft("c is down", IncidentStatus.INVESTIGATING, IncidentImpact.CRITICAL,
                "automatic", Map.of(c, ComponentState.MAJOR_OUTAGE), List.of(), c), T0);
        assertThat(incidents.openAutomatic(c)).hasValueSatisfying(i -> assertThat(i.id()).isEqualTo(auto.id()));
        incidents.update(auto.id(), new IncidentUpdateDraft(IncidentStatus.RESOLVED, "back", Map.of(), List.of()), T0.plusSeconds(60));
        assertThat(incidents.openAutomatic(c)).isEmpty();
    }

    @Test
    void aMaintenanceWindowMovesFromScheduledToInProgressToCompletedByTheClock() {
        String c = unique("db");
        Instant start = T0.plus(Duration.ofHours(2));
        Instant end = start.plus(Duration.ofHours(1));
        Maintenance m = maintenance.create(new MaintenanceDraft("Database upgrade", "Short write pauses.", start, end, List.of(c)), T0);

        assertThat(m.statusAt(T0)).isEqualTo(MaintenanceStatus.SCHEDULED);
        assertThat(m.statusAt(start)).isEqualTo(MaintenanceStatus.IN_PROGRESS);
        assertThat(m.statusAt(end)).isEqualTo(MaintenanceStatus.COMPLETED);
        assertThat(m.updates()).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo(MaintenanceStatus.SCHEDULED);
            assertThat(u.body()).isEqualTo("Short write pauses.");
        });

        assertThat(maintenance.inMaintenance(c, start.minusMillis(1))).isFalse();
        assertThat(maintenance.inMaintenance(c, start)).isTrue();
        assertThat(maintenance.inMaintenance(c, end.minusMillis(1))).isTrue();
        assertThat(maintenance.inMaintenance(c, end)).isFalse();
        assertThat(maintenance.inMaintenance(unique("other"), start)).isFalse();

        assertThat(maintenance.notEndedAt(T0)).extracting(Maintenance::id).contains(m.id());
        assertThat(maintenance.notEndedAt(end)).extracting(Maintenance::id).doesNotContain(m.id());
        assertThat(maintenance.overlapping(end.minusSeconds(1), end.plusSeconds(1))).extracting(Maintenance::id).contains(m.id());
        assertThat(maintenance.overlapping(end, end.plusSeconds(1))).extracting(Maintenance::id).doesNotContain(m.id());
        assertThat(maintenance.recent(50)).extracting(Maintenance::id).contains(m.id());
    }

    @Test
    void aWindowCanBeRescheduledEndedEarlyOrCancelled() {
        String c = unique("api");
        String d = unique("web");
        Instant start = T0.plus(Duration.ofHours(1));
        Maintenance m = maintenance.create(new MaintenanceDraft("Upgrade", "body", start, start.plus(Duration.ofHours(1)), List.of(c)), T0);

        Maintenance moved = maintenance.change(m.id(), new MaintenanceChange("Upgrade (moved)", null, start.plus(Duration.ofHours(1)),
                start.plus(Duration.ofHours(3)), List.of(d), null, false), T0.plusSeconds(5)).orElseThrow();
        assertThat(moved.name()).isEqualTo("Upgrade (moved)");
        assertThat(moved.components()).containsExactly(d);
        assertThat(maintenance.inMaintenance(c, start.plus(Duration.ofHours(2)))).isFalse();
        assertThat(maintenance.inMaintenance(d, start.plus(Duration.ofHours(2)))).isTrue();

        Instant during = start.plus(Duration.ofMinutes(90));
        Maintenance verifying = maintenance.change(m.id(), new MaintenanceChange(null, null, null, null, null,
                MaintenanceStatus.VERIFYING, false), during).orElseThrow();
        assertThat(verifying.statusAt(during)).isEqualTo(MaintenanceStatus.VERIFYING);
        Maintenance ended = maintenance.change(m.id(), new MaintenanceChange(null, "All done.", null, null, null,
                MaintenanceStatus.COMPLETED, false), during.plusSeconds(60)).orElseThrow();
        assertThat(ended.statusAt(during.plusSeconds(60))).isEqualTo(MaintenanceStatus.COMPLETED);
        assertThat(ended.end()).isEqualTo(during.plusSeconds(60));
        assertThat(maintenance.inMaintenance(d, during.plusSeconds(61))).isFalse();
        assertThat(ended.updates()).extracting(MaintenanceUpdate::body).containsExactly("body",
                "The work is done and is being verified.", "All done.");

        Maintenance other = maintenance.create(new MaintenanceDraft("Later", "b", start, start.plusSeconds(60), List.of(c)), T0);
        Maintenance cancelled = maintenance.change(other.id(), new MaintenanceChange(null, null, null, null, null, null, true),
                T0.plusSeconds(1)).orElseThrow();
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(cancelled.statusAt(T0)).isEqualTo(MaintenanceStatus.COMPLETED);
        assertThat(maintenance.inMaintenance(c, start)).isFalse();
        assertThat(maintenance.notEndedAt(T0.plusSeconds(2))).extracting(Maintenance::id).doesNotContain(other.id());
        assertThat(cancelled.updates()).last().extracting(MaintenanceUpdate::body).isEqualTo("This maintenance has been cancelled.");
        assertThat(maintenance.change("nope", new MaintenanceChange(null, null, null, null, null, null, true), T0)).isEmpty();
    }
}
