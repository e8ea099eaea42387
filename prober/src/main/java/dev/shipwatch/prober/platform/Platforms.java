package dev.shipwatch.prober.platform;

import dev.shipwatch.config.PlatformCatalog;
import dev.shipwatch.prober.platform.command.CommandPlatformFactory;
import dev.shipwatch.prober.platform.container.ContainerPlatformFactory;
import dev.shipwatch.prober.platform.local.LocalPlatformFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The one registry of platform types. Adding a platform: one package and one line here. */
public final class Platforms implements PlatformCatalog {
    private final Map<String, PlatformFactory> factories = new LinkedHashMap<>();

    public Platforms(List<PlatformFactory> factories) {
        for (PlatformFactory f : factories) {
            if (this.factories.putIfAbsent(f.type(), f) != null) {
                throw new IllegalArgumentException("platform type registered twice: " + f.type());
            }
        }
    }

    /** Every platform Shipwatch ships. */
    public static Platforms builtIn() {
        return new Platforms(List.of(
                new LocalPlatformFactory(),
                new CommandPlatformFactory(),
                new ContainerPlatformFactory()));
    }

    public PlatformFactory factory(String type) {
        PlatformFactory f = factories.get(type);
        if (f == null) {
            throw new IllegalArgumentException("unknown platform type \"" + type + "\" (known: " + String.join(", ", types()) + ")");
        }
        return f;
    }

    @Override
    public Set<String> types() {
        return factories.keySet();
    }

    @Override
    public List<String> validate(String type, Map<String, Object> settings) {
        return factory(type).validate(settings);
    }
}
