package dev.shipwatch.statuspage;

import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.GroupSpec;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the config fixes for the page's lifetime, indexed once so that nothing on the refresh path
 * scans all components to find one: components in page order, the targets feeding each, groups
 * and their members, and the home page's sections.
 *
 * @param components    in config (page) order; a component is known by its index here
 * @param targetsOf     the targets feeding each component, by component index
 * @param holds         how long each target's outcome holds, parallel to {@code targetsOf}
 * @param indexById     component index by component id
 * @param targetIndex   the component index of each target, by target name
 * @param groups        in config order
 * @param groupMembers  each group's member component indexes, in page order, by group index
 * @param groupMemberIds the same as component ids
 * @param groupIndex    group index by group id
 * @param sections      the home page's sections: a group where its first member stands, else one component
 */
record Layout(List<ComponentSpec> components, List<List<Target>> targetsOf, List<List<Duration>> holds,
              Map<String, Integer> indexById, Map<String, Integer> targetIndex, List<GroupSpec> groups,
              List<List<Integer>> groupMembers, List<List<String>> groupMemberIds, Map<String, Integer> groupIndex,
              List<Section> sections) {

    /**
     * A home page section.
     *
     * @param group   the group's index, or -1 for a single ungrouped component
     * @param members component indexes, in page order
     */
    record Section(int group, List<Integer> members) {}

    static Layout of(Site site, StatusPageConfig config, List<Target> targets) {
        List<ComponentSpec> components = config.components();
        Map<String, Integer> indexById = new HashMap<>();
        Map<String, String> idByName = new HashMap<>();
        for (int i = 0; i < components.size(); i++) {
            indexById.put(components.get(i).id(), i);
            idByName.putIfAbsent(components.get(i).name(), components.get(i).id());
        }
        List<List<Target>> targetsOf = new ArrayList<>();
        List<List<Duration>> holds = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            targetsOf.add(new ArrayList<>());
            holds.add(new ArrayList<>());
        }
        Map<String, Integer> targetIndex = new HashMap<>();
        for (Target t : targets) {
            String name = StatusPageConfig.componentName(t);
            Integer i = indexById.get(idByName.getOrDefault(name, StatusPageConfig.slug(name)));
            if (i != null) {
                targetsOf.get(i).add(t);
                holds.get(i).add(StatusModel.hold(t, site));
                targetIndex.put(t.name(), i);
            }
        }
        targetsOf.replaceAll(List::copyOf);
        holds.replaceAll(List::copyOf);

        List<GroupSpec> groups = config.groups();
        Map<String, Integer> groupIndex = new HashMap<>();
        List<List<Integer>> groupMembers = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            groupIndex.put(groups.get(g).id(), g);
            groupMembers.add(new ArrayList<>());
        }
        Map<Integer, Section> byGroup = new LinkedHashMap<>();
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            Integer g = components.get(i).groupId() == null ? null : groupIndex.get(components.get(i).groupId());
            if (g == null) {
                sections.add(new Section(-1, List.of(i)));
                continue;
            }
            groupMembers.get(g).add(i);
            if (!byGroup.containsKey(g)) {
                Section s = new Section(g, groupMembers.get(g));
                byGroup.put(g, s);
                sections.add(s);
            }
        }
        groupMembers.replaceAll(List::copyOf);
        sections.replaceAll(s -> s.group() < 0 ? s : new Section(s.group(), groupMembers.get(s.group())));
        List<List<String>> groupMemberIds = groupMembers.stream()
                .map(members -> members.stream().map(i -> components.get(i).id()).toList()).toList();
        return new Layout(components, List.copyOf(targetsOf), List.copyOf(holds), Map.copyOf(indexById),
                Map.copyOf(targetIndex), groups, List.copyOf(groupMembers), groupMemberIds, Map.copyOf(groupIndex),
                List.copyOf(sections));
    }

    int size() {
        return components.size();
    }
}
