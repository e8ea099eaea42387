package dev.shipwatch.store;

/** Milliseconds spent in the platform phases; null where the phase was not reached. */
public record PhaseTimings(Double buildMs, Double deployMs, Double coldStartMs, Double teardownMs) {
    public static final PhaseTimings NONE = new PhaseTimings(null, null, null, null);
}
