package dev.shipwatch.prober.platform;

import dev.shipwatch.config.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Creates one platform type's instances and checks its settings. Registered in {@link Platforms}. */
public interface PlatformFactory {
    /** The {@code platform.type} this factory serves. */
    String type();

    /** Problems in the {@code platform:} settings (see {@link dev.shipwatch.config.PlatformCatalog#validate}). */
    List<String> validate(Map<String, Object> settings);

    /**
     * @param workRoot the monitor's directory for run data (e.g. {@code ./data/runs}); shared by
     *                 all targets; a run's {@link RunContext#workDir()} lies inside it
     */
    TargetPlatform create(Target target, Path workRoot);
}
