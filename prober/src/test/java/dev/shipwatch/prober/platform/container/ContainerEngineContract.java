package dev.shipwatch.prober.platform.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import dev.shipwatch.config.CanarySpec;
import dev.shipwatch.config.PlatformSpec;
import dev.shipwatch.config.Schedule;
import dev.shipwatch.config.Slo;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.ProbeRunner;
import dev.shipwatch.prober.RunObserver;
import dev.shipwatch.prober.TestTargets;
import dev.shipwatch.prober.platform.Artifact;
import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.prober.platform.RunContext;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the container platform does on every Docker-API engine, run once per real engine
 * (Podman's service, a Docker daemon). Image builds are slow on a small machine: the contract
 * builds the bundled canary once (a full cycle on runc, asked for by name) plus tiny contexts;
 * each engine adds what is its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerEngineContract {
    /** The class's own (a PER_CLASS instance gets its @TempDir fields only per test). */
    private Path shared;
    Path bundled;
    TestEngine engineUnderTest;
    DockerClient engine;

    @TempDir
    Path dir;

    /** Starts the engine under test, or aborts (skips) the class saying why. */
    abstract TestEngine startEngine() throws Exception;

    @BeforeAll
    void startTheEngine() throws Exception {
        engineUnderTest = startEngine();
        shared = Files.createTempDirectory("shipwatch-engine-test");
        bundled = TestEngine.bundledContext(shared.resolve("bundled"));
        engine = ContainerPlatformFactory.client(engineUnderTest.host(), target("probe", bundled, Map.of()));
    }

    @AfterAll
    void stopTheEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (engineUnderTest != null) {
            engineUnderTest.close();
        }
        if (shared != null) {
            TestEngine.deleteTree(shared);
        }
    }

    String host() {
        return engineUnderTest.host();
    }

    @Test
    void aFullCycleOfTheBundledCanaryOnRuncSucceedsAndLeavesNoContainerOrImage() {
        Target target = target("container-java", bundled, Map.of("host", host(), "runtime", "runc"));
        var published = new CopyOnWriteArrayList<Container>();
        RunObserver whileRunning = new RunObserver() {
            @Override
            public void phaseDone(RunStarted run, Phase phase, double ms, boolean ok) {
                if (phase == Phase.COLD_START) {
                    published.addAll(engine.listContainersCmd().withLabelFilter(Map.of("shipwatch.run", run.id())).exec());
                }
            }
        };

        ProbeRun run = cycle(target, whileRunning);

        assertThat(run.failure()).isNull();
        assertThat(run.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(run.nonceVerified()).isTrue();
        assertThat(run.phases().buildMs()).isPositive();
        assertThat(run.phases().deployMs()).isPositive();
        assertThat(run.phases().coldStartMs()).isPositive();
        assertThat(run.warm().count()).isEqualTo(target.requests());
        assertThat(run.workload().fsOpsPerS()).isPositive();
        assertThat(run.workload().fs().openReadPerS()).isPositive();
        assertThat(run.workload().fs().createFsyncPerS()).isPositive();
        assertThat(run.breaches()).isEmpty(); // the objective (1 op/s) was checked and met
        // While it ran: one container, labelled, its port published on 127.0.0.1 only.
        assertThat(published).singleElement().satisfies(c -> {
            assertThat(c.getLabels()).containsEntry("shipwatch.run", run.id()).containsEntry("shipwatch.target", "container-java")
                    .containsKey("shipwatch.owner");
            assertThat(c.getPorts()).extracting(ContainerPort::getIp).containsOnly("127.0.0.1");
        });
        // Afterwards: nothing of the run is left.
        assertNothingLeft(run);
    }

    @Test
    void aRuntimeTheEngineDoesNotKnowFailsDeployNamingTheRuntimesItHas() throws Exception {
        String target = "unknown-rt-" + Long.toString(System.nanoTime(), 36);
        Path tiny = tinyContext();
        String runId = "20261122t101501-unknown-runtime";
        String image = tinyImage(tiny, target, runId, Owner.thisProcess().label());
        Target t = target(target, tiny, Map.of("host", host(), "runtime", "runsx"));
        try (var platform = new ContainerPlatformFactory().create(t, dir)) {
            var run = new RunContext(runId, t, "nonce", "token", Files.createDirectories(dir.resolve(runId)));

            assertThatThrownBy(() -> platform.deploy(run, new Artifact(image)))
                    .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.DEPLOY_FAILED))
                    .hasMessageStartingWith("runtime \"runsx\" is not known to the engine at " + host() + " (it has: ")
                    .hasMessageContaining("runc");

            platform.teardown(run, new Artifact(image), null);
        }
        assertThat(engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("shipwatch.target", target)).exec()).isEmpty();
        assertThat(ContainerPlatform.listImages(engine, Map.of("shipwatch.target", target))).isEmpty();
    }

    @Test
    void aBrokenBuildContextFailsTheBuildWithTheEnginesLogLines() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("hello.txt"), "hello\n");
        Files.writeString(broken.resolve("Containerfile"), """
                FROM scratch
                COPY hello.txt /hello.txt
                COPY missing-binary /app/canary
                """);
        Target target = target("container-broken", broken, Map.of("host", host()));

        ProbeRun run = cycle(target, null);

        assertThat(run.failure().phase()).isEqualTo(Phase.BUILD);
        assertThat(run.failure().failureClass()).isEqualTo(FailureClass.BUILD_FAILED);
        assertThat(run.failure().message()).startsWith("image build failed: ").contains("missing-binary")
                .contains("COPY hello.txt /hello.txt");
        assertThat(ContainerPlatform.listImages(engine, Map.of("shipwatch.run", run.id()))).isEmpty();
    }

    @Test
    void theSweepRemovesWhatADeadMonitorLeftAndSparesALiveOnesRuns() throws Exception {
        // A target of its own: the engine's storage outlives test runs, and the sweep works per target.
        String sweep = "sweep-" + Long.toString(System.nanoTime(), 36);
        Path tiny = tinyContext();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String deadOwner = new Owner(Owner.thisProcess().host(), gone.pid(), -1).label();
        Process live = new ProcessBuilder("sleep", "60").start();
        try {
            String liveOwner = new Owner(Owner.thisProcess().host(), live.pid(), -1).label();
            String orphanImage = tinyImage(tiny, sweep, "20261122t101502-sweep-orphan", deadOwner);
            String liveImage = tinyImage(tiny, sweep, "20261122t101503-sweep-liveon", liveOwner);
            String orphanContainer = engine.createContainerCmd(orphanImage)
                    .withLabels(Map.of("shipwatch.run", "20261122t101502-sweep-orphan", "shipwatch.target", sweep,
                            "shipwatch.owner", deadOwner)).exec().getId();
            String liveContainer = engine.createContainerCmd(liveImage)
                    .withLabels(Map.of("shipwatch.run", "20261122t101503-sweep-liveon", "shipwatch.target", sweep,
                            "shipwatch.owner", liveOwner)).exec().getId();

            int removed;
            try (var platform = new ContainerPlatformFactory().create(target(sweep, tiny, Map.of("host", host())), dir)) {
                removed = platform.sweepOrphans();
            }

            assertThat(removed).isEqualTo(2);
            List<String> containers = engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("shipwatch.target", sweep))
                    .exec().stream().map(Container::getId).toList();
            assertThat(containers).containsExactly(liveContainer).doesNotContain(orphanContainer);
            assertThat(ContainerPlatform.listImages(engine, Map.of("shipwatch.target", sweep)))
                    .singleElement().satisfies(i -> assertThat(i.getId().replace("sha256:", "")).startsWith(liveImage));
        } finally {
            live.destroy();
            removeEverythingOf(sweep);
        }
    }

    // --- helpers --------------------------------------------------------------------------

    void assertNothingLeft(ProbeRun run) {
        assertThat(engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("shipwatch.run", run.id())).exec()).isEmpty();
        assertThat(ContainerPlatform.listImages(engine, Map.of("shipwatch.run", run.id()))).isEmpty();
    }

    void removeEverythingOf(String target) {
        engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("shipwatch.target", target)).exec()
                .forEach(c -> engine.removeContainerCmd(c.getId()).withForce(true).exec());
        ContainerPlatform.listImages(engine, Map.of("shipwatch.target", target))
                .forEach(i -> engine.removeImageCmd(i.getId()).withForce(true).exec());
    }

    /** A context of one small file, built in a moment; its image cannot run (no program in it). */
    Path tinyContext() throws Exception {
        Path tiny = Files.createDirectories(dir.resolve("tiny"));
        Files.writeString(tiny.resolve("hello.txt"), "hello\n");
        Files.writeString(tiny.resolve("Containerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\nCMD [\"/none\"]\n");
        return tiny;
    }

    String tinyImage(Path context, String target, String runId, String owner) throws InterruptedException {
        var log = new BuildLog();
        engine.buildImageCmd().withBaseDirectory(context.toFile()).withDockerfile(context.resolve("Containerfile").toFile())
                .withTags(java.util.Set.of("shipwatch-canary:" + runId))
                .withLabels(Map.of("shipwatch.run", runId, "shipwatch.target", target, "shipwatch.owner", owner))
                .exec(log).awaitCompletion();
        assertThat(log.error()).isNull();
        return log.imageId();
    }

    ProbeRun cycle(Target target, RunObserver observer) {
        try (var runner = new ProbeRunner(dir.resolve("runs"), "test-node", Clock.systemUTC());
             var platform = new ContainerPlatformFactory().create(target, dir.resolve("runs"))) {
            return runner.run(target, platform, observer);
        }
    }

    static Target target(String name, Path context, Map<String, Object> settings) {
        return new Target(name, "Containers", new PlatformSpec("container", new HashMap<>(settings)), new CanarySpec(context, null),
                Schedule.every(Duration.ofMinutes(5)), 5, TestTargets.GENEROUS, new Slo(null, null, null, null, null, 1.0));
    }
}
