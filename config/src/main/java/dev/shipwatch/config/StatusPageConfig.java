package dev.shipwatch.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The status page's components, their groups and options: the {@code components}, {@code groups}
 * and {@code status-page} sections (read by {@link ConfigLoader#loadAll}). Every component a
 * target feeds is here, declared or not, in page order.
 *
 * <p>This is the one place where a component name becomes its id: alerting, the page and its
 * API all ask {@link #componentId(String)}.
 *
 * @param components    declared components first, in file order, then those only named by targets
 * @param autoIncidents open an incident when a component reaches major outage, resolve it on recovery
 */
public record StatusPageConfig(List<GroupSpec> groups, List<ComponentSpec> components, boolean autoIncidents) {
    public StatusPageConfig {
        groups = List.copyOf(groups);
        components = List.copyOf(components);
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
        for (ComponentSpec c : components) {
            if (c.name().equals(componentName)) {
                return c.id();
            }
        }
        return slug(componentName);
    }

    /** The id of the component {@code target} feeds. */
    public String componentId(Target target) {
        return componentId(componentName(target));
    }

    public Optional<ComponentSpec> component(String id) {
        return components.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Optional<GroupSpec> group(String id) {
        return groups.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** The components of a group, in page order. */
    public List<ComponentSpec> members(String groupId) {
        return components.stream().filter(c -> groupId.equals(c.groupId())).toList();
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
