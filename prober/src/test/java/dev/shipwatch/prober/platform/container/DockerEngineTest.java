package dev.shipwatch.prober.platform.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.Target;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The container platform against a real Docker Engine: a {@code dockerd} of the test's own
 * (see {@link Dockerd}), so that "Docker or Podman" is tested, not assumed. Docker runs each
 * container on the runtime it asks for, so runc and runsc share one engine here.
 */
class DockerEngineTest extends ContainerEngineContract {
    private Dockerd dockerd;

    @Override
    TestEngine startEngine() throws Exception {
        dockerd = Dockerd.start();
        return dockerd;
    }

    @Test
    void aFullCycleOnRunscOnTheSameEngineSucceeds() {
        Assumptions.assumeTrue(dockerd.hasRunsc(),
                "runsc (gVisor) is not installed: the Docker Engine's runsc test skipped (apt-get install -y runsc)");
        Target target = target("docker-runsc", bundled, Map.of("host", host(), "runtime", "runsc"));

        ProbeRun run = cycle(target, null);

        assertThat(run.failure()).isNull();
        assertThat(run.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(run.workload().fs().openReadPerS()).isPositive();
        assertNothingLeft(run);
    }
}
