package dev.shipwatch.prober.platform.command;

import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.PlatformFactory;
import dev.shipwatch.prober.platform.TargetPlatform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code command} platform: shell steps for build, deploy and teardown (see the package docs). */
public final class CommandPlatformFactory implements PlatformFactory {
    private final Map<String, String> monitorEnv;

    /** Steps see a few variables of the monitor's own environment (PATH, HOME, …). */
    public CommandPlatformFactory() {
        this(System.getenv());
    }

    /** @param monitorEnv the environment the passed variables are taken from */
    public CommandPlatformFactory(Map<String, String> monitorEnv) {
        this.monitorEnv = Map.copyOf(monitorEnv);
    }

    @Override
    public String type() {
        return "command";
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        return CommandSettings.problems(settings);
    }

    @Override
    public TargetPlatform create(Target target, Path workRoot) {
        return new CommandPlatform(target, CommandSettings.of(target.platform().settings()), monitorEnv);
    }
}
