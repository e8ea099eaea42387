package dev.shipwatch.prober.platform.container;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container platform against a real Podman service. Image builds are slow on a small
 * machine: the suite builds the bundled canary twice (a full cycle, an out-of-memory kill) plus
 * two tiny contexts.
 */
class ContainerPlatformTest {
    @TempDir
    static Path shared;
    private static Podman podman;
    private static Path bundled;
    private static DockerClient engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPodman() throws Exception {
        podman = Podman.start();
        bundled = Podman.bundledContext(shared.resolve("bundled"));
        engine = ContainerPlatformFactory.client(podman.host(), target("probe", bundled, Map.of()));
    }

    @AfterAll
    static void stopPodman() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (podman != null) {
            podman.close();
        }
    }

    @Test
    void aFullCycleOfTheBundledCanarySucceedsAndLeavesNoContainerOrImage() {
        Target target = target("container-java", bundled, Map.of("host", podman.host()));
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
        assertThat(run.breaches()).isEmpty(); // the objective (1 op/s) was checked and met
        // While it ran: one container, labelled, its port published on 127.0.0.1 only.
        assertThat(published).singleElement().satisfies(c -> {
            assertThat(c.getLabels()).containsEntry("shipwatch.run", run.id()).containsEntry("shipwatch.target", "container-java")
                    .containsKey("shipwatch.owner");
            assertThat(c.getPorts()).extracting(ContainerPort::getIp).containsOnly("127.0.0.1");
        });
        // Afterwards: nothing of the run is left.
        assertThat(engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("shipwatch.run", run.id())).exec()).isEmpty();
        assertThat(engine.listImagesCmd().withLabelFilter(Map.of("shipwatch.run", run.id())).exec()).isEmpty();
    }

    @Test
    void aCanaryOverItsMemoryLimitFailsColdStartAsOom() {
        Target target = target("container-oom", bundled, Map.of("host", podman.host(), "memory", "8m"));

        ProbeRun run = cycle(target, null);

        assertThat(run.failure().phase()).isEqualTo(Phase.COLD_START);
        assertThat(run.failure().failureClass()).isEqualTo(FailureClass.OOM);
        assertThat(run.failure().message()).startsWith("canary container was killed for exceeding its memory limit of 8m");
        assertThat(engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("shipwatch.run", run.id())).exec()).isEmpty();
        assertThat(engine.listImagesCmd().withLabelFilter(Map.of("shipwatch.run", run.id())).exec()).isEmpty();
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
        Target target = target("container-broken", broken, Map.of("host", podman.host()));

        ProbeRun run = cycle(target, null);

        assertThat(run.failure().phase()).isEqualTo(Phase.BUILD);
        assertThat(run.failure().failureClass()).isEqualTo(FailureClass.BUILD_FAILED);
        assertThat(run.failure().message()).startsWith("image build failed: ").contains("missing-binary")
                .contains("COPY hello.txt /hello.txt");
        assertThat(engine.listImagesCmd().withLabelFilter(Map.of("shipwatch.run", run.id())).exec()).isEmpty();
    }

    @Test
    void theSweepRemovesWhatADeadMonitorLeftAndSparesALiveOnesRuns() throws Exception {
        Path tiny = Files.createDirectories(dir.resolve("tiny"));
        Files.writeString(tiny.resolve("hello.txt"), "hello\n");
        Files.writeString(tiny.resolve("Containerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\nCMD [\"/none\"]\n");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String deadOwner = new Owner(Owner.thisProcess().host(), gone.pid(), -1).label();
        Process live = new ProcessBuilder("sleep", "60").start();
        try {
            String liveOwner = new Owner(Owner.thisProcess().host(), live.pid(), -1).label();
            String orphanImage = tinyImage(tiny, "20261122t101502-sweep-orphan", deadOwner);
            String liveImage = tinyImage(tiny, "20261122t101503-sweep-liveon", liveOwner);
            String orphanContainer = engine.createContainerCmd(orphanImage)
                    .withLabels(Map.of("shipwatch.run", "20261122t101502-sweep-orphan", "shipwatch.target", "sweep",
                            "shipwatch.owner", deadOwner)).exec().getId();
            String liveContainer = engine.createContainerCmd(liveImage)
                    .withLabels(Map.of("shipwatch.run", "20261122t101503-sweep-liveon", "shipwatch.target", "sweep",
                            "shipwatch.owner", liveOwner)).exec().getId();

            int removed;
            try (var platform = new ContainerPlatformFactory().create(target("sweep", tiny, Map.of("host", podman.host())), dir)) {
                removed = platform.sweepOrphans();
            }

            assertThat(removed).isEqualTo(2);
            List<String> containers = engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("shipwatch.target", "sweep"))
                    .exec().stream().map(Container::getId).toList();
            assertThat(containers).containsExactly(liveContainer).doesNotContain(orphanContainer);
            assertThat(engine.listImagesCmd().withLabelFilter(Map.of("shipwatch.target", "sweep")).exec())
                    .singleElement().satisfies(i -> assertThat(i.getId().replace("sha256:", "")).startsWith(liveImage));
        } finally {
            live.destroy();
            engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("shipwatch.target", "sweep")).exec()
                    .forEach(c -> engine.removeContainerCmd(c.getId()).withForce(true).exec());
            engine.listImagesCmd().withLabelFilter(Map.of("shipwatch.target", "sweep")).exec()
                    .forEach(i -> engine.removeImageCmd(i.getId()).withForce(true).exec());
        }
    }

    private String tinyImage(Path context, String runId, String owner) throws InterruptedException {
        var log = new BuildLog();
        engine.buildImageCmd().withBaseDirectory(context.toFile()).withDockerfile(context.resolve("Containerfile").toFile())
                .withTags(java.util.Set.of("shipwatch-canary:" + runId))
                .withLabels(Map.of("shipwatch.run", runId, "shipwatch.target", "sweep", "shipwatch.owner", owner))
                .exec(log).awaitCompletion();
        assertThat(log.error()).isNull();
        return log.imageId();
    }

    private ProbeRun cycle(Target target, RunObserver observer) {
        try (var runner = new ProbeRunner(dir.resolve("runs"), "test-node", Clock.systemUTC());
             var platform = new ContainerPlatformFactory().create(target, dir.resolve("runs"))) {
            return runner.run(target, platform, observer);
        }
    }

    static Target target(String name, Path context, Map<String, Object> settings) {
        return new Target(name, "Containers", new PlatformSpec("container", settings), new CanarySpec(context, null),
                Schedule.every(Duration.ofMinutes(5)), 5, TestTargets.GENEROUS, new Slo(null, null, null, null, null, 1.0));
    }
}
