package dev.shipwatch.statuspage.report;

import dev.shipwatch.config.Objectives;
import dev.shipwatch.config.Target;
import dev.shipwatch.statuspage.Uptime;
import dev.shipwatch.statuspage.report.SlaReport.Budget;
import dev.shipwatch.statuspage.report.SlaReport.Compliance;
import dev.shipwatch.statuspage.report.SlaReport.IncidentStats;
import dev.shipwatch.statuspage.report.SlaReport.Row;
import dev.shipwatch.store.ComponentState;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentDraft;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStatus;
import dev.shipwatch.store.IncidentUpdateDraft;
import dev.shipwatch.store.MaintenanceDraft;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.RunHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reports on real H2 stores against figures computed by hand (in the comments). Runs every 6 h
 * with a 12 h hold keep the fixtures small enough to follow.
 */
class ReportsTest {
    private static final long H = 3_600_000;
    private static final Duration HOLD = Duration.ofHours(12);
    private static final Target API = ReportDb.target("api", null);
    private final ReportDb db = new ReportDb();

    @AfterEach
    void close() {
        db.close();
    }

    /**
     * June 2026 in UTC (720 h), runs at 00, 06, 12, 18 h:
     * <ul>
     *   <li>06-10 06:00 and 12:00 fail: 12 h down;</li>
     *   <li>no runs 06-20 00:00 to 06-21 00:00: 06-19 18:00 holds 12 h (to 06-20 06:00), then 24 h no data;</li>
     *   <li>06-25 12:00 is skipped: 6 h maintenance; a window 06-15 03:00–05:00 while runs succeed: 2 h more;</li>
     *   <li>up: 720 − 12 − 24 − 8 = 676 h; availability 676 / 688 = 98.2558… → 98.255 (rounded down).</li>
     * </ul>
     * Budget at 99 %: allowed 1 % of 688 h = 412.8 min, used 720 min, left (412.8 − 720) / 412.8 = −74.41… → −74.5.
     * At 98 % (the target's own): allowed 825.6 min, left 105.6 / 825.6 = 12.79… → 12.7.
     */
    @Test
    void aMonthOfRunsFailuresMaintenanceAndAGapGivesTheHandComputedFigures() {
        List<Double> coldStarts = seedJune();
        db.db.maintenance().create(new MaintenanceDraft("DB upgrade", "", Instant.parse("2026-06-15T03:00:00Z"),
                Instant.parse("2026-06-15T05:00:00Z"), List.of("api")), Instant.parse("2026-06-01T00:00:00Z"));
        // May 31 20:00 → June 1 02:00 (2 h in June, 6 h long), June 10 06:30 → 18:30 (12 h)
        incident("Deploys fail", "2026-05-31T20:00:00Z", "2026-06-01T02:00:00Z", "api");
        incident("Deploys fail again", "2026-06-10T06:30:00Z", "2026-06-10T18:30:00Z", "api");
        incident("Not ours", "2026-06-11T06:30:00Z", "2026-06-11T18:30:00Z", "other");

        Reports reports = db.reports(ZoneOffset.UTC, List.of(API), ReportDb.config(
                new Objectives(99.0, Map.of("cold-start-p95", Duration.ofSeconds(2))),
                Map.of("api", new Objectives(98.0, Map.of()))), Instant.parse("2026-07-15T00:00:00Z"));
        SlaReport r = reports.month(YearMonth.of(2026, 6));

        assertThat(r.period().from()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(r.partial()).isFalse();
        assertThat(r.rows()).extracting(Row::kind, Row::id).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SlaReport.Kind.COMPONENT, "api"),
                org.assertj.core.groups.Tuple.tuple(SlaReport.Kind.TARGET, "api"));
        for (Row row : r.rows()) {
            assertThat(row.times()).isEqualTo(new Uptime.Times(676 * H, 0, 12 * H, 8 * H, 24 * H));
            assertThat(row.availability()).isEqualByComparingTo("98.255");
            assertThat(row.availability().scale()).isEqualTo(3);
            assertThat(row.runs()).isEqualTo(115);
            assertThat(row.failedRuns()).isEqualTo(2);
            assertThat(row.incidents()).isEqualTo(new IncidentStats(2, 14 * H, 12 * H, 9 * H));
            // from the day histograms, to bucket precision (the exact values are 10, 20 … ms)
            Percentiles exact = nearestRank(coldStarts);
            assertThat(row.latency().coldStart().p50()).isCloseTo(exact.p50(), org.assertj.core.data.Percentage.withPercentage(1.1));
            assertThat(row.latency().coldStart().p95()).isCloseTo(exact.p95(), org.assertj.core.data.Percentage.withPercentage(1.1));
            assertThat(row.latency().coldStart().p99()).isCloseTo(exact.p99(), org.assertj.core.data.Percentage.withPercentage(1.1));
            // every run built in exactly 1 s: the clamp to [min, max] makes that exact
            assertThat(row.latency().build()).isEqualTo(new Percentiles(1000.0, 1000.0, 1000.0));
        }
        Row component = r.rows().get(0);
        Row target = r.rows().get(1);
        assertThat(component.budget()).isEqualTo(new Budget(new BigDecimal("412.8"), new BigDecimal("720.0"), new BigDecimal("-74.5")));
        assertThat(component.objectives().get(0).compliance()).isEqualTo(Compliance.MISSED);
        assertThat(target.budget()).isEqualTo(new Budget(new BigDecimal("825.6"), new BigDecimal("720.0"), new BigDecimal("12.7")));
        assertThat(target.objectives()).extracting(SlaReport.ObjectiveResult::key, SlaReport.ObjectiveResult::compliance)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("availability", Compliance.MET),
                        org.assertj.core.groups.Tuple.tuple("cold-start-p95", Compliance.MET));
    }

    @Test
    void aTargetInTwoLocationsIsDownOnlyWhileFailingInBothAtQuorumTwo() {
        // eu: success 00:00, failed 06:00, success 12:00; us: failed 03:00, success 09:00 (each holds 6 h at most)
        String[][] runs = {{"eu", "00:00", "success"}, {"eu", "06:00", "failed"}, {"eu", "12:00", "success"},
                {"us", "03:00", "failed"}, {"us", "09:00", "success"}};
        int n = 0;
        for (String[] r : runs) {
            Instant at = Instant.parse("2026-06-10T" + r[1] + ":00Z");
            Outcome o = Outcome.fromWire(r[2]);
            db.db.runs().finished(new dev.shipwatch.store.ProbeRun("q" + ++n, "api", "local", "api", at, at.plusSeconds(30), o,
                    o == Outcome.FAILED ? new dev.shipwatch.store.Failure(dev.shipwatch.store.Phase.DEPLOY,
                            dev.shipwatch.store.FailureClass.DEPLOY_FAILED, "boom") : null,
                    null, null, null, null, true, null, List.of(), List.of(), r[0]), Duration.ofHours(6));
        }
        Instant from = Instant.parse("2026-06-10T00:00:00Z");
        Instant to = Instant.parse("2026-06-10T15:00:00Z");
        Accounting.TargetTime t = Accounting.byQuorum("api", List.of("eu", "us"), 2, List.of(),
                new RunHistory(db.db.dataSource()), from, to, Instant.parse("2026-07-01T00:00:00Z"));
        // up 00–03 and 12–15 (no failure), degraded 03–06 and 09–12 (one location failing), down 06–09 (both)
        assertThat(t.times()).isEqualTo(new Uptime.Times(6 * H, 6 * H, 3 * H, 0, 0));
        assertThat(t.runs()).isEqualTo(5);
        assertThat(t.failedRuns()).isEqualTo(2);
        Accounting.TargetTime single = Accounting.byQuorum("api", List.of("eu", "us"), 1, List.of(),
                new RunHistory(db.db.dataSource()), from, to, Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(single.times()).as("at quorum 1, failing anywhere is down").isEqualTo(new Uptime.Times(6 * H, 0, 9 * H, 0, 0));
        assertThat(Reports.rules(3, true)).hasSize(Reports.rules(3).size() + 1)
                .anyMatch(rule -> rule.contains("quorum verdict"));
    }

    @Test
    void rollupDaysAndRawRunsAgreeToTheMillisecond() {
        seedJune();
        db.db.maintenance().create(new MaintenanceDraft("DB upgrade", "", Instant.parse("2026-06-15T03:00:00Z"),
                Instant.parse("2026-06-15T05:00:00Z"), List.of("api")), Instant.parse("2026-06-01T00:00:00Z"));
        Instant from = Instant.parse("2026-06-01T00:00:00Z");
        Instant to = Instant.parse("2026-07-01T00:00:00Z");
        Instant now = Instant.parse("2026-07-15T00:00:00Z");
        RunHistory history = new RunHistory(db.db.dataSource());
        List<Uptime.Window> windows = List.of(new Uptime.Window(Instant.parse("2026-06-15T03:00:00Z"), Instant.parse("2026-06-15T05:00:00Z")));

        Accounting.TargetTime fromRollups = Accounting.of("api", db.db.runs().rollups("api", java.time.LocalDate.parse("2026-06-01"),
                java.time.LocalDate.parse("2026-06-30")), windows, history.latest("api", now), history, from, to, now);
        Accounting.TargetTime allRaw = Accounting.fromRuns(history.held("api", from, to), windows, from, to, now);

        assertThat(fromRollups).isEqualTo(allRaw);
    }

    /** October 2026 in Paris: 2026-09-30T22:00Z to 2026-10-31T23:00Z, 745 h (summer time ends on the 25th). */
    @Test
    void octoberInParisHas745HoursAndARunAcrossMidnightAndTheMonthEndIsSplit() {
        // every 6 h from 09-30 18:00Z (success: up from the period's start at 22:00Z) …
        for (Instant t = Instant.parse("2026-09-30T18:00:00Z"); t.isBefore(Instant.parse("2026-10-31T19:00:00Z")); t = t.plus(Duration.ofHours(6))) {
            db.run("api", t.toString(), Outcome.SUCCESS, HOLD, null);
        }
        // … then a failure at 21:00Z (22:00 in Paris) that holds until the next run at 03:00Z, across UTC midnight
        // and across the month's end at 23:00Z: 2 h down in October, 4 h in November
        db.run("api", "2026-10-31T21:00:00Z", Outcome.FAILED, HOLD, null);
        db.run("api", "2026-11-01T03:00:00Z", Outcome.SUCCESS, HOLD, null);
        Reports reports = db.reports(ZoneId.of("Europe/Paris"), List.of(API), ReportDb.config(Objectives.NONE, Map.of()),
                Instant.parse("2026-12-15T00:00:00Z"));

        SlaReport october = reports.month(YearMonth.of(2026, 10));
        assertThat(october.period().from()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
        assertThat(october.period().to()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(october.period().length()).isEqualTo(Duration.ofHours(745));
        assertThat(ReportFormats.header(october)).contains("UTC: 2026-09-30T22:00:00Z to 2026-10-31T23:00:00Z (745 h)");
        Row row = october.rows().get(1);
        // 743 h up, 2 h down: 743 / 745 = 99.7315…
        assertThat(row.times()).isEqualTo(new Uptime.Times(743 * H, 0, 2 * H, 0, 0));
        assertThat(row.availability()).isEqualByComparingTo("99.731");
        // starts in [09-30 22:00Z, 10-31 23:00Z): 31 days × 4 + the 21:00 failure
        assertThat(row.runs()).isEqualTo(125);
        assertThat(row.failedRuns()).isEqualTo(1);

        SlaReport november = reports.month(YearMonth.of(2026, 11));
        assertThat(november.period().length()).isEqualTo(Duration.ofHours(720));
        // 4 h down (23:00Z → 03:00Z), the 03:00Z success holds 12 h, then no data for the remaining 704 h
        assertThat(november.rows().get(1).times()).isEqualTo(new Uptime.Times(12 * H, 0, 4 * H, 0, 704 * H));
        assertThat(november.rows().get(1).availability()).isEqualByComparingTo("75.000");
    }

    /** New York: March 2026 loses an hour (743 h), November 2026 gains one (721 h). */
    @Test
    void daylightSavingMonthsInNewYork() {
        Reports reports = db.reports(ZoneId.of("America/New_York"), List.of(API), ReportDb.config(Objectives.NONE, Map.of()),
                Instant.parse("2027-01-01T00:00:00Z"));
        SlaReport march = reports.month(YearMonth.of(2026, 3));
        assertThat(march.period().from()).isEqualTo(Instant.parse("2026-03-01T05:00:00Z"));
        assertThat(march.period().to()).isEqualTo(Instant.parse("2026-04-01T04:00:00Z"));
        assertThat(march.period().length()).isEqualTo(Duration.ofHours(743));
        // no runs at all: every minute is no data, and there is no percentage to show
        assertThat(march.rows().get(1).times()).isEqualTo(new Uptime.Times(0, 0, 0, 0, 743 * H));
        assertThat(march.rows().get(1).availability()).isNull();
        assertThat(reports.month(YearMonth.of(2026, 11)).period().length()).isEqualTo(Duration.ofHours(721));
    }

    @Test
    void aPeriodNotOverRunsToNowAndCountsTheLatestRunsOpenInterval() {
        db.run("api", "2026-06-01T00:00:00Z", Outcome.SUCCESS, HOLD, null);
        db.run("api", "2026-06-01T06:00:00Z", Outcome.FAILED, HOLD, null);
        // now is 06-01 10:00: the failure holds 4 h so far (it is in no rollup yet)
        Reports reports = db.reports(ZoneOffset.UTC, List.of(API), ReportDb.config(Objectives.NONE, Map.of()),
                Instant.parse("2026-06-01T10:00:00Z"));
        SlaReport r = reports.month(YearMonth.of(2026, 6));
        assertThat(r.partial()).isTrue();
        assertThat(r.rows().get(1).times()).isEqualTo(new Uptime.Times(6 * H, 0, 4 * H, 0, 0));
        assertThatThrownBy(() -> reports.month(YearMonth.of(2026, 7))).hasMessageContaining("has not begun");
        assertThatThrownBy(() -> reports.report(ReportPeriod.month(YearMonth.of(2026, 6), ZoneOffset.UTC), "nope"))
                .hasMessageContaining("no target named \"nope\"");
    }

    @Test
    void aComponentAddsUpItsTargetsAndPoolsTheirSamples() {
        Target a = ReportDb.target("a", "Deploys");
        Target b = ReportDb.target("b", "Deploys");
        db.run("a", "2026-06-01T00:00:00Z", Outcome.SUCCESS, Duration.ofDays(30), 10.0);
        db.run("b", "2026-06-01T00:00:00Z", Outcome.SUCCESS, Duration.ofDays(30), 30.0);
        db.run("b", "2026-06-16T00:00:00Z", Outcome.FAILED, Duration.ofDays(30), 20.0);
        Reports reports = db.reports(ZoneOffset.UTC, List.of(a, b), ReportDb.config(Objectives.NONE, Map.of()),
                Instant.parse("2026-08-01T00:00:00Z"));
        SlaReport r = reports.month(YearMonth.of(2026, 6));
        assertThat(r.rows()).extracting(Row::id).containsExactly("deploys", "a", "b");
        // a: 720 h up; b: 360 h up, 360 h down → 1080 / 1440 = 75 %
        assertThat(r.rows().get(0).times()).isEqualTo(new Uptime.Times(1080 * H, 0, 360 * H, 0, 0));
        assertThat(r.rows().get(0).availability()).isEqualByComparingTo("75.000");
        // the component pools both targets' samples (10, 30, 20): p50 is 20, p95 and p99 30
        assertThat(r.rows().get(0).latency().coldStart().p50()).isCloseTo(20.0, org.assertj.core.data.Percentage.withPercentage(1.1));
        assertThat(r.rows().get(0).latency().coldStart().p95()).isCloseTo(30.0, org.assertj.core.data.Percentage.withPercentage(1.1));
        assertThat(r.rows().get(1).latency().coldStart()).isEqualTo(new Percentiles(10.0, 10.0, 10.0));
        assertThat(reports.report(r.period(), "b").rows()).extracting(Row::id).containsExactly("b");
    }

    private List<Double> seedJune() {
        Set<String> missing = Set.of("2026-06-20T00:00:00Z", "2026-06-20T06:00:00Z", "2026-06-20T12:00:00Z",
                "2026-06-20T18:00:00Z", "2026-06-21T00:00:00Z");
        Set<String> failed = Set.of("2026-06-10T06:00:00Z", "2026-06-10T12:00:00Z");
        List<Double> coldStarts = new ArrayList<>();
        db.run("api", "2026-05-31T18:00:00Z", Outcome.SUCCESS, HOLD, 99_999.0);
        int k = 0;
        for (Instant t = Instant.parse("2026-06-01T00:00:00Z"); t.isBefore(Instant.parse("2026-07-01T00:00:00Z")); t = t.plus(Duration.ofHours(6))) {
            String at = t.toString();
            if (missing.contains(at)) {
                continue;
            }
            double cold = 10.0 * ++k;
            Outcome outcome = failed.contains(at) ? Outcome.FAILED : at.equals("2026-06-25T12:00:00Z") ? Outcome.SKIPPED : Outcome.SUCCESS;
            db.run("api", at, outcome, HOLD, cold);
            coldStarts.add(cold);
        }
        db.run("api", "2026-07-01T00:00:00Z", Outcome.SUCCESS, HOLD, 99_999.0);
        return coldStarts;
    }

    /** Nearest rank by sorting: an independent check of the selection. */
    static Percentiles nearestRank(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return new Percentiles(sorted[(int) Math.ceil(0.50 * n) - 1], sorted[(int) Math.ceil(0.95 * n) - 1],
                sorted[(int) Math.ceil(0.99 * n) - 1]);
    }

    private void incident(String name, String created, String resolved, String component) {
        Incident i = db.db.incidents().create(new IncidentDraft(name, IncidentStatus.INVESTIGATING, IncidentImpact.MAJOR, "looking",
                Map.of(component, ComponentState.MAJOR_OUTAGE), List.of(), null), Instant.parse(created));
        db.db.incidents().update(i.id(), new IncidentUpdateDraft(IncidentStatus.RESOLVED, "fixed", Map.of(), List.of()),
                Instant.parse(resolved));
    }

}
