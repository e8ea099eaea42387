package dev.shipwatch.app;

import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.prober.platform.Platforms;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = "Checks a config file and reports every problem in it.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
        ShipwatchConfig cfg = config.load(Platforms.builtIn());
        spec.commandLine().getOut().printf("%s: OK, %d target(s): %s%n", config.file, cfg.targets().size(),
                String.join(", ", cfg.targets().stream().map(t -> t.name()).toList()));
        return ExitCodes.OK;
    }
}
