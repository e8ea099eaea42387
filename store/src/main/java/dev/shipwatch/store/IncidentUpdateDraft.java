package dev.shipwatch.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A new entry of an incident's timeline. Resolving ({@code resolved}, {@code postmortem}) sets
 * {@code resolved_at} and ends the incident's component overrides.
 *
 * @param components component id → new status; merged into the incident's components
 */
public record IncidentUpdateDraft(IncidentStatus status, String body, Map<String, ComponentState> components,
                                  List<AffectedComponent> affected) {
    public IncidentUpdateDraft {
        // insertion order is the order the components were named in
        components = components == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(components));
        affected = affected == null ? List.of() : List.copyOf(affected);
    }
}
