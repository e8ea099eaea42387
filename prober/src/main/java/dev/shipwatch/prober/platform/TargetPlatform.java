package dev.shipwatch.prober.platform;

/**
 * Where a canary is built and deployed. One instance serves one target; the runner calls
 * {@code build}, {@code deploy}, then always {@code teardown}, each on the runner's thread and
 * under the phase's timeout: when the timeout passes the runner interrupts the thread, so
 * blocking calls must respond to interruption (or be bounded by the timeout themselves).
 *
 * <p>Everything a run creates must be findable from its run id alone (a label, a directory
 * name), so that {@link #sweepOrphans()} can remove what a crashed monitor left behind.
 */
public interface TargetPlatform extends AutoCloseable {
    /** Turns the canary source into something deployable; the real build, timed as the build phase. */
    Artifact build(RunContext run) throws PhaseFailure, InterruptedException;

    /** Starts the artifact with the run's environment; returns once the platform says it runs. */
    Deployment deploy(RunContext run, Artifact artifact) throws PhaseFailure, InterruptedException;

    /**
     * Throws when the deployed canary is known to be dead, so that a cold start stops at once
     * instead of polling until its timeout. The runner calls it between health polls: it must be
     * cheap and must not block. The default knows nothing and never throws.
     */
    default void checkRunning(RunContext run, Deployment deployment) throws PhaseFailure {}

    /**
     * Removes everything this run created. Called after every run that got past the start of
     * {@code build}, also after failures and timeouts; {@code artifact} and {@code deployment}
     * are null where those phases did not complete, so implementations also clean up by run id.
     */
    void teardown(RunContext run, Artifact artifact, Deployment deployment) throws PhaseFailure, InterruptedException;

    /** Removes canaries and artifacts left by runs that are not running any more; returns how many. */
    int sweepOrphans();

    @Override
    default void close() {}
}
