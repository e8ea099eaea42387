package dev.shipwatch.prober.fake;

import dev.shipwatch.prober.platform.Artifact;
import dev.shipwatch.prober.platform.Deployment;
import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.prober.platform.RunContext;
import dev.shipwatch.prober.platform.TargetPlatform;
import dev.shipwatch.store.FailureClass;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A platform whose build, deploy and teardown do what a test scripts — succeed, fail with a
 * class, hang until interrupted, ignore the interrupt for a while, throw, take some time — so the
 * runner's rare paths get tests without processes. A successful deploy points the run at a
 * {@link StandInCanary}, which answers with the run's nonce.
 *
 * <pre>{@code
 * var platform = new FakePlatform(canary).on(Step.BUILD, Script.hang());
 * }</pre>
 */
public final class FakePlatform implements TargetPlatform {
    public enum Step { BUILD, DEPLOY, TEARDOWN }

    /** What one step does; see the factory methods. */
    @FunctionalInterface
    public interface Script {
        void run() throws PhaseFailure, InterruptedException;

        static Script succeed() {
            return () -> { };
        }

        static Script fail(FailureClass failureClass, String message) {
            return () -> {
                throw new PhaseFailure(failureClass, message);
            };
        }

        /** Blocks until the thread is interrupted (a timeout or a stop). */
        static Script hang() {
            return () -> new CountDownLatch(1).await();
        }

        /** Takes {@code d}, answering an interrupt like any blocking call. */
        static Script take(Duration d) {
            return () -> Thread.sleep(d.toMillis());
        }

        /** Takes {@code d} whatever happens: an interrupt is noticed only afterwards. */
        static Script ignoreInterruptFor(Duration d) {
            return () -> {
                long end = System.nanoTime() + d.toNanos();
                boolean interrupted = false;
                while (System.nanoTime() < end) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    throw new InterruptedException();
                }
            };
        }

        static Script fail(RuntimeException e) {
            return () -> {
                throw e;
            };
        }
    }

    private final StandInCanary canary;
    private final Map<Step, Script> scripts = new EnumMap<>(Step.class);
    /** What happened, in order: {@code build}, {@code deploy}, {@code teardown(artifact, deployment)}. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Steps whose thread was interrupted (they ended with an InterruptedException or the flag set). */
    public final List<Step> interrupted = new CopyOnWriteArrayList<>();

    public FakePlatform(StandInCanary canary) {
        this.canary = canary;
    }

    public FakePlatform on(Step step, Script script) {
        scripts.put(step, script);
        return this;
    }

    @Override
    public Artifact build(RunContext run) throws PhaseFailure, InterruptedException {
        calls.add("build");
        perform(Step.BUILD);
        return new Artifact("fake-" + run.runId());
    }

    @Override
    public Deployment deploy(RunContext run, Artifact artifact) throws PhaseFailure, InterruptedException {
        calls.add("deploy");
        perform(Step.DEPLOY);
        return new Deployment(canary.baseUrl(run.nonce()), "fake-" + run.runId());
    }

    @Override
    public void teardown(RunContext run, Artifact artifact, Deployment deployment) throws PhaseFailure, InterruptedException {
        calls.add("teardown(" + (artifact != null) + ", " + (deployment != null) + ")");
        perform(Step.TEARDOWN);
    }

    private void perform(Step step) throws PhaseFailure, InterruptedException {
        try {
            scripts.getOrDefault(step, Script.succeed()).run();
        } catch (InterruptedException e) {
            interrupted.add(step);
            throw e;
        }
        if (Thread.currentThread().isInterrupted()) {
            interrupted.add(step);
        }
    }

    @Override
    public int sweepOrphans() {
        return 0;
    }
}
