package dev.shipwatch.prober;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.Slo;
import dev.shipwatch.config.Target;
import dev.shipwatch.config.Timeouts;
import dev.shipwatch.prober.platform.Artifact;
import dev.shipwatch.prober.platform.Deployment;
import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.prober.platform.RunContext;
import dev.shipwatch.prober.platform.TargetPlatform;
import dev.shipwatch.prober.platform.local.LocalPlatformFactory;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import dev.shipwatch.store.SloBreach;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full cycles on the local platform: real javac, real canary processes, real HTTP. */
class ProbeRunnerTest {
    @TempDir
    Path workRoot;

    private ProbeRunner runner;
    private final Recorder observer = new Recorder();

    @BeforeEach
    void startRunner() {
        runner = new ProbeRunner(workRoot, "test-node", Clock.systemUTC());
    }

    @AfterEach
    void stopRunner() {
        runner.close();
    }

    @Test
    void aFullCycleOfTheRealCanarySucceedsAndLeavesNothingBehind() {
        Target target = TestTargets.local("local-java", TestTargets.REAL_CANARY);
        var platform = new Watched(target, workRoot);

        ProbeRun run = runner.run(target, platform, observer);

        assertThat(run.failure()).isNull();
        assertThat(run.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(run.nonceVerified()).isTrue();
        assertThat(run.id()).matches("\\d{8}t\\d{6}-local-java-[0-9a-z]{6}");
        assertThat(run.phases().buildMs()).isPositive();
        assertThat(run.phases().deployMs()).isPositive();
        assertThat(run.phases().coldStartMs()).isPositive();
        assertThat(run.phases().teardownMs()).isPositive();
        assertThat(run.firstRequest().totalMs()).isPositive();
        assertThat(run.firstRequest().status()).isEqualTo(200);
        assertThat(run.warm().count()).isEqualTo(target.requests());
        assertThat(run.workload().fsOpsPerS()).isPositive();
        assertThat(run.canaryStartedAt()).isBetween(run.startedAt().minusSeconds(1), run.finishedAt());
        assertThat(run.breaches()).isEmpty();
        assertThat(observer.started.get().maxHold()).isEqualTo(Duration.ofMinutes(2));
        assertThat(observer.started.get().node()).isEqualTo("test-node");
        assertThat(observer.phases).containsExactly("build:ok", "deploy:ok", "cold_start:ok", "first_request:ok",
                "warm_requests:ok", "workload:ok", "teardown:ok");
        assertThat(observer.finished.get()).isEqualTo(run);
        assertThat(platform.canaryAlive()).as("canary alive after teardown").isFalse();
        assertThat(workRoot.resolve(run.id())).doesNotExist();
    }

    @Test
    void aCanaryThatDoesNotCompileFailsTheBuildWithTheCompilersMessage() {
        Target target = TestTargets.local("broken", TestTargets.fixture("broken"));

        ProbeRun run = runner.run(target, new Watched(target, workRoot), observer);

        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.failure().phase()).isEqualTo(Phase.BUILD);
        assertThat(run.failure().failureClass()).isEqualTo(FailureClass.BUILD_FAILED);
        assertThat(run.failure().message()).isEqualTo("Canary.java:4: error: ';' expected");
        assertThat(observer.phases).containsExactly("build:failed", "teardown:ok");
        // A failed build is timed (until it failed), but it is no completed build.
        assertThat(run.phases().buildMs()).isPositive();
        assertThat(run.completedPhases().buildMs()).isNull();
        assertThat(run.phases().deployMs()).isNull();
        assertThat(workRoot.resolve(run.id())).doesNotExist();
    }

    @Test
    void aBuildThatHangsPastItsLimitTimesOutAndIsTimedAtAboutTheLimit() {
        Timeouts t = TestTargets.GENEROUS;
        Target target = TestTargets.local("hangs", TestTargets.REAL_CANARY,
                new Timeouts(Duration.ofMillis(300), t.deploy(), t.coldStart(), t.request(), t.teardown()), Slo.NONE);
        TargetPlatform hangs = new TargetPlatform() {
            @Override
            public Artifact build(RunContext run) throws InterruptedException {
                new CountDownLatch(1).await(); // until the runner interrupts it at the limit
                throw new AssertionError("not interrupted");
            }

            @Override
            public Deployment deploy(RunContext run, Artifact artifact) {
                throw new AssertionError("deploy after a failed build");
            }

            @Override
            public void teardown(RunContext run, Artifact artifact, Deployment d) {}

            @Override
            public int sweepOrphans() {
                return 0;
            }
        };

        ProbeRun run = runner.run(target, hangs, observer);

        assertFailure(run, Phase.BUILD, FailureClass.BUILD_TIMEOUT);
        assertThat(run.phases().buildMs()).isBetween(300.0, 5_000.0);
        assertThat(run.phases().teardownMs()).isNotNull();
        assertThat(run.completedPhases().buildMs()).isNull();
    }

    @Test
    void aCanaryThatNeverBecomesHealthyTimesOutAndIsKilled() {
        Target target = TestTargets.local("unhealthy", TestTargets.fixture("unhealthy"),
                TestTargets.withColdStart(Duration.ofMillis(1500)), Slo.NONE);
        var platform = new Watched(target, workRoot);

        ProbeRun run = runner.run(target, platform, observer);

        assertFailure(run, Phase.COLD_START, FailureClass.HEALTH_TIMEOUT);
        assertThat(run.nonceVerified()).isFalse();
        assertThat(observer.phases).containsExactly("build:ok", "deploy:ok", "cold_start:failed", "teardown:ok");
        assertThat(platform.canaryAlive()).as("canary alive after teardown").isFalse();
        assertThat(workRoot.resolve(run.id())).doesNotExist();
    }

