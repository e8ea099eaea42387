package dev.shipwatch.prober.platform.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.Artifact;
import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.prober.platform.RunContext;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.ProbeRun;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container platform against a real Podman service (runc), plus what only Podman shows: a
 * memory limit's kill, gVisor's runsc as a service's runtime, and Podman's Docker API ignoring
 * the runtime a client asks for.
 */
class ContainerPlatformTest extends ContainerEngineContract {
    @Override
    TestEngine startEngine() throws Exception {
        return Podman.start();
    }

    @Test
    void aCanaryOverItsMemoryLimitFailsColdStartAsOom() {
        Target target = target("container-oom", bundled, Map.of("host", host(), "memory", "8m"));

        ProbeRun run = cycle(target, null);

        assertThat(run.failure().phase()).isEqualTo(Phase.COLD_START);
        assertThat(run.failure().failureClass()).isEqualTo(FailureClass.OOM);
        assertThat(run.failure().message()).startsWith("canary container was killed for exceeding its memory limit of 8m");
        assertNothingLeft(run);
    }

    @Test
    void aFullCycleOnGvisorsRunscSucceedsWithTheFileSystemProfile() throws Exception {
        try (Podman gvisor = Podman.startWithRunsc()) {
            Target target = target("container-runsc", bundled, Map.of("host", gvisor.host(), "runtime", "runsc"));

            ProbeRun run = cycle(target, null);

            assertThat(run.failure()).isNull();
            assertThat(run.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(run.nonceVerified()).isTrue();
            assertThat(run.workload().fs().openReadPerS()).isPositive();
            assertThat(run.workload().fs().statMissingPerS()).isPositive();
            assertThat(run.workload().fs().createFsyncPerS()).isPositive();
            assertThat(run.workload().fs().listPerS()).isPositive();
            assertNothingLeft(run);
        }
    }

    @Test
    void aRuntimeThePodmanServiceKnowsButDoesNotRunFailsDeployInsteadOfMeasuringRunc() throws Exception {
        String target = "ignored-rt-" + Long.toString(System.nanoTime(), 36);
        String runId = "20261122t101504-ignored-runtime";
        String image = tinyImage(tinyContext(), target, runId, Owner.thisProcess().label());
        Target t = target(target, dir.resolve("tiny"), Map.of("host", host(), "runtime", "runsc"));
        try (var platform = new ContainerPlatformFactory().create(t, dir)) {
            var run = new RunContext(runId, t, "nonce", "token", Files.createDirectories(dir.resolve(runId)));

            assertThatThrownBy(() -> platform.deploy(run, new Artifact(image)))
                    .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.DEPLOY_FAILED))
                    .hasMessage("the engine at " + host() + " would run the canary with runtime \"runc\", not \"runsc\": "
                            + "Podman's Docker API ignores the runtime a client asks for (HostConfig.Runtime) and runs its "
                            + "default one; point this target's host at a Podman service whose containers.conf sets "
                            + "[engine] runtime = \"runsc\"");

            platform.teardown(run, new Artifact(image), null);
        } finally {
            removeEverythingOf(target);
        }
    }
}
