package dev.shipwatch.store;

import java.util.Locale;
import java.util.Optional;

/** An incident's (and each update's) status, as Statuspage names it. */
public enum IncidentStatus {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED, POSTMORTEM;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Resolved and postmortem incidents are over: their component overrides no longer apply. */
    public boolean isClosed() {
        return this == RESOLVED || this == POSTMORTEM;
    }

    public static Optional<IncidentStatus> fromWire(String wire) {
        for (IncidentStatus s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
