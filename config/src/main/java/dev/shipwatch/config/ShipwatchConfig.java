package dev.shipwatch.config;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole validated configuration. Immutable; built only by {@link ConfigLoader}. A class, not
 * a record, for its index of targets by name: each run looks its target up (a search of the list
 * was a sixth of a probe worker's time at 10,000 targets).
 */
public final class ShipwatchConfig {
    private final Site site;
    private final Server server;
    private final Storage storage;
    private final Scheduling scheduling;
    private final Defaults defaults;
    private final List<Target> targets;
    private final Node node;
    private final Map<String, Target> byName;

    public ShipwatchConfig(Site site, Server server, Storage storage, Scheduling scheduling, Defaults defaults,
                           List<Target> targets, Node node) {
        this.site = site;
        this.server = server;
        this.storage = storage;
        this.scheduling = scheduling;
        this.defaults = defaults;
        this.targets = List.copyOf(targets);
        this.node = node;
        Map<String, Target> index = new HashMap<>();
        this.targets.forEach(t -> index.putIfAbsent(t.name(), t));
        this.byName = Map.copyOf(index);
    }

    /** A config on a node in the default location. */
    public ShipwatchConfig(Site site, Server server, Storage storage, Scheduling scheduling, Defaults defaults,
                           List<Target> targets) {
        this(site, server, storage, scheduling, defaults, targets, Node.DEFAULT);
    }

    public Site site() {
        return site;
    }

    public Server server() {
        return server;
    }

    public Storage storage() {
        return storage;
    }

    public Scheduling scheduling() {
        return scheduling;
    }

    public Defaults defaults() {
        return defaults;
    }

    /** The targets in config order. */
    public List<Target> targets() {
        return targets;
    }

    public Node node() {
        return node;
    }

    public Optional<Target> target(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Equal when every part is (the index follows from the targets). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ShipwatchConfig c && site.equals(c.site) && server.equals(c.server) && storage.equals(c.storage)
                && scheduling.equals(c.scheduling) && defaults.equals(c.defaults) && targets.equals(c.targets)
                && node.equals(c.node);
    }

    @Override
    public int hashCode() {
        return Objects.hash(site, server, storage, scheduling, defaults, targets, node);
    }

    @Override
    public String toString() {
        return "ShipwatchConfig[site=" + site + ", server=" + server + ", storage=" + storage + ", scheduling=" + scheduling
                + ", defaults=" + defaults + ", targets=" + targets + ", node=" + node + "]";
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
