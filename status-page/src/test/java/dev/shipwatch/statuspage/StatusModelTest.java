package dev.shipwatch.statuspage;

import dev.shipwatch.config.Target;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.store.ComponentState;
import dev.shipwatch.store.IncidentDraft;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStatus;
import dev.shipwatch.store.IncidentUpdateDraft;
import dev.shipwatch.store.MaintenanceDraft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import java.util.List;

import static dev.shipwatch.statuspage.Fixtures.NOW;
import static dev.shipwatch.statuspage.Fixtures.SITE;
import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.ofOutcome;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

/** Component status from the targets' latest runs, maintenance and incidents (on a real H2). */
class StatusModelTest {
    private final PageDb store = new PageDb();

    @AfterEach
    void close() {
        store.close();
    }

    private StatusModel read(Target... targets) {
        return StatusModel.read(SITE, StatusPageConfig.derive(List.of(targets)), List.of(targets), store.db.runs(),
                store.db.incidents(), store.db.maintenance(), NOW, NOW.minusSeconds(3600));
    }

    private ComponentStatus statusOf(Target... targets) {
        return read(targets).components().get(0).status();
    }

    /** A target probed from eu and us, quorum 2, every minute (a location silent for over 2 minutes has no data). */
    private static Target inTwoLocations(String name) {
        Target t = target(name, "C");
        return new Target(t.name(), t.component(), t.platform(), t.canary(), t.schedule(), t.requests(), t.timeouts(), t.slo(),
                List.of("eu", "us"), 2);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "eu {0}, us {1}: {2}")
    @org.junit.jupiter.params.provider.CsvSource({
            "success, success, OPERATIONAL, 'Up Up', Failing in no location",
            "success, failed, DEGRADED_PERFORMANCE, 'Up Failing', Failing in us",
            "failed, failed, MAJOR_OUTAGE, 'Failing Failing', 'Failing in eu, us'",
            "success, none, OPERATIONAL, 'Up No data', Failing in no location",
            "success, old-failed, OPERATIONAL, 'Up No data', Failing in no location",
            "failed, none, DEGRADED_PERFORMANCE, 'Failing No data', Failing in eu",
            "none, none, NO_DATA, 'No data No data', Failing in no location"})
    void aTargetInTwoLocationsIsOutOnlyWhenFailingInAsManyAsItsQuorum(String eu, String us, ComponentStatus status,
                                                                       String states, String verdict) {
        for (String[] lo : new String[][] {{"eu", eu}, {"us", us}}) {
            if (!lo[1].equals("none")) {
                boolean old = lo[1].startsWith("old-");
                Outcome o = Outcome.fromWire(old ? lo[1].substring(4) : lo[1]);
                store.add(ofOutcome("t", old ? 10 : 1, o).at(lo[0]));
            }
        }
        StatusModel model = read(inTwoLocations("t"));
        StatusModel.Component c = model.components().get(0);
        assertThat(c.status()).isEqualTo(status);
        Views.TargetView view = Views.targets(model.site().timeZone(), c, StatusModel.TABLE_RUNS).get(0);
        assertThat(String.join(" ", view.locations().stream().map(Views.LocationRow::status).toList())).isEqualTo(states);
        assertThat(view.locations()).extracting(Views.LocationRow::location).containsExactly("eu", "us");
        assertThat(view.verdict()).isEqualTo(verdict + " (an outage takes 2 of 2 locations)");
    }

    @Test
    void aComponentWhoseTargetsHaveNoRunsHasNoData() {
        assertThat(statusOf(target("a", "C"), target("b", "C"))).isEqualTo(ComponentStatus.NO_DATA);
    }

    @Test
    void everyTargetWithDataFailingIsAMajorOutage() {
        store.add(failed("a", 1, Phase.BUILD, FailureClass.BUILD_FAILED, "m"));
        store.add(failed("b", 1, Phase.DEPLOY, FailureClass.QUOTA, "m"));

        assertThat(statusOf(target("a", "C"), target("b", "C"), target("never-ran", "C")))
                .isEqualTo(ComponentStatus.MAJOR_OUTAGE);
    }

