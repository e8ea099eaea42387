package dev.shipwatch.alerting;

import dev.shipwatch.config.AlertPolicy;
import dev.shipwatch.store.AlertState;
import dev.shipwatch.store.ProbeRun;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The paging decision for one subject, as a pure function of its stored state and its recent
 * counted runs. Deciding from stored runs each time (rather than from counters kept in memory)
 * makes start-up reconciliation, the periodic re-evaluation and every node reach the same
 * answer, and makes a repeated evaluation harmless.
 */
final class Policy {
    private Policy() {}

    /**
     * A counted run and how the subject's rule judges it.
     *
     * @param severity      the severity it pages at when bad
     * @param inMaintenance whether it started inside a maintenance window of its component
     */
    record Judged(ProbeRun run, boolean bad, String severity, boolean inMaintenance) {}

    enum Action { TRIGGER, ESCALATE, RESOLVE }

    /**
     * @param cause     the newest bad run (trigger and escalate)
     * @param bad       bad runs in the window
     * @param window    runs the window held
     * @param countFrom for a resolve: runs up to this start no longer count towards a trigger
     */
    record Decision(Action action, Judged cause, String severity, int bad, int window, Instant countFrom) {}

    /**
     * @param runs           counted runs, newest first (aborted, skipped and runs the subject does
     *                       not judge are already left out)
     * @param maintenanceNow whether the subject is in maintenance now: then nothing changes
     */
    static Optional<Decision> decide(AlertState state, AlertPolicy policy, List<Judged> runs, boolean maintenanceNow) {
        if (maintenanceNow) {
            // Never page in maintenance; an alert open when the window started is left alone and
            // decided again once the window is over.
            return Optional.empty();
        }
        List<Judged> window = runs.stream()
                .filter(j -> state.countFrom() == null || j.run().startedAt().isAfter(state.countFrom()))
                .filter(j -> !j.inMaintenance())
                .limit(policy.window())
                .toList();
        List<Judged> bad = window.stream().filter(Judged::bad).toList();
        String severity = bad.stream().map(Judged::severity).min(Policy::bySeverity).orElse(null);
        if (!state.open()) {
            if (bad.size() >= policy.failures()) {
                return Optional.of(new Decision(Action.TRIGGER, bad.get(0), severity, bad.size(), window.size(), null));
            }
            return Optional.empty();
        }
        // Recovery looks at the newest runs whatever their time: a healthy run in maintenance is
        // still evidence that the target works.
        List<Judged> last = runs.stream().limit(policy.recoverAfter()).toList();
        if (last.size() == policy.recoverAfter() && last.stream().noneMatch(Judged::bad)) {
            return Optional.of(new Decision(Action.RESOLVE, null, null, 0, last.size(), last.get(0).run().startedAt()));
        }
        if (severity != null && bad.size() >= policy.failures() && state.severity() != null
                && bySeverity(severity, state.severity()) < 0) {
            // A warning (degraded) alert whose target now fails outright: raise it on the same key.
            return Optional.of(new Decision(Action.ESCALATE, bad.get(0), severity, bad.size(), window.size(), null));
        }
        return Optional.empty();
    }

    /** Most severe first: critical < error < warning < info. */
    static int bySeverity(String a, String b) {
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(String severity) {
        int i = dev.shipwatch.config.AlertPolicy.SEVERITIES.indexOf(severity);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
