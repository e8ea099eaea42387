package dev.shipwatch.store;

import java.util.Locale;
import java.util.Optional;

/** An incident's impact, as Statuspage names it (maintenance uses {@code maintenance}, not stored here). */
public enum IncidentImpact {
    NONE, MINOR, MAJOR, CRITICAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<IncidentImpact> fromWire(String wire) {
        for (IncidentImpact s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
