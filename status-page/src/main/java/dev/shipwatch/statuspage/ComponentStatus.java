package dev.shipwatch.statuspage;

import dev.shipwatch.store.ComponentState;

import java.util.Locale;

/**
 * A component's status as the page shows it, by severity (worst last). All but {@link #NO_DATA}
 * are Statuspage's enum values; {@code NO_DATA} is ours: a component without runs is never
 * shown as up.
 */
enum ComponentStatus {
    NO_DATA("No data", "?"),
    OPERATIONAL("Operational", "✓"),
    UNDER_MAINTENANCE("Under maintenance", "⚒"),
    DEGRADED_PERFORMANCE("Degraded performance", "!"),
    PARTIAL_OUTAGE("Partial outage", "✕"),
    MAJOR_OUTAGE("Major outage", "✕");

    /** Shown beside the component. */
    final String label;
    /** Shown with the label so that status never depends on colour alone. */
    final String symbol;

    ComponentStatus(String label, String symbol) {
        this.label = label;
        this.symbol = symbol;
    }

    /** Statuspage's component status string, e.g. {@code partial_outage}. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** CSS class suffix, e.g. {@code partial-outage}. */
    String css() {
        return wire().replace('_', '-');
    }

    /** The page indicator this status alone would give ({@code none}, {@code minor}, {@code major}, {@code critical}). */
    Indicator indicator() {
        return switch (this) {
            case NO_DATA, OPERATIONAL, UNDER_MAINTENANCE -> Indicator.NONE;
            case DEGRADED_PERFORMANCE -> Indicator.MINOR;
            case PARTIAL_OUTAGE -> Indicator.MAJOR;
            case MAJOR_OUTAGE -> Indicator.CRITICAL;
        };
    }

    static ComponentStatus of(ComponentState state) {
        return valueOf(state.name());
    }

    static ComponentStatus worse(ComponentStatus a, ComponentStatus b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** Statuspage's page {@code status.indicator}, with its descriptions. */
    enum Indicator {
        NONE("All Systems Operational"),
        MINOR("Minor Service Outage"),
        MAJOR("Partial System Outage"),
        CRITICAL("Major Service Outage");

        final String description;

        Indicator(String description) {
            this.description = description;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Indicator worse(Indicator a, Indicator b) {
            return a.ordinal() >= b.ordinal() ? a : b;
        }
    }
}
