package dev.shipwatch.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A new incident: its first update carries {@code status}, {@code body} and {@code affected}.
 *
 * @param components    component id → the status the incident sets for it
 * @param affected      the changes to show on the first update (old status as the page showed it)
 * @param autoComponent the component an automatic incident is opened for, else null
 */
public record IncidentDraft(String name, IncidentStatus status, IncidentImpact impact, String body,
                            Map<String, ComponentState> components, List<AffectedComponent> affected,
                            String autoComponent) {
    public IncidentDraft {
        // insertion order is the order the components were named in
        components = components == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(components));
        affected = affected == null ? List.of() : List.copyOf(affected);
    }
}
