package dev.shipwatch.statuspage;

import java.util.Locale;

/**
 * A component's status, worst last. The first four are Statuspage's enum values; {@link #NO_DATA}
 * is ours: a component without runs is never shown as up.
 */
enum ComponentStatus {
    NO_DATA("No data", "?", "No data yet"),
    OPERATIONAL("Operational", "✓", "All Systems Operational"),
    DEGRADED_PERFORMANCE("Degraded performance", "!", "Degraded Performance"),
    PARTIAL_OUTAGE("Partial outage", "✕", "Partial System Outage"),
    MAJOR_OUTAGE("Major outage", "✕", "Major Service Outage");

    /** Shown beside the component. */
    final String label;
    /** Shown with the label so that status never depends on colour alone. */
    final String symbol;
    /** The page banner when this is the worst status. */
    final String bannerText;

    ComponentStatus(String label, String symbol, String bannerText) {
        this.label = label;
        this.symbol = symbol;
        this.bannerText = bannerText;
    }

    /** Statuspage's component status string, e.g. {@code partial_outage}. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** CSS class suffix, e.g. {@code partial-outage}. */
    String css() {
        return wire().replace('_', '-');
    }

    /** Statuspage's page indicator for this worst status. */
    String indicator() {
        return switch (this) {
            case NO_DATA, OPERATIONAL -> "none";
            case DEGRADED_PERFORMANCE -> "minor";
            case PARTIAL_OUTAGE -> "major";
            case MAJOR_OUTAGE -> "critical";
        };
    }

    static ComponentStatus worse(ComponentStatus a, ComponentStatus b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
