package dev.shipwatch.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The whole validated configuration. Immutable; built only by {@link ConfigLoader}. */
public record ShipwatchConfig(Site site, Server server, Storage storage, Scheduling scheduling, Defaults defaults,
                              List<Target> targets, Node node) {
    public ShipwatchConfig {
        targets = List.copyOf(targets);
    }

    /** A config on a node in the default location. */
    public ShipwatchConfig(Site site, Server server, Storage storage, Scheduling scheduling, Defaults defaults,
                           List<Target> targets) {
        this(site, server, storage, scheduling, defaults, targets, Node.DEFAULT);
    }

    public Optional<Target> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Every location a target lists, in config order; empty when none does (targets run anywhere). */
    public Set<String> locations() {
        Set<String> all = new LinkedHashSet<>();
        targets.forEach(t -> all.addAll(t.locations()));
        return all;
    }

    /** The targets whose fires this node's location runs. */
    public List<Target> targetsHere() {
        return targets.stream().filter(t -> t.runsIn(node.location())).toList();
    }
}
