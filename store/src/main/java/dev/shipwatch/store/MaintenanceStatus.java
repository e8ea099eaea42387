package dev.shipwatch.store;

import java.util.Locale;

/** A maintenance window's status, as Statuspage names it; derived from its times (see {@link Maintenance#statusAt}). */
public enum MaintenanceStatus {
    SCHEDULED, IN_PROGRESS, VERIFYING, COMPLETED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** In progress or verifying: Statuspage's "active". */
    public boolean isActive() {
        return this == IN_PROGRESS || this == VERIFYING;
    }
}