    @Test
    void aCanaryServingAnotherRunsNonceIsTheWrongVersion() {
        Target target = TestTargets.local("stale", TestTargets.fixture("stale"),
                TestTargets.withColdStart(Duration.ofSeconds(2)), Slo.NONE);

        ProbeRun run = runner.run(target, new Watched(target, workRoot), observer);

        assertFailure(run, Phase.COLD_START, FailureClass.WRONG_VERSION);
        assertThat(run.failure().message()).contains("0123456789abcdef0123456789abcdef");
    }

    @Test
    void aCanaryThatExitsAtOnceEndsColdStartWithoutWaitingForTheTimeout() {
        Target target = TestTargets.local("exits", TestTargets.fixture("exits"),
                TestTargets.withColdStart(Duration.ofSeconds(30)), Slo.NONE);

        ProbeRun run = runner.run(target, new Watched(target, workRoot), observer);

        assertFailure(run, Phase.COLD_START, FailureClass.CANARY_EXITED);
        assertThat(run.failure().message()).isEqualTo("canary exited with code 3: fatal: cannot read settings");
        assertThat(Duration.between(run.startedAt(), run.finishedAt())).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aRunThatMissesAnObjectiveIsDegradedWithTheBreach() {
        Slo impossible = new Slo(null, null, Duration.ofMillis(1), null, null, null);
        Target target = TestTargets.local("slow", TestTargets.REAL_CANARY, TestTargets.GENEROUS, impossible);

        ProbeRun run = runner.run(target, new Watched(target, workRoot), observer);

        assertThat(run.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(run.failure()).isNull();
        assertThat(run.breaches()).singleElement().satisfies(b -> {
            assertThat(b.objective()).isEqualTo("cold-start");
            assertThat(b.limit()).isEqualTo("1ms");
            assertThat(b.actual()).isEqualTo(SloCheck.millis(run.phases().coldStartMs()));
        });
    }

    @Test
    void interruptingTheRunnerDuringColdStartAbortsTheRunAfterTearingDown() throws Exception {
        Target target = TestTargets.local("aborted", TestTargets.fixture("unhealthy"),
                TestTargets.withColdStart(Duration.ofSeconds(30)), Slo.NONE);
        var platform = new Watched(target, workRoot);
        var deployed = new CountDownLatch(1);
        var result = new AtomicReference<ProbeRun>();
        var interruptKept = new AtomicBoolean();
        RunObserver signalling = new RunObserver() {
            @Override
            public void phaseDone(RunStarted run, Phase phase, double ms, boolean ok) {
                observer.phaseDone(run, phase, ms, ok);
                if (phase == Phase.DEPLOY) {
                    deployed.countDown();
                }
            }
        };
        Thread monitor = new Thread(() -> {
            result.set(runner.run(target, platform, signalling));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        monitor.start();
        assertThat(deployed.await(60, TimeUnit.SECONDS)).isTrue();

        monitor.interrupt();
        monitor.join(20_000);

        ProbeRun run = result.get();
        assertThat(run).isNotNull();
        assertThat(run.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(run.failure().phase()).isEqualTo(Phase.COLD_START);
        assertThat(run.failure().failureClass()).isEqualTo(FailureClass.ABORTED);
        assertThat(interruptKept).isTrue();
        assertThat(observer.phases).containsExactly("build:ok", "deploy:ok", "cold_start:failed", "teardown:ok");
        assertThat(platform.canaryAlive()).as("canary alive after teardown").isFalse();
        assertThat(Duration.between(run.startedAt(), run.finishedAt())).isLessThan(Duration.ofSeconds(30));
    }

    private static void assertFailure(ProbeRun run, Phase phase, FailureClass failureClass) {
        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.failure()).extracting(Failure::phase, Failure::failureClass).containsExactly(phase, failureClass);
    }

    /** Records what the runner reports, in order. */
    static final class Recorder implements RunObserver {
        final AtomicReference<RunStarted> started = new AtomicReference<>();
        final AtomicReference<ProbeRun> finished = new AtomicReference<>();
        final List<String> phases = new CopyOnWriteArrayList<>();

        @Override
        public void started(RunStarted run) {
            started.set(run);
        }

        @Override
        public void phaseDone(RunStarted run, Phase phase, double ms, boolean ok) {
            phases.add(phase.wire() + (ok ? ":ok" : ":failed"));
        }

        @Override
        public void finished(ProbeRun run) {
            finished.set(run);
        }
    }

    /** The real local platform, remembering the canary it deployed so a test can check it is gone. */
    static final class Watched implements TargetPlatform {
        private final TargetPlatform local;
        private final AtomicReference<Deployment> deployment = new AtomicReference<>();

        Watched(Target target, Path workRoot) {
            this.local = new LocalPlatformFactory().create(target, workRoot);
        }

        boolean canaryAlive() {
            assertThat(deployment.get()).as("deployment").isNotNull();
            return ProcessHandle.of(Long.parseLong(deployment.get().handle())).map(ProcessHandle::isAlive).orElse(false);
        }

        @Override
        public Artifact build(RunContext run) throws PhaseFailure, InterruptedException {
            return local.build(run);
        }

        @Override
        public Deployment deploy(RunContext run, Artifact artifact) throws PhaseFailure, InterruptedException {
            Deployment d = local.deploy(run, artifact);
            deployment.set(d);
            return d;
        }

        @Override
        public void checkRunning(RunContext run, Deployment d) throws PhaseFailure {
            local.checkRunning(run, d);
        }

        @Override
        public void teardown(RunContext run, Artifact artifact, Deployment d) throws PhaseFailure, InterruptedException {
            local.teardown(run, artifact, d);
        }

        @Override
        public int sweepOrphans() {
            return local.sweepOrphans();
        }
    }
}
