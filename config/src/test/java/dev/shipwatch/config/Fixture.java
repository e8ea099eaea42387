package dev.shipwatch.config;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Shared set-up: a working directory holding canary/java, and loaders that read from it. */
final class Fixture {
    private Fixture() {}

    /** {@code dir} with an empty canary/java inside, the canary path every target defaults to. */
    static Path withCanary(Path dir) {
        try {
            Files.createDirectories(dir.resolve("canary/java"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigLoader loader(Path workingDir, Map<String, String> env) {
        return new ConfigLoader(new LocalOnlyCatalog(), env, workingDir);
    }

    /** The problems {@code yaml} is rejected with; fails the test when it is accepted. */
    static List<String> problems(ConfigLoader loader, String yaml) {
        try {
            ShipwatchConfig config = loader.parse(yaml, "test.yml");
            return fail("expected problems, but the config was accepted: %s", config);
        } catch (ConfigException e) {
            return e.problems();
        }
    }
}
