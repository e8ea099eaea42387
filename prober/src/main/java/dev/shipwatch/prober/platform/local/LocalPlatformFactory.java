package dev.shipwatch.prober.platform.local;

import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.PlatformFactory;
import dev.shipwatch.prober.platform.TargetPlatform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code local} platform: javac into the run directory, the canary as a child process. */
public final class LocalPlatformFactory implements PlatformFactory {
    @Override
    public String type() {
        return "local";
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        // The local platform has no settings of its own.
        return settings.keySet().stream().sorted().map(k -> "unknown key \"" + k + "\"").toList();
    }

    @Override
    public TargetPlatform create(Target target, Path workRoot) {
        return new LocalPlatform(target, workRoot);
    }
}
