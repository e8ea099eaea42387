package dev.shipwatch.store;

/**
 * Milliseconds spent in the platform phases; null where the phase was not reached. A phase that
 * failed or timed out is timed too, until it failed (a timed-out phase: about its limit), so a
 * broken build has a build time; {@link ProbeRun#completedPhases()} leaves that one out, for
 * figures that describe how fast the platform is when it works (rollups, reports, SLOs).
 */
public record PhaseTimings(Double buildMs, Double deployMs, Double coldStartMs, Double teardownMs) {
    public static final PhaseTimings NONE = new PhaseTimings(null, null, null, null);

    /** These timings with {@code phase}'s left out (null); the same for a phase that is not a platform phase. */
    public PhaseTimings without(Phase phase) {
        if (phase == null) {
            return this;
        }
        return switch (phase) {
            case BUILD -> new PhaseTimings(null, deployMs, coldStartMs, teardownMs);
            case DEPLOY -> new PhaseTimings(buildMs, null, coldStartMs, teardownMs);
            case COLD_START -> new PhaseTimings(buildMs, deployMs, null, teardownMs);
            case TEARDOWN -> new PhaseTimings(buildMs, deployMs, coldStartMs, null);
            default -> this;
        };
    }
}
