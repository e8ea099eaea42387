package dev.shipwatch.prober.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shipwatch.config.CanarySpec;
import dev.shipwatch.config.PlatformSpec;
import dev.shipwatch.config.Schedule;
import dev.shipwatch.config.Slo;
import dev.shipwatch.config.Storage;
import dev.shipwatch.config.Target;
import dev.shipwatch.config.Timeouts;
import dev.shipwatch.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import dev.shipwatch.config.Scheduling;
import dev.shipwatch.prober.ProbeRunner;
import dev.shipwatch.prober.fake.FakePlatform;
import dev.shipwatch.prober.fake.StandInCanary;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeSchedulerTest {
    @TempDir
    Path dir;
    Database db;
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @BeforeEach
    void openDatabase() {
        db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("db"), "", ""));
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    private ProbeScheduler scheduler(ProbeScheduler.TargetRunner runner) throws Exception {
        return scheduler(4, runner);
    }

    private ProbeScheduler scheduler(int threads, ProbeScheduler.TargetRunner runner) throws Exception {
        return new ProbeScheduler(new ProbeScheduler.Settings("test", "test-node", db.vendor().quartzDelegate(), false, threads,
                Duration.ofSeconds(7)), db.dataSource(), runner);
    }

    /** A runner that only does {@code run}; a stop does nothing to it. */
    static ProbeScheduler.TargetRunner runner(java.util.function.Consumer<String> run) {
        return new ProbeScheduler.TargetRunner() {
            @Override
            public void run(String target, Instant scheduledAt) {
                run.accept(target);
            }

            @Override
            public void abortAll() {}
        };
    }

    private void count(String target) {
        runs.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
    }

    private int runsOf(String target) {
        return runs.getOrDefault(target, new AtomicInteger()).get();
    }

    static Target target(String name, Schedule schedule) {
        Timeouts t = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        return new Target(name, name, new PlatformSpec("local", Map.of()), new CanarySpec(Path.of("canary"), null),
                schedule, 1, t, Slo.NONE);
    }

    @Test
    void runsEachTargetAgainAndAgainOnItsInterval() throws Exception {
        try (ProbeScheduler s = scheduler(runner(this::count))) {
            s.sync(List.of(target("a", Schedule.every(Duration.ofMillis(100))), target("b", Schedule.every(Duration.ofMillis(150)))));
            s.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("a") >= 3 && runsOf("b") >= 3);
        }
    }

    @Test
    void neverRunsOneTargetTwiceAtTheSameTime() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        try (ProbeScheduler s = scheduler(runner(name -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300); // the "probe" outlasts several intervals; this is the work, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                count(name);
            }
        }))) {
            s.sync(List.of(target("slow", Schedule.every(Duration.ofMillis(50)))));
            s.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("slow") >= 3);
        }
        assertThat(maxInFlight.get()).isEqualTo(1);
    }

    @Test
    void aRunMissedWhileTheMonitorWasDownFiresOnceNotOncePerMissedInterval() throws Exception {
        // A long interval keeps the next regular fire far away, so what we count is only the
        // misfire handling, however loaded the machine is.
        Target every = target("missed", Schedule.every(Duration.ofMinutes(10)));
        try (ProbeScheduler first = scheduler(runner(this::count))) {
            first.sync(List.of(every)); // stored, never started: the monitor "went down"
        }
        // Sixty intervals pass while the monitor is down.
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = ? WHERE TRIGGER_NAME = 'missed'")) {
            ps.setLong(1, System.currentTimeMillis() - Duration.ofMinutes(600).toMillis());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try (ProbeScheduler second = scheduler(runner(this::count))) {
            second.sync(List.of(every)); // same schedule: the stored trigger is kept, so misfire rules apply
            second.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("missed") >= 1);
            // No replay of the other 59: the count stays at one.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> runsOf("missed") == 1);
        }
    }

    @Test
    void eachLocationsSchedulerKeepsItsOwnJobsAndGenerationInTheSharedTables() throws Exception {
        assertThat(ProbeScheduler.nameFor("shipwatch", "default")).isEqualTo("shipwatch");
        assertThat(ProbeScheduler.nameFor("shipwatch", "eu-west")).isEqualTo("shipwatch@eu-west");
        java.util.function.Function<String, ProbeScheduler> at = location -> {
            try {
                return new ProbeScheduler(new ProbeScheduler.Settings(ProbeScheduler.nameFor("test", location), "node-" + location,
                        db.vendor().quartzDelegate(), false, 1, Duration.ofSeconds(7)), db.dataSource(), runner(t -> { }));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        try (ProbeScheduler eu = at.apply("eu"); ProbeScheduler us = at.apply("us")) {
            Schedule hourly = Schedule.every(Duration.ofHours(1));
            assertThat(eu.sync(List.of(target("both", hourly), target("eu-only", hourly)), 3)).isEqualTo(ProbeScheduler.SyncResult.APPLIED);
            // us is at generation 1: eu's generation 3 does not make it an older config
            assertThat(us.sync(List.of(target("both", hourly)), 1)).isEqualTo(ProbeScheduler.SyncResult.APPLIED);
            assertThat(eu.sync(List.of(target("both", hourly), target("eu-only", hourly)), 3))
                    .isEqualTo(ProbeScheduler.SyncResult.UNCHANGED);
            try (Connection c = db.dataSource().getConnection();
                 var rs = c.createStatement().executeQuery("SELECT SCHED_NAME, JOB_NAME FROM QRTZ_JOB_DETAILS ORDER BY SCHED_NAME, JOB_NAME")) {
                List<String> jobs = new java.util.ArrayList<>();
                while (rs.next()) {
                    jobs.add(rs.getString(1) + "/" + rs.getString(2));
                }
                assertThat(jobs).containsExactly("test@eu/both", "test@eu/eu-only", "test@us/both");
            }
        }
    }

    @Test
    void syncDropsTargetsNoLongerConfiguredAndReschedulesChangedOnes() throws Exception {
        try (ProbeScheduler s = scheduler(runner(this::count))) {
            s.sync(List.of(target("kept", Schedule.every(Duration.ofHours(1))), target("gone", Schedule.every(Duration.ofHours(1)))));
            s.sync(List.of(target("kept", Schedule.cron("0 0 3 * * ?"))));
            try (Connection c = db.dataSource().getConnection();
                 var rs = c.createStatement().executeQuery("SELECT TRIGGER_NAME, TRIGGER_TYPE FROM QRTZ_TRIGGERS ORDER BY TRIGGER_NAME")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("kept");
                assertThat(rs.getString(2)).isEqualTo("CRON");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // without the stop reaching the run, close() would wait forever
    void closingAsksARunningProbeToStopWithoutInterruptingItsThreadAndWaitsForIt() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger ended = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        // One target, one thread: the case where Quartz's own shutdown would wait for the probe.
        ProbeScheduler s = scheduler(1, new ProbeScheduler.TargetRunner() {
            @Override
            public void run(String target, Instant scheduledAt) {
                running.countDown();
                try {
                    stop.await(); // a probe that only ends when asked to
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
                if (Thread.currentThread().isInterrupted()) {
                    interrupted.incrementAndGet();
                }
                ended.incrementAndGet();
            }

            @Override
            public void abortAll() {
                stop.countDown();
            }
        });
        s.sync(List.of(target("long", Schedule.every(Duration.ofHours(1)))));
        s.start();
        assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        s.close();
        assertThat(ended.get()).as("close() returned after the run ended").isEqualTo(1);
        assertThat(interrupted.get()).as("the worker, which stores the run, is never interrupted").isZero();
    }

    @Test
    void targetsScheduledTogetherAreSpreadOverTheirInterval() throws Exception {
        List<Target> targets = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            targets.add(target("t" + i, Schedule.every(Duration.ofMinutes(10))));
        }
        long before = System.currentTimeMillis();
        try (ProbeScheduler s = scheduler(runner(this::count))) {
            s.sync(targets);
        }
        List<Long> fires = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS ORDER BY NEXT_FIRE_TIME")) {
            while (rs.next()) {
                fires.add(rs.getLong(1) - before);
            }
        }
        assertThat(fires).hasSize(10);
        // One every minute: the first now, the last nine minutes from now.
        for (int k = 0; k < 10; k++) {
            assertThat(fires.get(k)).isBetween(Duration.ofMinutes(k).toMillis(), Duration.ofMinutes(k).toMillis() + 5_000);
        }
    }

    @Test
    void fortyTargetsWhoseDeployTakesTwentySecondsAllStartOnTimeWithTheDefaultConcurrency() throws Exception {
        // Forty targets due in the same second every minute (a cron schedule: no spreading), each
        // run spending 20 s in deploy, as PaaS deploys do: with too few workers the later ones
        // would start 20 s late.
        ZonedDateTime due = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        Schedule everyMinute = Schedule.cron(due.getSecond() + " * * * * ?");
        List<Target> targets = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Target t = target("slow-deploy-" + i, everyMinute);
            targets.add(new Target(t.name(), t.component(), t.platform(), t.canary(), t.schedule(), 1,
                    new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(40), Duration.ofSeconds(5), Duration.ofSeconds(5),
                            Duration.ofSeconds(5)), Slo.NONE));
        }
        Map<String, Duration> lateness = new ConcurrentHashMap<>();
        Map<String, ProbeRun> finished = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        try (StandInCanary canary = new StandInCanary();
             ProbeRunner probes = new ProbeRunner(dir.resolve("runs"), "test", Clock.systemUTC())) {
            FakePlatform platform = new FakePlatform(canary).on(FakePlatform.Step.DEPLOY, FakePlatform.Script.take(Duration.ofSeconds(20)));
            ProbeScheduler.TargetRunner runner = new ProbeScheduler.TargetRunner() {
                @Override
                public void run(String name, Instant scheduledAt) {
                    lateness.put(name, Duration.between(scheduledAt, Instant.now()));
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        Target t = targets.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
                        finished.put(name, probes.run(t, platform, null));
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }

                @Override
                public void abortAll() {
                    probes.abortAll();
                }
            };
            try (ProbeScheduler s = scheduler(Scheduling.DEFAULT_MAX_CONCURRENT_RUNS, runner)) {
                s.sync(targets);
                s.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> finished.size() == 40);
            }
        }
        assertThat(maxInFlight.get()).as("all forty in deploy at once").isEqualTo(40);
        assertThat(lateness.values()).as("each run started within a second of its fire time")
                .allSatisfy(late -> assertThat(late).isLessThan(Duration.ofSeconds(1)));
        assertThat(finished.values()).extracting(ProbeRun::outcome).containsOnly(Outcome.SUCCESS);
    }
}
