package dev.shipwatch.prober.canary;

import dev.shipwatch.prober.platform.PhaseFailure;

/**
 * The platform's "is the canary still there": called between {@code /health} attempts, so a
 * canary that died ends cold start at once instead of at the timeout.
 */
@FunctionalInterface
public interface AliveCheck {
    /** Throws (typically {@code CANARY_EXITED}) when the canary is gone; must be fast. */
    void check() throws PhaseFailure;

    AliveCheck ALWAYS = () -> {};
}
