package dev.shipwatch.prober;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.CanarySpec;
import dev.shipwatch.config.PlatformSpec;
import dev.shipwatch.config.Schedule;
import dev.shipwatch.config.Slo;
import dev.shipwatch.config.Target;
import dev.shipwatch.config.Timeouts;
import dev.shipwatch.prober.fake.FakePlatform;
import dev.shipwatch.prober.fake.FakePlatform.Script;
import dev.shipwatch.prober.fake.FakePlatform.Step;
import dev.shipwatch.prober.fake.StandInCanary;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The runner's rare paths, scripted on {@link FakePlatform}: timeouts, failures, internal errors, stops. */
class RunnerPathsTest {
    private static final Timeouts SHORT = new Timeouts(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofMillis(300));
    private static StandInCanary canary;

    @TempDir
    Path workRoot;
    private ProbeRunner runner;
    private final ProbeRunnerTest.Recorder observer = new ProbeRunnerTest.Recorder();

    @BeforeAll
    static void startCanary() throws Exception {
        canary = new StandInCanary();
    }

    @AfterAll
    static void stopCanary() {
        canary.close();
    }

    @BeforeEach
    void startRunner() {
        runner = new ProbeRunner(workRoot, "test-node", Clock.systemUTC());
    }

    @AfterEach
    void stopRunner() {
        runner.close();
    }

