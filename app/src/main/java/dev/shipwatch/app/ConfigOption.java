package dev.shipwatch.app;

import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.ConfigLoader;
import dev.shipwatch.config.LoadedConfig;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.prober.platform.Platforms;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config F} option every command shares, and the loading that goes with it. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the YAML config file")
    Path file;

    /** The validated config; relative paths in it resolve against the working directory. */
    ShipwatchConfig load(Platforms platforms) throws ConfigException {
        return new ConfigLoader(platforms, System.getenv(), Path.of("").toAbsolutePath()).load(file);
    }

    /** The validated config with its other sections (status page, alerting, reports), from one parse. */
    LoadedConfig loadAll(Platforms platforms) throws ConfigException {
        return new ConfigLoader(platforms, System.getenv(), Path.of("").toAbsolutePath()).loadAll(file);
    }

    /** Prints every problem of a bad config file; {@link Main} does this for every command. */
    static void report(ConfigException e, PrintWriter err) {
        err.println(e.getMessage());
        err.flush();
    }
}
