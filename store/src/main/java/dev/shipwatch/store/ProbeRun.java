package dev.shipwatch.store;

import java.time.Instant;
import java.util.List;

/**
 * One canary cycle of one target, as stored. Fields past {@code outcome} are null where the
 * run did not get that far.
 *
 * @param id              unique run id (also the {@code shipwatch.run} label on what it creates)
 * @param component       the status page component the target fed at the time of the run
 * @param canaryStartedAt the process start time the canary itself reported on {@code /health}
 * @param nonceVerified   whether {@code /health} answered with this run's nonce
 * @param shifts          the target's figures that had got worse than over the days before, as
 *                        the regression detector saw them when this run finished; empty when none
 * @param location        where the run probed from (its node's location); null when not recorded
 */
public record ProbeRun(String id, String target, String platform, String component,
                       Instant startedAt, Instant finishedAt, Outcome outcome, Failure failure,
                       PhaseTimings phases, FirstRequest firstRequest, WarmStats warm, Workload workload,
                       boolean nonceVerified, Instant canaryStartedAt, List<SloBreach> breaches,
                       List<FigureShift> shifts, String location) {
    public ProbeRun {
        breaches = breaches == null ? List.of() : List.copyOf(breaches);
        phases = phases == null ? PhaseTimings.NONE : phases;
        workload = workload == null ? Workload.NONE : workload;
        shifts = shifts == null ? List.of() : List.copyOf(shifts);
    }

    /** A run whose location is not recorded. */
    public ProbeRun(String id, String target, String platform, String component,
                    Instant startedAt, Instant finishedAt, Outcome outcome, Failure failure,
                    PhaseTimings phases, FirstRequest firstRequest, WarmStats warm, Workload workload,
                    boolean nonceVerified, Instant canaryStartedAt, List<SloBreach> breaches, List<FigureShift> shifts) {
        this(id, target, platform, component, startedAt, finishedAt, outcome, failure, phases, firstRequest, warm, workload,
                nonceVerified, canaryStartedAt, breaches, shifts, null);
    }

    /** A run the regression detector has not looked at (yet). */
    public ProbeRun(String id, String target, String platform, String component,
                    Instant startedAt, Instant finishedAt, Outcome outcome, Failure failure,
                    PhaseTimings phases, FirstRequest firstRequest, WarmStats warm, Workload workload,
                    boolean nonceVerified, Instant canaryStartedAt, List<SloBreach> breaches) {
        this(id, target, platform, component, startedAt, finishedAt, outcome, failure, phases, firstRequest, warm, workload,
                nonceVerified, canaryStartedAt, breaches, List.of(), null);
    }

    /** This run with the shifts the detector found. */
    public ProbeRun withShifts(List<FigureShift> found) {
        return new ProbeRun(id, target, platform, component, startedAt, finishedAt, outcome, failure, phases, firstRequest,
                warm, workload, nonceVerified, canaryStartedAt, breaches, found, location);
    }

    /** This run as probed from {@code where}. */
    public ProbeRun at(String where) {
        return new ProbeRun(id, target, platform, component, startedAt, finishedAt, outcome, failure, phases, firstRequest,
                warm, workload, nonceVerified, canaryStartedAt, breaches, shifts, where);
    }

    /** The phases that completed: {@link #phases()} without the time of the phase that failed. */
    public PhaseTimings completedPhases() {
        return failure == null ? phases : phases.without(failure.phase());
    }
}
