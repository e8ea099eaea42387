package dev.shipwatch.store;

import java.util.Locale;
import java.util.Optional;

/**
 * A component status as Statuspage names it (docs/statuspage-api.md), best first. Incidents set
 * these on components; the status page derives them from runs and maintenance.
 */
public enum ComponentState {
    OPERATIONAL, UNDER_MAINTENANCE, DEGRADED_PERFORMANCE, PARTIAL_OUTAGE, MAJOR_OUTAGE;

    /** The exact wire string, e.g. {@code partial_outage}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value for a wire string, or empty when it is not one (input is validated with this). */
    public static Optional<ComponentState> fromWire(String wire) {
        for (ComponentState s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
