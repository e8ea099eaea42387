package dev.shipwatch.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code components}, {@code groups} and {@code status-page} sections. Ids are checked
 * here because they are public and permanent (URLs, JSON, other people's widgets): they must be
 * unique across components and groups, and a target naming an undeclared component gets the
 * component's slug only when no declared one already has it.
 */
final class StatusPageSection {
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int ID_MAX = 63;
    private static final int NAME_MAX = 200;

    private StatusPageSection() {}

    static StatusPageConfig read(Block root, List<Target> targets) {
        Context ctx = root.context();
        boolean auto = root.block("status-page").known("auto-incidents", "reports").bool("auto-incidents").orElse(false);
        /* every id handed out so far → the path that holds it */
        Map<String, String> owners = new HashMap<>();
        Map<String, GroupSpec> groupsByName = new LinkedHashMap<>();
        List<GroupSpec> groups = new ArrayList<>();
        for (Block g : items(root, "groups")) {
            g.known("name", "id", "description");
            Optional<String> name = name(g);
            String id = id(g, name, owners);
            if (name.isPresent() && id != null) {
                GroupSpec spec = new GroupSpec(id, name.get(), g.string("description").orElse(null));
                if (groupsByName.putIfAbsent(name.get(), spec) != null) {
                    g.problem("name", Context.quote(name.get()) + " is used by another group too");
                }
                groups.add(spec);
            }
        }
        List<ComponentSpec> components = new ArrayList<>();
        Map<String, ComponentSpec> byName = new HashMap<>();
        for (Block c : items(root, "components")) {
            c.known("name", "id", "description", "group");
            Optional<String> name = name(c);
            String id = id(c, name, owners);
            String groupId = c.string("group").map(group -> groupId(c, group, groupsByName, groups, owners)).orElse(null);
            if (name.isPresent() && id != null) {
                ComponentSpec spec = new ComponentSpec(id, name.get(), c.string("description").orElse(null), groupId);
                if (byName.putIfAbsent(name.get(), spec) != null) {
                    c.problem("name", Context.quote(name.get()) + " is used by another component too");
                }
                components.add(spec);
            }
        }
        for (Target t : targets) {
            if (t.name() == null || (t.component() != null && t.component().isBlank())) {
                continue; // already reported: no component to place
            }
            String name = StatusPageConfig.componentName(t);
            if (byName.containsKey(name)) {
                continue;
            }
            String id = StatusPageConfig.slug(name);
            String owner = owners.putIfAbsent(id, "targets[" + t.name() + "].component");
            if (owner != null) {
                ctx.add("targets[" + t.name() + "].component", Context.quote(name) + " would get the id \"" + id
                        + "\", which " + owner + " already has: declare the component under components with an id");
                continue;
            }
            ComponentSpec spec = new ComponentSpec(id, name, null, null);
            byName.put(name, spec);
            components.add(spec);
        }
        return new StatusPageConfig(groups, components, auto);
    }

    /** The mappings of a top-level list; an absent list is empty, anything else but a list a problem. */
    private static List<Block> items(Block root, String key) {
        JsonNode list = root.get(key);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            root.problem(key, Context.describe(list) + " is not a list");
            return List.of();
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Block b = Block.of(root.context(), key + "[" + i + "]", list.get(i));
            if (b.isMapping()) {
                blocks.add(b);
            } else if (list.get(i).isNull()) {
                root.context().add(key + "[" + i + "]", "is empty (it needs at least a name)");
            }
        }
        return blocks;
    }

    private static Optional<String> name(Block b) {
        if (!b.has("name")) {
            b.problem("name", "missing");
            return Optional.empty();
        }
        Optional<String> name = b.string("name");
        if (name.isPresent() && name.get().isBlank()) {
            b.problem("name", "must not be empty");
            return Optional.empty();
        }
        if (name.isPresent() && name.get().length() > NAME_MAX) {
            b.problem("name", Context.quote(name.get()) + " is longer than " + NAME_MAX + " characters");
            return Optional.empty();
        }
        return name;
    }

    /** The item's {@code id:}, else its name's slug; null (with a problem) when bad or taken. */
    private static String id(Block b, Optional<String> name, Map<String, String> owners) {
        Optional<String> given = b.string("id");
        String id;
        if (given.isPresent()) {
            id = given.get();
            if (!ID.matcher(id).matches() || id.length() > ID_MAX) {
                b.problem("id", Context.quote(id) + " must be lower-case letters and digits joined by single dashes, at most "
                        + ID_MAX + " characters");
                return null;
            }
        } else if (name.isPresent()) {
            id = StatusPageConfig.slug(name.get());
        } else {
            return null;
        }
        String owner = owners.putIfAbsent(id, b.path());
        if (owner != null) {
            b.problem(given.isPresent() ? "id" : "name", "id \"" + id + "\" is already used by " + owner
                    + (given.isPresent() ? "" : " (set a different id)"));
            return null;
        }
        return id;
    }

    /** A component's {@code group:} as a declared group's name or id, else a new group of that name. */
    private static String groupId(Block c, String group, Map<String, GroupSpec> byName, List<GroupSpec> groups,
                                  Map<String, String> owners) {
        if (group.isBlank()) {
            c.problem("group", "must not be empty");
            return null;
        }
        GroupSpec known = byName.get(group);
        if (known == null) {
            known = groups.stream().filter(g -> g.id().equals(group)).findFirst().orElse(null);
        }
        if (known != null) {
            return known.id();
        }
        String id = StatusPageConfig.slug(group);
        String owner = owners.putIfAbsent(id, c.path("group"));
        if (owner != null) {
            c.problem("group", Context.quote(group) + " would get the id \"" + id + "\", which " + owner
                    + " already has: declare the group under groups with an id");
            return null;
        }
        GroupSpec spec = new GroupSpec(id, group, null);
        byName.put(group, spec);
        groups.add(spec);
        return id;
    }
}
