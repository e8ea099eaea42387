package dev.shipwatch.config;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration. Immutable; built only by {@link ConfigLoader}. */
public record ShipwatchConfig(Site site, Server server, Storage storage, Scheduling scheduling, Defaults defaults,
                              List<Target> targets) {
    public ShipwatchConfig {
        targets = List.copyOf(targets);
    }

    public Optional<Target> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
