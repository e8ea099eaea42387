package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shipwatch.config.ConfigLoader;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.prober.platform.Platforms;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A monitor killed mid-run leaves a canary behind; the next start removes it and records the run as aborted. */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aMonitorKilledMidRunLeavesNoOrphanAndAnAbortedRunAfterTheNextStart() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.testCanary("never-healthy"), """
                schedule: 10m
                timeouts: { cold-start: 5m }
                """);
        Process monitor = TestMonitors.child(dir, Map.of("SHIPWATCH_NODE", "crash-node"), "run", "--config", config.toString());
        ProcessHandle canary;
        try {
            // The scheduled run is under way once its canary process exists (it will never become healthy).
            canary = await().atMost(Duration.ofSeconds(60)).until(() -> canaryOf(dir.resolve("data/runs")), Optional::isPresent).orElseThrow();
        } finally {
            monitor.destroyForcibly(); // SIGKILL: no shutdown hook, no teardown
            assertThat(monitor.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String runId = runIdOf(canary);
        assertThat(canary.isAlive()).as("the killed monitor left its canary running").isTrue();

        ShipwatchConfig cfg = new ConfigLoader(Platforms.builtIn(), Map.of(), dir).load(config);
        String secondRunId;
        try (Monitor restarted = new Monitor(cfg, Platforms.builtIn(), dir.resolve("data/runs"), "crash-node", Clock.systemUTC())) {
            restarted.start();
            await().atMost(Duration.ofSeconds(10)).alias("the orphan is removed during start-up").until(() -> !canary.isAlive());
            // Probe again, and stop the monitor cleanly while that run is in cold start.
            assertThat(restarted.probeNow("local-java")).isTrue();
            ProcessHandle second = await().atMost(Duration.ofSeconds(60))
                    .until(() -> canaryOf(dir.resolve("data/runs")), Optional::isPresent).orElseThrow();
            secondRunId = runIdOf(second);
        }

        try (Database db = Database.open(cfg.storage())) {
            ProbeRun run = db.runs().find(runId).orElseThrow();
            assertThat(run.outcome()).isEqualTo(Outcome.ABORTED);
            assertThat(run.failure().failureClass()).isEqualTo(FailureClass.ABORTED);
            assertThat(run.finishedAt()).isNotNull();
            // A clean stop interrupts the run in progress; it still records itself, as aborted.
            ProbeRun stopped = db.runs().find(secondRunId).orElseThrow();
            assertThat(stopped.outcome()).isEqualTo(Outcome.ABORTED);
            assertThat(stopped.failure().phase()).isEqualTo(dev.shipwatch.store.Phase.COLD_START);
        }
        assertThat(dir.resolve("data/runs").resolve(runId)).doesNotExist();
        assertThat(canaryOf(dir.resolve("data/runs"))).as("no canary outlives the stop").isEmpty();
    }

    @Test
    void killedAtRandomMomentsTheMonitorLeavesAStoreThatOpensWithEveryRunAndAlertItAcknowledged() throws Exception {
        // The bench (bench/crash) does this a thousand times; here a dozen kills, 0-6 s after each start.
        try (CrashHarness harness = new CrashHarness(dir, 10)) {
            CrashHarness.Result result = harness.kill(12, new java.util.Random(42), Duration.ofSeconds(6));

            assertThat(result.unreadable()).as("databases that did not open").isZero();
            assertThat(result.lostRuns()).as("runs logged but not stored").isEmpty();
            assertThat(result.lostAlerts()).as("alert events received but not in the outbox").isEmpty();
            assertThat(result.exitedByThemselves()).as("monitors that could not start").isEmpty();
            assertThat(result.neverUp()).as("monitors that did not come up").isEmpty();
            assertThat(result.startedUp()).as("kills that landed after start-up").isPositive();
            assertThat(result.runsStarted()).as("runs the kills cut off or let finish").isPositive();

            // A clean start after the last kill records every cut-off run as aborted.
            Process last = harness.start(dir.resolve("last.log"));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("last.log")).contains("Shipwatch is up"));
            } finally {
                last.destroy(); // SIGTERM: a clean stop
                assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(last.exitValue()).as("a stop is not a failure").isZero();
            try (Database db = Database.open(harness.storage())) {
                assertThat(harness.unfinished(db)).as("runs left running").isEmpty();
            }
        }
    }

    /** The canary process of a run under {@code runs}, found by the run id on its command line. */
    static Optional<ProcessHandle> canaryOf(Path runs) throws Exception {
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path run : dirs.toList()) {
                String marker = "-Dshipwatch.run=" + run.getFileName();
                Optional<ProcessHandle> p = ProcessHandle.allProcesses()
                        .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                        .findFirst();
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    static String runIdOf(ProcessHandle canary) {
        String cmd = canary.info().commandLine().orElseThrow();
        String id = cmd.substring(cmd.indexOf("-Dshipwatch.run=") + "-Dshipwatch.run=".length());
        return id.split(" ")[0];
    }
}