    @Test
    void someTargetsFailingIsAPartialOutage() {
        store.add(failed("a", 1, Phase.BUILD, FailureClass.BUILD_FAILED, "m"));
        store.add(Fixtures.degraded("b", 1));

        assertThat(statusOf(target("a", "C"), target("b", "C"))).isEqualTo(ComponentStatus.PARTIAL_OUTAGE);
    }

    @Test
    void aDegradedTargetDegradesTheComponent() {
        store.add(success("a", 1));
        store.add(Fixtures.degraded("b", 1));

        assertThat(statusOf(target("a", "C"), target("b", "C"))).isEqualTo(ComponentStatus.DEGRADED_PERFORMANCE);
    }

    @Test
    void onlyTheLatestRunCounts() {
        store.add(failed("a", 10, Phase.BUILD, FailureClass.BUILD_FAILED, "m"));
        store.add(success("a", 5));

        assertThat(statusOf(target("a", "C"))).isEqualTo(ComponentStatus.OPERATIONAL);
    }

    @Test
    void abortedAndSkippedRunsDoNotChangeTheStatus() {
        store.add(failed("a", 10, Phase.BUILD, FailureClass.BUILD_FAILED, "m"));
        store.add(ofOutcome("a", 5, Outcome.ABORTED));
        store.add(ofOutcome("a", 2, Outcome.SKIPPED));

        StatusModel model = read(target("a", "C"));

        assertThat(model.components().get(0).status()).isEqualTo(ComponentStatus.MAJOR_OUTAGE);
        assertThat(model.components().get(0).lastCheckedAt()).as("but they count as checks").isEqualTo(NOW.minusSeconds(120));
    }

    @Test
    void onlyAbortedRunsMeanNoData() {
        store.add(ofOutcome("a", 5, Outcome.ABORTED));

        assertThat(statusOf(target("a", "C"))).isEqualTo(ComponentStatus.NO_DATA);
    }

    @Test
    void theOverallStatusIsTheWorstOfTheComponentsWithData() {
        store.add(success("a", 1));
        store.add(Fixtures.degraded("b", 1));

        assertThat(read(target("a", "A"), target("b", "B"), target("c", "C")).overall().worst())
                .isEqualTo(ComponentStatus.DEGRADED_PERFORMANCE);
        assertThat(read(target("c", "C")).overall().worst()).isEqualTo(ComponentStatus.NO_DATA);
    }

