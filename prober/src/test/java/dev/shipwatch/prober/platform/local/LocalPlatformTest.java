package dev.shipwatch.prober.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.Target;
import dev.shipwatch.prober.TestTargets;
import dev.shipwatch.prober.platform.Deployment;
import dev.shipwatch.prober.platform.RunContext;
import dev.shipwatch.prober.platform.TargetPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPlatformTest {
    @TempDir
    Path workRoot;

    private final Target target = TestTargets.local("sweep", TestTargets.fixture("unhealthy"));

    @Test
    void settingsAreRejectedBecauseTheLocalPlatformHasNone() {
        assertThat(new LocalPlatformFactory().validate(Map.of("image", "x", "cpu", 1)))
                .containsExactly("unknown key \"cpu\"", "unknown key \"image\"");
        assertThat(new LocalPlatformFactory().validate(Map.of())).isEmpty();
    }

    @Test
    void sweepKillsTheCanaryOfADeadMonitorAndLeavesRunsOfALiveOneAlone() throws Exception {
        TargetPlatform platform = new LocalPlatformFactory().create(target, workRoot);
        RunContext orphan = context("20261122t101502-sweep-orphan");
        RunContext live = context("20261122t101503-sweep-livexx");
        Deployment orphanCanary = platform.deploy(orphan, platform.build(orphan));
        Deployment liveCanary = platform.deploy(live, platform.build(live));
        ProcessHandle orphanPid = ProcessHandle.of(Long.parseLong(orphanCanary.handle())).orElseThrow();
        ProcessHandle livePid = ProcessHandle.of(Long.parseLong(liveCanary.handle())).orElseThrow();
        try {
            // The orphan's monitor "crashed": its pid file names a process that has exited.
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            new PidFile(target.name(), orphanPid.pid(), gone.pid(), -1).write(orphan.workDir());

            // A fresh platform instance, as after a restart: it knows only the run directories.
            int removed = new LocalPlatformFactory().create(target, workRoot).sweepOrphans();

            assertThat(removed).isEqualTo(1);
            assertThat(orphanPid.isAlive()).as("orphaned canary alive").isFalse();
            assertThat(orphan.workDir()).doesNotExist();
            assertThat(livePid.isAlive()).as("canary of a live monitor alive").isTrue();
            assertThat(live.workDir().resolve(PidFile.NAME)).exists();
        } finally {
            platform.teardown(live, null, null);
            platform.teardown(orphan, null, null);
        }
        assertThat(livePid.isAlive()).isFalse();
        assertThat(live.workDir()).doesNotExist();
    }

    @Test
    void sweepLeavesAProcessAloneWhenItsPidWasReusedByAnotherProgram() throws Exception {
        // A dead monitor's pid file naming a pid that now belongs to something else (this JVM's child).
        Process unrelated = new ProcessBuilder("sleep", "30").start();
        try {
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            RunContext run = context("20261122t101504-sweep-reused");
            new PidFile(target.name(), unrelated.pid(), gone.pid(), -1).write(run.workDir());

            assertThat(new LocalPlatformFactory().create(target, workRoot).sweepOrphans()).isEqualTo(1);

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(run.workDir()).doesNotExist();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    private RunContext context(String runId) throws Exception {
        Path dir = Files.createDirectories(workRoot.resolve(runId));
        return new RunContext(runId, target, "n-" + runId, "secret-token", dir);
    }
}
