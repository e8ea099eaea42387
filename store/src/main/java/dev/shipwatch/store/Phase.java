package dev.shipwatch.store;

import java.util.Locale;

/** The fixed phases of one canary cycle, in order. */
public enum Phase {
    BUILD, DEPLOY, COLD_START, FIRST_REQUEST, WARM_REQUESTS, WORKLOAD, TEARDOWN;

    /** The snake_case name used in storage, JSON and the CLI, e.g. {@code cold_start}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
