package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.ConfigLoader;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.Platforms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped example passes the real validation of its platform's settings (the PaaS ones
 * are not run against the real services; see the README). The working directory is a temp dir
 * holding the canary folders the examples name, so canary/container/context need not be prepared.
 */
class ExampleConfigsTest {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final Map<String, String> ENV = Map.of("FLY_API_TOKEN", "fly-token", "HEROKU_API_KEY", "heroku-key",
            "CLOUDSDK_AUTH_ACCESS_TOKEN", "gcp-token", "GCP_PROJECT", "my-project", "DIGITALOCEAN_ACCESS_TOKEN", "do-token",
            "DO_REGISTRY", "my-registry", "SCALINGO_API_TOKEN", "scalingo-token");

    @TempDir
    Path work;

    static Stream<String> examples() throws Exception {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theExampleIsValid(String name) throws Exception {
        Files.createDirectories(work.resolve("canary/java"));
        Files.createDirectories(work.resolve("canary/container/context"));

        ShipwatchConfig config;
        try {
            config = new ConfigLoader(Platforms.builtIn(), ENV, work).load(EXAMPLES.resolve(name));
        } catch (ConfigException e) {
            throw new AssertionError(name + " is invalid: " + e.getMessage(), e);
        }

        assertThat(config.targets()).isNotEmpty();
        String expected = name.equals("local.yml") ? "local"
                : name.equals("container.yml") || name.equals("runtimes.yml") ? "container" : "command";
        assertThat(config.targets()).extracting((Target t) -> t.platform().type()).containsOnly(expected);
    }
}
