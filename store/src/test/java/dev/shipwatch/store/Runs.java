package dev.shipwatch.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Finished runs for store tests that do not need the contract's fixtures. */
final class Runs {
    private Runs() {}

    /** A run of {@code target} started at {@code start} that took 20 s, with build, deploy and cold start timed. */
    static ProbeRun finished(String target, String id, Instant start, Outcome outcome) {
        Failure failure = outcome == Outcome.FAILED ? new Failure(Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "exit 1") : null;
        return new ProbeRun(id, target, "local", "Local deploys", start, start.plusSeconds(20), outcome, failure,
                new PhaseTimings(1000.0, 2000.0, 300.0, 50.0), null, null, null, true, null, List.of());
    }

    static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }
}
