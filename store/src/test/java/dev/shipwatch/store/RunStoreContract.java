package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RunStore} must do, run once per database. Tests share one database per
 * class and keep apart by target and node names unique to each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunStoreContract {
    static final Duration HOUR = Duration.ofHours(1);
    static final LocalDate DAY = LocalDate.of(2026, 3, 10);

    Database db;
    RunStore store;
    private String prefix;
    private int sequence;

    /** The database under test; called once per class. */
    abstract Storage storage();

    @BeforeAll
    void openDatabase() {
        db = Database.open(storage());
        store = db.runs();
    }

    @AfterAll
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void uniqueNames(TestInfo test) {
        String method = test.getTestMethod().orElseThrow().getName();
        prefix = method.substring(0, Math.min(24, method.length())) + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        sequence = 0;
    }

    String name(String what) {
        return prefix + "-" + what;
    }

    static Instant at(LocalDate day, String time) {
        return Instant.parse(day + "T" + time + "Z");
    }

    /** A finished run with a build, deploy, cold start and warm requests. */
    ProbeRun run(String target, Instant start, Outcome outcome) {
        String id = prefix + "-run-" + (++sequence);
        Failure failure = outcome == Outcome.FAILED ? new Failure(Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "exit 1") : null;
        return new ProbeRun(id, target, "local", "Local deploys", start, start.plusSeconds(20), outcome, failure,
                new PhaseTimings(1000.0, 2000.0, 300.0, 50.0), null, new WarmStats(20, 5, 10, 12, 15),
                null, true, null, List.of());
    }

    RunStarted startedRun(String target, Instant start, String node, Duration hold) {
        return new RunStarted(prefix + "-run-" + (++sequence), target, "local", "Local deploys", start, node, hold);
    }

    DailyRollup rollup(String target, LocalDate day) {
        List<DailyRollup> rollups = store.rollups(target, day, day);
        assertThat(rollups).as("rollups of %s on %s", target, day).hasSize(1);
        return rollups.get(0);
    }

    @Test
    void aStartedRunIsFoundByIdAsRunning() {
        RunStarted started = startedRun(name("t"), at(DAY, "10:00:00"), name("node"), HOUR);
        store.started(started);

        ProbeRun found = store.find(started.id()).orElseThrow();
        assertThat(found.outcome()).isEqualTo(Outcome.RUNNING);
        assertThat(found.target()).isEqualTo(started.target());
        assertThat(found.startedAt()).isEqualTo(started.startedAt());
        assertThat(found.finishedAt()).isNull();
        assertThat(store.find(name("no-such-run"))).isEmpty();
    }

    @Test
    void abortUnfinishedAbortsOnlyThatNodesRunsAndCountsThemInTheRollups() {
        String target = name("t");
        String other = name("other");
        String node = name("node-a");
        ProbeRun before = run(target, at(DAY, "10:00:00"), Outcome.SUCCESS);
        store.finished(before, HOUR);
        RunStarted cutOff = startedRun(target, at(DAY, "10:10:00"), node, Duration.ofMinutes(30));
        RunStarted alsoCutOff = startedRun(other, at(DAY, "10:11:00"), node, HOUR);
        RunStarted elsewhere = startedRun(name("third"), at(DAY, "10:12:00"), name("node-b"), HOUR);
        store.started(cutOff);
        store.started(alsoCutOff);
        store.started(elsewhere);
        Instant now = at(DAY, "10:15:00.123456");

        List<ProbeRun> aborted = store.abortUnfinished(node, now);

        assertThat(aborted).extracting(ProbeRun::id).containsExactly(cutOff.id(), alsoCutOff.id());
        Failure failure = new Failure(null, FailureClass.ABORTED, "the monitor stopped during the run");
        assertThat(aborted).allSatisfy(run -> {
            assertThat(run.outcome()).isEqualTo(Outcome.ABORTED);
            assertThat(run.failure()).isEqualTo(failure);
            assertThat(run.finishedAt()).isEqualTo(now);
        });
        assertThat(store.find(cutOff.id())).contains(aborted.get(0));
        assertThat(store.find(elsewhere.id()).orElseThrow().outcome()).isEqualTo(Outcome.RUNNING);
        assertThat(store.abortUnfinished(node, now)).isEmpty();

        // The next run closes the aborted run's interval: its stored 30-minute hold applies.
        store.finished(run(target, at(DAY, "10:50:00"), Outcome.SUCCESS), HOUR);
        DailyRollup day = rollup(target, DAY);
        assertThat(day.runs()).isEqualTo(3);
        assertThat(day.aborted()).isEqualTo(1);
        assertThat(day.success()).isEqualTo(2);
        assertThat(day.successMs()).isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(day.abortedMs()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(rollup(other, DAY).aborted()).isEqualTo(1);
        assertThat(store.latest(target).orElseThrow().startedAt()).isEqualTo(at(DAY, "10:50:00"));
    }

    @Test
    void finishedReplacesTheRunningRow() {
        String target = name("t");
        RunStarted started = startedRun(target, at(DAY, "08:00:00"), name("node"), HOUR);
        store.started(started);
        ProbeRun done = new ProbeRun(started.id(), target, "local", "Local deploys", started.startedAt(),
                at(DAY, "08:00:30"), Outcome.DEGRADED, null, PhaseTimings.NONE, null, null, null, true, null,
                List.of(new SloBreach("cold-start", "5s", "7.2s")));

        store.finished(done, HOUR);

        assertThat(store.find(started.id())).contains(done);
        assertThat(store.recent(target, 10)).containsExactly(done);
        // No longer running, so a restart of its node has nothing to abort.
        assertThat(store.abortUnfinished(started.node(), at(DAY, "09:00:00"))).isEmpty();
        assertThat(rollup(target, DAY).degraded()).isEqualTo(1);
    }

    @Test
    void aFinishedRunWithoutAStartedRowIsInserted() {
        ProbeRun run = run(name("t"), at(DAY, "08:00:00"), Outcome.FAILED);

        store.finished(run, HOUR);

        assertThat(store.find(run.id())).contains(run);
        assertThat(rollup(run.target(), DAY).failed()).isEqualTo(1);
    }

    @Test
    void everyFieldRoundTripsExactly() {
        Instant start = at(DAY, "12:34:56.123456");
        ProbeRun full = new ProbeRun(name("full"), name("t"), "container", "Container deploys", start,
                start.plusMillis(45_678), Outcome.FAILED,
                new Failure(Phase.WARM_REQUESTS, FailureClass.HTTP_5XX, "GET / answered 503 (7 of 20)"),
                new PhaseTimings(1234.5, 2345.25, 345.125, 45.0625),
                new FirstRequest(1.5, 2.25, 3.125, 4.0625, 0.03125, 11.0, 200),
                new WarmStats(20, 4.5, 9.75, 12.125, 30.0),
                new Workload(1500.5, 80.25, 12.5, new FsProfile(60_000.5, 450_000.25, 180.125, 7_800.0),
                        new OutboundTimings(4.5, 1.25, 9.125, 30.0625)),
                true, start.plusNanos(2_000_001_000L), // micro precision survives
                List.of(new SloBreach("request-p95", "100ms", "120ms"), new SloBreach("cold-start", "5s", "7.2s")),
                List.of(new FigureShift(LatencyFigure.COLD_START, 2.25, start.minusSeconds(3600), 300.5, 676.125, 2016, 12),
                        new FigureShift(LatencyFigure.FS_OPEN_READ, 3.5, start.minusSeconds(600), 60_000.0, 17_142.9, 40, 12)));
        ProbeRun sparse = new ProbeRun(name("sparse"), name("t"), "local", null, start.plusSeconds(60), null,
                Outcome.ABORTED, new Failure(null, FailureClass.ABORTED, null),
                new PhaseTimings(900.0, null, null, null), new FirstRequest(null, null, null, 5.0, null, 6.0, 503),
                null, new Workload(null, 3.0, null, new FsProfile(null, 5.0, null, null), new OutboundTimings(null, 2.0, null, 3.0)),
                false, null, List.of());

        store.finished(full, HOUR);
        store.finished(sparse, HOUR);

        assertThat(store.find(full.id())).contains(full);
        assertThat(store.find(sparse.id())).contains(sparse);
    }

    @Test
    void instantsAreKeptToTheMicrosecond() {
        ProbeRun run = run(name("t"), Instant.parse("2026-03-10T01:02:03.123456789Z"), Outcome.SUCCESS);

        store.finished(run, HOUR);

        assertThat(store.find(run.id()).orElseThrow().startedAt()).isEqualTo(Instant.parse("2026-03-10T01:02:03.123456Z"));
    }

    @Test
    void latestRecentAndBetweenOrderFinishedRunsAndLeaveRunningOnesOut() {
        String target = name("t");
        ProbeRun first = run(target, at(DAY, "10:00:00"), Outcome.SUCCESS);
        ProbeRun second = run(target, at(DAY, "10:05:00"), Outcome.FAILED);
        ProbeRun third = run(target, at(DAY, "10:10:00"), Outcome.DEGRADED);
        store.finished(second, HOUR);
        store.finished(third, HOUR);
        store.finished(first, HOUR);
        store.finished(run(name("other"), at(DAY, "10:07:00"), Outcome.SUCCESS), HOUR);
        store.started(startedRun(target, at(DAY, "10:15:00"), name("node"), HOUR));

        assertThat(store.latest(target)).contains(third);
        assertThat(store.recent(target, 2)).containsExactly(third, second);
        assertThat(store.recent(target, 10)).containsExactly(third, second, first);
        assertThat(store.between(target, at(DAY, "10:00:00"), at(DAY, "10:10:00"))).containsExactly(first, second);
        assertThat(store.between(target, at(DAY, "10:00:00"), at(DAY, "11:00:00"))).containsExactly(first, second, third);
        assertThat(store.latest(name("never-ran"))).isEmpty();
        assertThat(store.targets()).contains(target, name("other")).doesNotContain(name("never-ran"));
    }

    @Test
    void rollupsCountEachOutcomeAndSumTheTimingsOfTheDay() {
        String target = name("t");
        store.finished(run(target, at(DAY, "01:00:00"), Outcome.SUCCESS), HOUR);
        store.finished(run(target, at(DAY, "02:00:00"), Outcome.SUCCESS), HOUR);
        store.finished(run(target, at(DAY, "03:00:00"), Outcome.DEGRADED), HOUR);
        store.finished(run(target, at(DAY, "04:00:00"), Outcome.FAILED), HOUR);
        store.finished(run(target, at(DAY, "05:00:00"), Outcome.SKIPPED), HOUR);
        ProbeRun slowColdStart = new ProbeRun(name("slow"), target, "local", "Local deploys", at(DAY, "06:00:00"), null,
                Outcome.DEGRADED, null, new PhaseTimings(null, 500.0, 7200.0, null), null, null, null, true, null, null);
        store.finished(slowColdStart, HOUR);

        DailyRollup day = rollup(target, DAY);
        assertThat(day.runs()).isEqualTo(6);
        assertThat(List.of(day.success(), day.degraded(), day.failed(), day.aborted(), day.skipped()))
                .containsExactly(2, 2, 1, 0, 1);
        assertThat(day.buildCount()).isEqualTo(5);
        assertThat(day.sumBuildMs()).isEqualTo(5000.0);
        // The failed run's deploy failed: its deploy time is how long failing took, not a deploy time.
        assertThat(day.deployCount()).isEqualTo(5);
        assertThat(day.sumDeployMs()).isEqualTo(8_500.0);
        assertThat(day.coldStartCount()).isEqualTo(6);
        assertThat(day.sumColdStartMs()).isEqualTo(8700.0);
        assertThat(day.maxColdStartMs()).isEqualTo(7200.0);
        assertThat(day.warmCount()).isEqualTo(5);
        assertThat(day.sumWarmP95Ms()).isEqualTo(50.0);
        // Each outcome holds one hour until the next run; the last interval is still open.
        assertThat(List.of(day.successMs(), day.degradedMs(), day.failedMs(), day.abortedMs(), day.skippedMs()))
                .containsExactly(2 * HOUR.toMillis(), HOUR.toMillis(), HOUR.toMillis(), 0L, HOUR.toMillis());
    }

    @Test
    void timeBetweenRunsIsSplitAtMidnightUtc() {
        String target = name("t");
        store.finished(run(target, at(DAY, "23:58:00"), Outcome.SUCCESS), HOUR);
        store.finished(run(target, at(DAY.plusDays(1), "00:03:00"), Outcome.FAILED), HOUR);

        List<DailyRollup> rollups = store.rollups(target, DAY, DAY.plusDays(1));

        assertThat(rollups).extracting(DailyRollup::day).containsExactly(DAY, DAY.plusDays(1));
        assertThat(rollups.get(0).successMs()).isEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(rollups.get(1).successMs()).isEqualTo(Duration.ofMinutes(3).toMillis());
        assertThat(rollups.get(0).failedMs() + rollups.get(1).failedMs()).isZero();
        assertThat(rollups).extracting(DailyRollup::runs).containsExactly(1, 1);
    }

    @Test
    void timeBeyondTheHoldIsNoData() {
        String target = name("t");
        store.finished(run(target, at(DAY, "10:00:00"), Outcome.SUCCESS), Duration.ofMinutes(10));
        store.finished(run(target, at(DAY, "11:00:00"), Outcome.FAILED), Duration.ofMinutes(10));

        DailyRollup day = rollup(target, DAY);

        assertThat(day.successMs()).isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(day.successMs() + day.degradedMs() + day.failedMs() + day.abortedMs() + day.skippedMs())
                .as("the 50 minutes past the hold count nowhere").isEqualTo(Duration.ofMinutes(10).toMillis());
    }

    @Test
    void runsOnDifferentDaysHaveTheirOwnRollups() {
        String target = name("t");
        store.finished(run(target, at(DAY, "12:00:00"), Outcome.SUCCESS), HOUR);
        store.finished(run(target, at(DAY.plusDays(2), "12:00:00"), Outcome.FAILED), HOUR);

        assertThat(store.rollups(target, DAY.minusDays(1), DAY.plusDays(3)))
                .extracting(DailyRollup::day, DailyRollup::runs, DailyRollup::success, DailyRollup::failed, DailyRollup::successMs)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DAY, 1, 1, 0, HOUR.toMillis()),
                        org.assertj.core.groups.Tuple.tuple(DAY.plusDays(2), 1, 0, 1, 0L));
        assertThat(store.rollups(target, DAY.plusDays(1), DAY.plusDays(2))).extracting(DailyRollup::day)
                .containsExactly(DAY.plusDays(2));
    }

    @Test
    void aRunLandingBetweenTwoStoredRunsTakesOverTheTimeAfterItsStart() {
        String target = name("t");
        store.finished(run(target, at(DAY, "10:00:00"), Outcome.SUCCESS), HOUR);
        store.finished(run(target, at(DAY, "10:30:00"), Outcome.SUCCESS), HOUR);
        store.finished(run(target, at(DAY, "10:10:00"), Outcome.FAILED), HOUR);

        DailyRollup day = rollup(target, DAY);

        assertThat(day.successMs()).isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(day.failedMs()).isEqualTo(Duration.ofMinutes(20).toMillis());
    }

    @Test
    void recentOnPlatformIsThePlatformsNewestRunsOfAnyTargetNewestFirst() {
        String a = name("a");
        String b = name("b");
        String platform = name("p");
        List<ProbeRun> on = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProbeRun r = run(i % 2 == 0 ? a : b, at(DAY, "10:0" + i + ":00"), Outcome.SUCCESS);
            on.add(new ProbeRun(r.id(), r.target(), platform, r.component(), r.startedAt(), r.finishedAt(), r.outcome(),
                    r.failure(), r.phases(), r.firstRequest(), r.warm(), r.workload(), r.nonceVerified(), r.canaryStartedAt(),
                    r.breaches()));
        }
        on.forEach(r -> store.finished(r, HOUR));
        store.finished(run(a, at(DAY, "10:05:00"), Outcome.FAILED), HOUR); // another platform
        store.started(new RunStarted(name("running"), a, platform, "c", at(DAY, "10:06:00"), name("node"), HOUR));

        assertThat(store.recentOnPlatform(platform, 2)).extracting(ProbeRun::id).containsExactly(on.get(2).id(), on.get(1).id());
        assertThat(store.recentOnPlatform(platform, 10)).hasSize(3);
    }

    @Test
    void aRunKeepsTheFireItWasFor() throws SQLException {
        String target = name("t");
        Instant fire = at(DAY, "10:00:00");
        store.started(new RunStarted(name("fired"), target, "local", "c", fire.plusMillis(40), name("node"), HOUR, fire));
        store.started(new RunStarted(name("by-hand"), target, "local", "c", fire.plusSeconds(5), name("node"), HOUR));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, scheduled_at FROM probe_runs WHERE target = '" + target + "' ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(name("by-hand"));
            assertThat(rs.getObject(2)).isNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(2, java.time.OffsetDateTime.class).toInstant()).isEqualTo(fire);
        }
    }

    @Test
    void aRunKeepsTheLocationItRanInFromItsStartOrWithItsFinish() {
        String target = name("t");
        Instant ten = at(DAY, "10:00:00");
        RunStarted started = startedRun(target, ten, name("node"), HOUR);
        store.started(new RunStarted(started.id(), target, "local", "c", ten, name("node"), HOUR, ten, "eu-west"));
        ProbeRun finished = run(target, ten, Outcome.FAILED);
        store.finished(new ProbeRun(started.id(), target, "local", "c", ten, ten.plusSeconds(20), Outcome.SUCCESS, null,
                finished.phases(), null, null, null, true, null, List.of(), List.of(), null), HOUR);
        ProbeRun unstarted = run(target, ten.plusSeconds(60), Outcome.FAILED).at("us-east");
        store.finished(unstarted, HOUR);
        store.finished(run(target, ten.plusSeconds(120), Outcome.SUCCESS), HOUR);

        assertThat(store.recent(target, 10)).extracting(ProbeRun::location).containsExactly(null, "us-east", "eu-west");
    }

    @Test
    void runsStartingInTheSameMicrosecondAreOrderedByIdInTheRollups() {
        // Ids order runs of one instant: "…-run-1" < "…-run-2" < "…-run-3". Five runs at 10:00
        // (the neighbour lookups must step over several equal starts), one at 10:30.
        String target = name("t");
        Instant ten = at(DAY, "10:00:00");
        List<ProbeRun> same = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            same.add(run(target, ten, i == 4 ? Outcome.FAILED : Outcome.SUCCESS));
        }
        ProbeRun later = run(target, at(DAY, "10:30:00"), Outcome.SUCCESS);
        // Stored out of order: the last of the instant first, then the later one, then the others.
        store.finished(same.get(4), HOUR);
        store.finished(later, HOUR);
        for (int i = 0; i < 4; i++) {
            store.finished(same.get(i), HOUR);
        }

        DailyRollup day = rollup(target, DAY);
        // The four successes hold for no time (the next run starts in the same instant); the
        // failure, last of its instant by id, holds until 10:30; the latest run's interval is
        // still open (no rollup holds it yet).
        assertThat(day.failedMs()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(day.successMs()).isZero();
        assertThat(day.runs()).isEqualTo(6);
        assertThat(store.recent(target, 3)).extracting(ProbeRun::id)
                .containsExactly(later.id(), same.get(4).id(), same.get(3).id());
    }

    @Test
    void storingAFinishedRunAgainReplacesItsShareOfTheRollups() {
        String target = name("t");
        ProbeRun first = run(target, at(DAY, "10:00:00"), Outcome.SUCCESS);
        store.finished(first, HOUR);
        store.finished(run(target, at(DAY, "10:20:00"), Outcome.SUCCESS), HOUR);
        ProbeRun corrected = new ProbeRun(first.id(), target, first.platform(), first.component(), first.startedAt(),
                first.finishedAt(), Outcome.FAILED, new Failure(Phase.TEARDOWN, FailureClass.TEARDOWN_FAILED, "leak"),
                new PhaseTimings(1000.0, 2000.0, 900.0, null), null, null, null, true, null, null);

        store.finished(corrected, HOUR);

        DailyRollup day = rollup(target, DAY);
        assertThat(day.runs()).isEqualTo(2);
        assertThat(List.of(day.success(), day.failed())).containsExactly(1, 1);
        assertThat(day.successMs()).isZero();
        assertThat(day.failedMs()).isEqualTo(Duration.ofMinutes(20).toMillis());
        assertThat(day.maxColdStartMs()).isEqualTo(900.0);
        assertThat(day.warmCount()).isEqualTo(1);
    }

    @Test
    void aDaysColdStartMaximumRisesWithEachRunAndFallsWhenItsRunIsStoredAgainFaster() {
        String target = name("t");
        ProbeRun slow = new ProbeRun(name("slow"), target, "local", "Local deploys", at(DAY, "09:00:00"), at(DAY, "09:01:00"),
                Outcome.SUCCESS, null, new PhaseTimings(1000.0, 2000.0, 7200.0, 50.0), null, null, null, true, null, List.of());
        store.finished(run(target, at(DAY, "08:00:00"), Outcome.SUCCESS), HOUR); // a 300 ms cold start
        store.finished(slow, HOUR);
        assertThat(rollup(target, DAY).maxColdStartMs()).isEqualTo(7200.0);

        store.finished(new ProbeRun(slow.id(), target, slow.platform(), slow.component(), slow.startedAt(), slow.finishedAt(),
                Outcome.SUCCESS, null, new PhaseTimings(1000.0, 2000.0, 100.0, 50.0), null, null, null, true, null, List.of()), HOUR);

        // the slow version is gone: the day's maximum is the other run's again
        assertThat(rollup(target, DAY).maxColdStartMs()).isEqualTo(300.0);
        assertThat(rollup(target, DAY).sumColdStartMs()).isEqualTo(400.0);
    }

    @Test
    void reopeningTheDatabaseMigratesOnceAndKeepsTheData() throws SQLException {
        ProbeRun run = run(name("t"), at(DAY, "10:00:00"), Outcome.SUCCESS);
        store.finished(run, HOUR);
        int applied = migrations(db);

        try (Database again = Database.open(storage())) {
            assertThat(again.runs().find(run.id())).contains(run);
            // Counted rather than fixed, so that each issue's new migration does not break this test.
            assertThat(migrations(again)).as("no migration applied twice").isEqualTo(applied).isGreaterThanOrEqualTo(3);
        }
    }

    /** Versioned migrations applied, failing the test unless all succeeded. */
    private static int migrations(Database database) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(CASE WHEN \"success\" THEN 1 ELSE 0 END) "
                     + "FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            rs.next();
            assertThat(rs.getInt(2)).as("all of them successful").isEqualTo(1);
            return rs.getInt(1);
        }
    }

    @Test
    void quartzJobStoreTablesExistForTheVendorsDelegate() throws SQLException {
        List<String> tables = List.of("QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_CRON_TRIGGERS",
                "QRTZ_SIMPROP_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS", "QRTZ_PAUSED_TRIGGER_GRPS",
                "QRTZ_FIRED_TRIGGERS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS");
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    assertThat(rs.next()).as(table).isTrue();
                }
            }
            // Quartz takes its cluster lock with SELECT ... FOR UPDATE on QRTZ_LOCKS rows.
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES ('" + prefix + "', 'TRIGGER_ACCESS')");
            try (ResultSet rs = s.executeQuery("SELECT LOCK_NAME FROM QRTZ_LOCKS WHERE SCHED_NAME = '" + prefix + "' FOR UPDATE")) {
                assertThat(rs.next()).isTrue();
            }
            c.rollback();
        }
        assertThat(db.vendor().quartzDelegate()).startsWith("org.quartz.impl.jdbcjobstore.");
    }

    @Test
    void concurrentFinishedRunsOfDifferentTargetsLoseNoRollupIncrements() throws Exception {
        int threads = 4;
        int runsEach = 12;
        List<String> targets = new ArrayList<>();
        List<List<ProbeRun>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String target = name("t" + t);
            targets.add(target);
            List<ProbeRun> runs = new ArrayList<>();
            for (int i = 0; i < runsEach; i++) {
                runs.add(run(target, at(DAY, "10:00:00").plus(Duration.ofMinutes(i)), Outcome.SUCCESS));
            }
            work.add(runs);
        }
        // Two more threads write one shared target's runs, six hours apart (so on different
        // days, whose rollup rows do not serialise them), even and odd ones newest first: that
        // target is written concurrently and out of order while the others run.
        String shuffled = name("shuffled");
        Duration sixHours = Duration.ofHours(6);
        for (int parity = 0; parity < 2; parity++) {
            List<ProbeRun> runs = new ArrayList<>();
            for (int i = parity; i < runsEach; i += 2) {
                runs.add(run(shuffled, at(DAY, "00:00:00").plus(sixHours.multipliedBy(i)), Outcome.FAILED));
            }
            Collections.reverse(runs);
            work.add(runs);
        }

        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (List<ProbeRun> runs : work) {
                done.add(pool.submit(() -> {
                    go.await();
                    runs.forEach(run -> store.finished(run, Duration.ofDays(1)));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long elevenMinutes = Duration.ofMinutes(runsEach - 1).toMillis();
        for (String target : targets) {
            DailyRollup day = rollup(target, DAY);
            assertThat(day.runs()).as(target).isEqualTo(runsEach);
            assertThat(day.success()).as(target).isEqualTo(runsEach);
            assertThat(day.successMs()).as(target).isEqualTo(elevenMinutes);
            assertThat(day.sumBuildMs()).as(target).isEqualTo(runsEach * 1000.0);
        }
        List<DailyRollup> shuffledDays = store.rollups(shuffled, DAY, DAY.plusDays(3));
        assertThat(shuffledDays).extracting(DailyRollup::failed).containsExactly(4, 4, 4);
        assertThat(shuffledDays).extracting(DailyRollup::failedMs)
                .containsExactly(Duration.ofDays(1).toMillis(), Duration.ofDays(1).toMillis(), Duration.ofHours(18).toMillis());
    }
}
