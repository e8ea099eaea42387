package dev.shipwatch.config;

import java.util.Locale;

/** Who may read the SLA reports on the status page ({@code status-page.reports}). */
public enum ReportAccess {
    /** Anyone: linked from the page like the history. */
    PUBLIC,
    /** Only requests carrying the admin bearer token; without a token configured, nobody (no routes). */
    ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
