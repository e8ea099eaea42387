package dev.shipwatch.store;

import java.util.Objects;

/**
 * A component status change an incident update made, as Statuspage's {@code affected_components}
 * lists it.
 *
 * @param code      the component id
 * @param name      the component name at the time of the update
 * @param oldStatus the status the component had before the update
 */
public record AffectedComponent(String code, String name, ComponentState oldStatus, ComponentState newStatus) {
    public AffectedComponent {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(oldStatus, "oldStatus");
        Objects.requireNonNull(newStatus, "newStatus");
    }
}
