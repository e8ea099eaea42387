package dev.shipwatch.store;

import java.util.Locale;

/** How a run ended. {@code RUNNING} is only ever seen on a run that has not finished yet. */
public enum Outcome {
    SUCCESS, DEGRADED, FAILED, ABORTED, SKIPPED, RUNNING;

    /** The lower-case name used in storage, JSON and the CLI. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
