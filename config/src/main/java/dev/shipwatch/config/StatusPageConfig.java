package dev.shipwatch.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The status page's components, their groups and options: the {@code components}, {@code groups}
 * and {@code status-page} sections (read by {@link ConfigLoader#loadAll}). Every component a
 * target feeds is here, declared or not, in page order.
 *
 * <p>This is the one place where a component name becomes its id: alerting, the page and its
 * API all ask {@link #componentId(String)}.
 */
public final class StatusPageConfig {
    private final List<GroupSpec> groups;
    private final List<ComponentSpec> components;
    private final boolean autoIncidents;
    // Looked up for every run alerting judges and every page refresh: maps, so that a lookup does
    // not grow with the number of components.
    private final Map<String, String> idByName = new HashMap<>();
    private final Map<String, ComponentSpec> byId = new HashMap<>();
    private final Map<String, GroupSpec> groupById = new HashMap<>();
    private final Map<String, List<ComponentSpec>> membersOf = new HashMap<>();

    /**
     * @param components    declared components first, in file order, then those only named by targets
     * @param autoIncidents open an incident when a component reaches major outage, resolve it on recovery
     */
    public StatusPageConfig(List<GroupSpec> groups, List<ComponentSpec> components, boolean autoIncidents) {
        this.groups = List.copyOf(groups);
        this.components = List.copyOf(components);
        this.autoIncidents = autoIncidents;
        for (ComponentSpec c : this.components) {
            idByName.putIfAbsent(c.name(), c.id());
            byId.putIfAbsent(c.id(), c);
            if (c.groupId() != null) {
                membersOf.computeIfAbsent(c.groupId(), g -> new ArrayList<>()).add(c);
            }
        }
        this.groups.forEach(g -> groupById.putIfAbsent(g.id(), g));
        membersOf.replaceAll((g, members) -> List.copyOf(members));
    }

    public List<GroupSpec> groups() {
        return groups;
    }

    public List<ComponentSpec> components() {
        return components;
    }

    public boolean autoIncidents() {
        return autoIncidents;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusPageConfig c && autoIncidents == c.autoIncidents && groups.equals(c.groups)
                && components.equals(c.components);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groups, components, autoIncidents);
    }

    @Override
    public String toString() {
        return "StatusPageConfig[groups=" + groups + ", components=" + components + ", autoIncidents=" + autoIncidents + "]";
    }

    /**
     * The config of a file without {@code components}/{@code groups}/{@code status-page}
     * sections: one ungrouped component per distinct {@link Target#component()}, in target order,
     * ids slugged from the names ({@code -2}, {@code -3} … when two names slug alike).
     */
    public static StatusPageConfig derive(List<Target> targets) {
        List<ComponentSpec> components = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Target t : targets) {
            String name = componentName(t);
            if (names.add(name)) {
                String base = slug(name);
                String id = base;
                for (int n = 2; !ids.add(id); n++) {
                    id = base + "-" + n;
                }
                components.add(new ComponentSpec(id, name, null, null));
            }
        }
        return new StatusPageConfig(List.of(), components, false);
    }

    /**
     * Lower-case ASCII letters and digits joined by single dashes: {@code "Local deploys"} →
     * {@code local-deploys}; {@code component} when nothing is left.
     */
    public static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "component" : s;
    }

    /** The component a target feeds: its {@code component}, or its name when that is unset. */
    public static String componentName(Target target) {
        return target.component() == null || target.component().isBlank() ? target.name() : target.component();
    }

    /**
     * The id of the component with this name (as in {@link Target#component()}); a name that is
     * not a component here gets its slug, which is what it would get if it were added.
     */
    public String componentId(String componentName) {
        String id = idByName.get(componentName);
        return id != null ? id : slug(componentName);
    }

    /** The id of the component {@code target} feeds. */
    public String componentId(Target target) {
        return componentId(componentName(target));
    }

    public Optional<ComponentSpec> component(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<GroupSpec> group(String id) {
        return Optional.ofNullable(groupById.get(id));
    }

    /** The components of a group, in page order. */
    public List<ComponentSpec> members(String groupId) {
        return membersOf.getOrDefault(groupId, List.of());
    }

    /** The targets feeding each component id, in config order. */
    public Map<String, List<Target>> targetsByComponent(List<Target> targets) {
        Map<String, List<Target>> by = new LinkedHashMap<>();
        components.forEach(c -> by.put(c.id(), new ArrayList<>()));
        for (Target t : targets) {
            by.computeIfAbsent(componentId(t), k -> new ArrayList<>()).add(t);
        }
        by.replaceAll((k, v) -> List.copyOf(v));
        return by;
    }
}
