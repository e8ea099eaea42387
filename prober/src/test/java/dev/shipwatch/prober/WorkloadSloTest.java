package dev.shipwatch.prober;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.Slo;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.local.LocalPlatformFactory;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.SloBreach;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-system objective end to end on the local platform: the real canary's /work/fs figure
 * reaches the run and is compared with {@code slo.fs-ops-per-s}. (The command and container
 * platforms check the same in their own cycle tests.)
 */
class WorkloadSloTest {
    @TempDir
    Path workRoot;

    @Test
    void aCanaryReportingFewerFileOpsThanTheObjectiveMakesTheRunDegraded() {
        Slo unreachable = new Slo(null, null, null, null, null, 1e12);
        Target target = TestTargets.local("fs-slo", TestTargets.REAL_CANARY, TestTargets.GENEROUS, unreachable);

        ProbeRun run;
        try (var runner = new ProbeRunner(workRoot, "test-node", Clock.systemUTC())) {
            run = runner.run(target, new LocalPlatformFactory().create(target, workRoot), null);
        }

        assertThat(run.failure()).isNull();
        assertThat(run.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(run.workload().fsOpsPerS()).isPositive();
        assertThat(run.workload().cpuMs()).isPositive();
        assertThat(run.breaches()).containsExactly(new SloBreach("fs-ops-per-s", "1000000000000",
                Long.toString(Math.round(run.workload().fsOpsPerS()))));
    }
}