    @Test
    void targetsAreGroupedByComponentInConfigOrderWithUniqueSlugIds() {
        StatusModel model = read(target("a", "Local Deploys"), target("b", "Heroku (EU)"), target("c", "Local Deploys"),
                target("d", "local-deploys"), target("e", "¡¿!"));

        assertThat(model.components()).extracting(StatusModel.Component::id)
                .containsExactly("local-deploys", "heroku-eu", "local-deploys-2", "component");
        assertThat(model.components().get(0).targets()).extracting(t -> t.target().name()).containsExactly("a", "c");
        assertThat(model.components()).extracting(StatusModel.Component::position).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aComponentInAMaintenanceWindowIsUnderMaintenanceWhateverItsRunsSay() {
        store.add(failed("a", 1, Phase.BUILD, FailureClass.BUILD_FAILED, "m"));
        store.db.maintenance().create(new MaintenanceDraft("Upgrade", "", NOW.minusSeconds(600), NOW.plusSeconds(600),
                List.of("c")), NOW.minus(Duration.ofDays(1)));

        StatusModel model = read(target("a", "C"));

        assertThat(model.components().get(0).derived()).isEqualTo(ComponentStatus.MAJOR_OUTAGE);
        assertThat(model.components().get(0).status()).isEqualTo(ComponentStatus.UNDER_MAINTENANCE);
        assertThat(model.overall().indicator()).isEqualTo(ComponentStatus.Indicator.NONE);
        assertThat(model.overall().description()).isEqualTo("Service Under Maintenance");
    }

    @Test
    void anOpenIncidentOverridesTheComponentStatusUntilItIsResolved() {
        store.add(success("a", 1));
        var incident = store.db.incidents().create(new IncidentDraft("Slow", IncidentStatus.IDENTIFIED, IncidentImpact.MINOR,
                "b", Map.of("c", ComponentState.PARTIAL_OUTAGE), List.of(), null), NOW.minusSeconds(60));

        StatusModel open = read(target("a", "C"));
        assertThat(open.components().get(0).status()).isEqualTo(ComponentStatus.PARTIAL_OUTAGE);
        assertThat(open.overall().indicator()).isEqualTo(ComponentStatus.Indicator.MAJOR);

        store.db.incidents().update(incident.id(), new IncidentUpdateDraft(IncidentStatus.RESOLVED, "ok", Map.of(), List.of()),
                NOW.minusSeconds(30));
        assertThat(read(target("a", "C")).components().get(0).status()).isEqualTo(ComponentStatus.OPERATIONAL);
    }

    @Test
    void anIncidentsImpactRaisesThePageIndicatorEvenWithoutComponents() {
        store.add(success("a", 1));
        store.db.incidents().create(new IncidentDraft("Payments slow", IncidentStatus.INVESTIGATING, IncidentImpact.CRITICAL,
                "b", Map.of(), List.of(), null), NOW.minusSeconds(60));

        StatusModel model = read(target("a", "C"));

        assertThat(model.components().get(0).status()).isEqualTo(ComponentStatus.OPERATIONAL);
        assertThat(model.overall().indicator()).isEqualTo(ComponentStatus.Indicator.CRITICAL);
        assertThat(model.overall().description()).isEqualTo("Major Service Outage");
    }

    @Test
    void latencyDaysAreTheDailyMeansOfTheChartsDaysWithNullWhereNothingRan() {
        java.time.LocalDate today = java.time.LocalDate.parse("2026-03-31");
        List<dev.shipwatch.store.DailyRollup> rollups = List.of(
                rollup("a", today, 2, 300, 2, 900, 1, 150, 2, 60),
                rollup("b", today, 1, 600, 0, 0, 0, 0, 1, 90),
                rollup("a", today.minusDays(29), 1, 100, 1, 200, 1, 50, 0, 0),
                rollup("a", today.minusDays(30), 1, 1e6, 1, 1e6, 1, 1e6, 1, 1e6)); // before the chart's first day

        List<StatusModel.LatencyDay> days = StatusModel.latency(rollups, today);

        assertThat(days).hasSize(StatusModel.CHART_DAYS);
        assertThat(days.get(0)).isEqualTo(new StatusModel.LatencyDay(today.minusDays(29), 100.0, 200.0, 50.0, null));
        assertThat(days.get(15)).isEqualTo(new StatusModel.LatencyDay(today.minusDays(14), null, null, null, null));
        // build (300 + 600) / 3, deploy 900 / 2, cold start 150 / 1, warm p95 (60 + 90) / 3
        assertThat(days.get(29)).isEqualTo(new StatusModel.LatencyDay(today, 300.0, 450.0, 150.0, 50.0));
        assertThat(StatusModel.latency(List.copyOf(rollups), today)).isEqualTo(days).hasSameHashCodeAs(days);
        assertThat(days).isEqualTo(new java.util.ArrayList<>(days)).hasSameHashCodeAs(new java.util.ArrayList<>(days));
        assertThat(StatusModel.latency(rollups.subList(1, 4), today)).isNotEqualTo(days);
    }

    private static dev.shipwatch.store.DailyRollup rollup(String target, java.time.LocalDate day, int builds, double buildMs,
                                                          int deploys, double deployMs, int coldStarts, double coldStartMs,
                                                          int warm, double warmP95Ms) {
        return new dev.shipwatch.store.DailyRollup(target, day, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, builds, buildMs, deploys,
                deployMs, coldStarts, coldStartMs, coldStartMs, warm, warmP95Ms);
    }
}