    static Target target(String name) {
        return new Target(name, name, new PlatformSpec("fake", Map.of()), new CanarySpec(Path.of("canary"), null),
                Schedule.every(Duration.ofMinutes(1)), 3, SHORT, Slo.NONE);
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("a build that hangs times out", Step.BUILD, Script.hang(),
                        Phase.BUILD, FailureClass.BUILD_TIMEOUT, "build did not finish within 300ms",
                        List.of("build", "teardown(false, false)"), List.of("build:failed", "teardown:ok")),
                Arguments.of("a build that ignores its interrupt still times out, and teardown waits for it", Step.BUILD,
                        Script.ignoreInterruptFor(Duration.ofSeconds(1)),
                        Phase.BUILD, FailureClass.BUILD_TIMEOUT, "build did not finish within 300ms",
                        List.of("build", "teardown(false, false)"), List.of("build:failed", "teardown:ok")),
                Arguments.of("a deploy the platform rejects", Step.DEPLOY, Script.fail(FailureClass.DEPLOY_FAILED, "quota exceeded"),
                        Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "quota exceeded",
                        List.of("build", "deploy", "teardown(true, false)"), List.of("build:ok", "deploy:failed", "teardown:ok")),
                Arguments.of("a deploy that hangs times out", Step.DEPLOY, Script.hang(),
                        Phase.DEPLOY, FailureClass.DEPLOY_TIMEOUT, "deploy did not finish within 300ms",
                        List.of("build", "deploy", "teardown(true, false)"), List.of("build:ok", "deploy:failed", "teardown:ok")),
                Arguments.of("a build that throws is an internal error", Step.BUILD, Script.fail(new IllegalStateException("bug")),
                        Phase.BUILD, FailureClass.INTERNAL, "IllegalStateException: bug",
                        List.of("build", "teardown(false, false)"), List.of("build:failed", "teardown:ok")),
                Arguments.of("a teardown that fails fails a run that otherwise worked", Step.TEARDOWN,
                        Script.fail(FailureClass.TEARDOWN_FAILED, "container still there"),
                        Phase.TEARDOWN, FailureClass.TEARDOWN_FAILED, "container still there",
                        List.of("build", "deploy", "teardown(true, true)"),
                        List.of("build:ok", "deploy:ok", "cold_start:ok", "first_request:ok", "warm_requests:ok", "workload:ok",
                                "teardown:failed")),
                Arguments.of("a teardown that hangs fails the run", Step.TEARDOWN, Script.hang(),
                        Phase.TEARDOWN, FailureClass.TEARDOWN_FAILED, "teardown did not finish within 300ms",
                        List.of("build", "deploy", "teardown(true, true)"),
                        List.of("build:ok", "deploy:ok", "cold_start:ok", "first_request:ok", "warm_requests:ok", "workload:ok",
                                "teardown:failed")),
                Arguments.of("a teardown that throws is an internal error", Step.TEARDOWN, Script.fail(new IllegalArgumentException("npe")),
                        Phase.TEARDOWN, FailureClass.INTERNAL, "IllegalArgumentException: npe",
                        List.of("build", "deploy", "teardown(true, true)"),
                        List.of("build:ok", "deploy:ok", "cold_start:ok", "first_request:ok", "warm_requests:ok", "workload:ok",
                                "teardown:failed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void aScriptedStepEndsTheRunAsExpected(String name, Step step, Script script, Phase phase, FailureClass failureClass,
                                           String message, List<String> calls, List<String> phases) {
        FakePlatform platform = new FakePlatform(canary).on(step, script);

        ProbeRun run = runner.run(target("t"), platform, observer);

        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.failure().phase()).isEqualTo(phase);
        assertThat(run.failure().failureClass()).isEqualTo(failureClass);
        assertThat(run.failure().message()).isEqualTo(message);
        assertThat(platform.calls).containsExactlyElementsOf(calls);
        assertThat(observer.phases).containsExactlyElementsOf(phases);
        assertThat(observer.finished.get()).isEqualTo(run);
    }

    @Test
    void aRunOnTheStandInSucceedsThroughEveryPhase() {
        ProbeRun run = runner.run(target("ok"), new FakePlatform(canary), observer);

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(run.nonceVerified()).isTrue();
        assertThat(run.warm().count()).isEqualTo(3);
        assertThat(observer.phases).containsExactly("build:ok", "deploy:ok", "cold_start:ok", "first_request:ok",
                "warm_requests:ok", "workload:ok", "teardown:ok");
    }

    @Test
    void aStopAbortsTheRunWithoutInterruptingTheThreadThatRunsIt() throws Exception {
        CountDownLatch deploying = new CountDownLatch(1);
        FakePlatform platform = new FakePlatform(canary).on(Step.DEPLOY, () -> {
            deploying.countDown();
            new CountDownLatch(1).await();
        });
        Target patient = new Target("stop", "stop", new PlatformSpec("fake", Map.of()), new CanarySpec(Path.of("canary"), null),
                Schedule.every(Duration.ofMinutes(1)), 3,
                new Timeouts(SHORT.build(), Duration.ofMinutes(1), SHORT.coldStart(), SHORT.request(), SHORT.teardown()), Slo.NONE);
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        CompletableFuture<ProbeRun> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            result.complete(runner.run(patient, platform, observer));
            interruptedAfter.complete(Thread.currentThread().isInterrupted());
        });
        worker.start();
        assertThat(deploying.await(10, TimeUnit.SECONDS)).isTrue();

        runner.abortAll();

        ProbeRun run = result.get(20, TimeUnit.SECONDS);
        assertThat(run.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(run.failure().phase()).isEqualTo(Phase.DEPLOY);
        assertThat(run.failure().failureClass()).isEqualTo(FailureClass.ABORTED);
        assertThat(platform.calls).containsExactly("build", "deploy", "teardown(true, false)");
        assertThat(platform.interrupted).as("the deploy's worker was interrupted").containsExactly(Step.DEPLOY);
        assertThat(interruptedAfter.get()).as("the run's own thread is left uninterrupted").isFalse();
        assertThat(observer.phases).containsExactly("build:ok", "deploy:failed", "teardown:ok");
    }

    @Test
    void aRunStartedAfterAStopIsAbortedBeforeItsFirstPhase() {
        runner.abortAll();
        FakePlatform platform = new FakePlatform(canary);

        ProbeRun run = runner.run(target("late"), platform, observer);

        assertThat(run.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(run.failure().phase()).isEqualTo(Phase.BUILD);
        assertThat(platform.calls).containsExactly("teardown(false, false)");
        assertThat(observer.started.get()).extracting(RunStarted::target).isEqualTo("late");
    }
}
