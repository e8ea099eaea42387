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
import java.time.Duration;
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
        return new ProbeScheduler("test", db.dataSource(), db.vendor().quartzDelegate(), false, 4, runner);
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
        try (ProbeScheduler s = scheduler(this::count)) {
            s.sync(List.of(target("a", Schedule.every(Duration.ofMillis(100))), target("b", Schedule.every(Duration.ofMillis(150)))));
            s.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("a") >= 3 && runsOf("b") >= 3);
        }
    }

    @Test
    void neverRunsOneTargetTwiceAtTheSameTime() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        try (ProbeScheduler s = scheduler(name -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300); // the "probe" outlasts several intervals; this is the work, not synchronisation
            } finally {
                inFlight.decrementAndGet();
                count(name);
            }
        })) {
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
        try (ProbeScheduler first = scheduler(this::count)) {
            first.sync(List.of(every)); // stored, never started: the monitor "went down"
        }
        // Sixty intervals pass while the monitor is down.
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = ? WHERE TRIGGER_NAME = 'missed'")) {
            ps.setLong(1, System.currentTimeMillis() - Duration.ofMinutes(600).toMillis());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try (ProbeScheduler second = scheduler(this::count)) {
            second.sync(List.of(every)); // same schedule: the stored trigger is kept, so misfire rules apply
            second.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("missed") >= 1);
            // No replay of the other 59: the count stays at one.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> runsOf("missed") == 1);
        }
    }

    @Test
    void syncDropsTargetsNoLongerConfiguredAndReschedulesChangedOnes() throws Exception {
        try (ProbeScheduler s = scheduler(this::count)) {
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
    void closingInterruptsARunningProbeAndWaitsForIt() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        ProbeScheduler s = scheduler(name -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(); // a probe that only ends when interrupted
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        });
        s.sync(List.of(target("long", Schedule.every(Duration.ofHours(1)))));
        s.start();
        assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        s.close();
        assertThat(interrupted.get()).isEqualTo(1);
    }
}
