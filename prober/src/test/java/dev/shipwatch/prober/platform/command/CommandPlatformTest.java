package dev.shipwatch.prober.platform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shipwatch.config.CanarySpec;
import dev.shipwatch.config.PlatformSpec;
import dev.shipwatch.config.Schedule;
import dev.shipwatch.config.Slo;
import dev.shipwatch.config.Target;
import dev.shipwatch.config.Timeouts;
import dev.shipwatch.prober.ProbeRunner;
import dev.shipwatch.prober.TestTargets;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.SloBreach;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole cycles through the runner with real shell scripts that build and start the real canary. */
class CommandPlatformTest {
    private static final Path SCRIPTS = Path.of("src/test/resources/commands").toAbsolutePath();
    private static final String API_KEY = "sk-live-4f9a2c7e51d0";

    @TempDir
    Path dir;
    private Path workRoot;
    private Path marker;
    private ProbeRunner runner;

    @BeforeEach
    void start() throws Exception {
        workRoot = Files.createDirectories(dir.resolve("runs"));
        marker = dir.resolve("teardowns.txt");
        runner = new ProbeRunner(workRoot, "test-node", Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    @Test
    void aCycleBuildsDeploysAndTearsDownTheRealCanaryAndChecksTheFsObjective() throws Exception {
        // An objective no canary meets: the run must come out degraded by exactly this breach.
        Slo fsObjective = new Slo(null, null, null, null, null, 1e12);
        Target target = target(Map.of(
                "build", "sh " + SCRIPTS.resolve("build.sh"),
                "deploy", "sh " + SCRIPTS.resolve("deploy.sh"),
                "url", "last-line",
                "teardown", "sh " + SCRIPTS.resolve("teardown.sh")), TestTargets.GENEROUS, fsObjective);

        ProbeRun run = runner.run(target, platform(target), null);

        assertThat(run.failure()).isNull();
        assertThat(run.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(run.nonceVerified()).isTrue();
        assertThat(run.phases().buildMs()).isPositive();
        assertThat(run.phases().deployMs()).isPositive();
        assertThat(run.phases().coldStartMs()).isPositive();
        assertThat(run.phases().teardownMs()).isPositive();
        assertThat(run.warm().count()).isEqualTo(target.requests());
        assertThat(run.workload().fsOpsPerS()).isPositive();
        assertThat(run.breaches()).extracting(SloBreach::objective).containsExactly("fs-ops-per-s");
        assertThat(run.breaches().get(0).limit()).isEqualTo("1000000000000");
        // Teardown got the URL the deploy step printed, and the canary it stopped is gone.
        String teardown = Files.readString(marker).strip();
        assertThat(teardown).matches(run.id() + " url=http://127\\.0\\.0\\.1:\\d+");
        assertThat(workRoot.resolve(run.id())).doesNotExist();
        int port = Integer.parseInt(teardown.replaceAll(".*:", ""));
        await().atMost(Duration.ofSeconds(10)).until(() -> !listening(port));
    }

    @Test
    void aFailingDeployFailsWithItsOutputTailSecretsMaskedAndTeardownStillRuns() throws Exception {
        Target target = target(Map.of(
                "deploy", "sh " + SCRIPTS.resolve("failing-deploy.sh"),
                "url", "last-line",
                "teardown", "sh " + SCRIPTS.resolve("teardown.sh"),
                "env", Map.of("API_KEY", API_KEY)), TestTargets.GENEROUS, Slo.NONE);

        ProbeRun run = runner.run(target, platform(target), null);

        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.failure().phase()).isEqualTo(Phase.DEPLOY);
        assertThat(run.failure().failureClass()).isEqualTo(FailureClass.DEPLOY_FAILED);
        assertThat(run.failure().message())
                .startsWith("deploy step exited with code 3:")
                .contains("authenticating with key ***")
                .contains("(token ***)")
                .contains("error: quota exceeded: 3 of 3 apps in use")
                .doesNotContain(API_KEY);
        assertThat(Files.readString(marker)).isEqualTo(run.id() + " url=\n");
        assertThat(workRoot.resolve(run.id())).doesNotExist();
    }

    @Test
    void aDeployStepPastItsTimeoutIsKilledWithEveryProcessItStarted() throws Exception {
        Path pids = dir.resolve("pids.txt");
        Timeouts shortDeploy = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
        Target target = target(Map.of(
                "deploy", "sh " + SCRIPTS.resolve("hanging-deploy.sh"),
                "url", "last-line",
                "teardown", "sh " + SCRIPTS.resolve("teardown.sh"),
                "env", Map.of("PIDS_FILE", pids.toString())), shortDeploy, Slo.NONE);

        ProbeRun run = runner.run(target, platform(target), null);

        assertThat(run.failure().phase()).isEqualTo(Phase.DEPLOY);
        assertThat(run.failure().failureClass()).isEqualTo(FailureClass.DEPLOY_TIMEOUT);
        assertThat(run.failure().message()).contains("did not finish within")
                .contains("every process it started were killed").contains("waiting for the platform to release");
        List<Long> started = Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
        assertThat(started).hasSize(4);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(started).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ShellStep::running))
                        .as("pid %d", pid).isEmpty()));
        assertThat(Files.readString(marker)).startsWith(run.id());
    }

    @Test
    void aDeployThatPrintsNoUrlFailsAndAFailingBuildStopsBeforeDeploy() throws Exception {
        Target noUrl = target(Map.of(
                "deploy", "echo 'released v42'; echo 'see the dashboard' >&2",
                "url", "Visit (https?://\\S+)",
                "teardown", "sh " + SCRIPTS.resolve("teardown.sh")), TestTargets.GENEROUS, Slo.NONE);
        ProbeRun run = runner.run(noUrl, platform(noUrl), null);
        assertThat(run.failure().failureClass()).isEqualTo(FailureClass.DEPLOY_FAILED);
        assertThat(run.failure().message()).isEqualTo("deploy step printed no http(s) canary URL (url: Visit (https?://\\S+)):\n"
                + "released v42\n[stderr]\nsee the dashboard");

        Target badBuild = target(Map.of(
                "build", "echo 'Canary.java:3: error: ; expected' >&2; exit 1",
                "deploy", "echo should-not-run >>" + marker,
                "url", "last-line",
                "teardown", "sh " + SCRIPTS.resolve("teardown.sh")), TestTargets.GENEROUS, Slo.NONE);
        ProbeRun failed = runner.run(badBuild, platform(badBuild), null);
        assertThat(failed.failure().phase()).isEqualTo(Phase.BUILD);
        assertThat(failed.failure().failureClass()).isEqualTo(FailureClass.BUILD_FAILED);
        assertThat(failed.failure().message()).isEqualTo("build step exited with code 1:\n[stderr]\nCanary.java:3: error: ; expected");
        assertThat(Files.readAllLines(marker)).containsExactly(run.id() + " url=", failed.id() + " url=");
    }

    @Test
    void stepsSeeTheRunsVariablesAndOnlyTheMonitorVariablesCLIsNeed() throws Exception {
        Target target = target(Map.of("deploy", "x", "url", "last-line", "teardown", "x", "env", Map.of("REGION", "fra")),
                TestTargets.GENEROUS, Slo.NONE);
        var platform = new CommandPlatform(target, CommandSettings.of(target.platform().settings()),
                Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/monitor", "SHIPWATCH_DB_PASSWORD", "hunter22"));
        var run = new dev.shipwatch.prober.platform.RunContext("20261122t101502-cmd-abcdef", target, "nonce-1", "token-1",
                workRoot.resolve("20261122t101502-cmd-abcdef"));

        Map<String, String> env = platform.env(run, Map.of());

        assertThat(env).containsEntry("PATH", "/usr/bin:/bin").containsEntry("HOME", "/home/monitor")
                .containsEntry("REGION", "fra")
                .containsEntry("SHIPWATCH_RUN_ID", "20261122t101502-cmd-abcdef")
                .containsEntry("SHIPWATCH_TARGET", "cmd")
                .containsEntry("CANARY_NONCE", "nonce-1")
                .containsEntry("CANARY_TOKEN", "token-1")
                .containsEntry("SHIPWATCH_RUN_DIR", run.workDir().toAbsolutePath().toString())
                .doesNotContainKey("SHIPWATCH_DB_PASSWORD");
    }

    private Target target(Map<String, Object> settings, Timeouts timeouts, Slo slo) {
        var s = new LinkedHashMap<String, Object>(settings);
        if (s.get("env") instanceof Map<?, ?> env) {
            var withMarker = new LinkedHashMap<Object, Object>(env);
            withMarker.put("TEARDOWN_MARKER", marker.toString());
            s.put("env", withMarker);
        } else {
            s.put("env", Map.of("TEARDOWN_MARKER", marker.toString()));
        }
        assertThat(new CommandPlatformFactory().validate(s)).isEmpty();
        return new Target("cmd", "Command", new PlatformSpec("command", s),
                new CanarySpec(TestTargets.REAL_CANARY, null), Schedule.every(Duration.ofMinutes(5)), 5, timeouts, slo);
    }

    private CommandPlatform platform(Target target) {
        return (CommandPlatform) new CommandPlatformFactory().create(target, workRoot);
    }

    private static boolean listening(int port) {
        try (var s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
