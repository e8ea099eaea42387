package dev.shipwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped examples/local.yml must load. The working directory is a temp dir holding
 * canary/java rather than the repository root, so this test does not depend on the canary
 * module being present in the same checkout.
 */
class ExampleConfigTest {
    private static final Path EXAMPLE = Path.of("../examples/local.yml");

    /** Knows only "local" and, like the real local platform so far, takes no settings. */
    private static final PlatformCatalog LOCAL = new PlatformCatalog() {
        @Override
        public Set<String> types() {
            return Set.of("local");
        }

        @Override
        public List<String> validate(String type, Map<String, Object> settings) {
            return settings.keySet().stream().map(k -> k + ": unknown key").toList();
        }
    };

    @TempDir
    Path work;

    @Test
    void theLocalExampleLoadsWithTwoLocalTargets() throws Exception {
        ShipwatchConfig config = new ConfigLoader(LOCAL, Map.of(), Fixture.withCanary(work)).load(EXAMPLE);

        assertThat(config.site().timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().adminEnabled()).isFalse();
        assertThat(config.storage().url()).startsWith("jdbc:h2:file:./data/");
        assertThat(config.targets()).extracting(Target::name).containsExactly("local-java", "local-java-cron");
        assertThat(config.targets()).extracting(t -> t.platform().type()).containsOnly("local");
        assertThat(config.targets()).extracting(t -> t.canary().path())
                .containsOnly(work.resolve("canary/java").toAbsolutePath().normalize());

        Target everyMinute = config.target("local-java").orElseThrow();
        assertThat(everyMinute.schedule()).isEqualTo(Schedule.every(Duration.ofMinutes(1)));
        assertThat(everyMinute.slo().requestP95()).isNotNull();

        Target cron = config.target("local-java-cron").orElseThrow();
        assertThat(cron.schedule()).isEqualTo(Schedule.cron("0 */2 * * * ?"));
        assertThat(cron.component()).isNotEqualTo(everyMinute.component());
    }

    @Test
    void theExampleTakesTheAdminTokenFromTheEnvironment() throws Exception {
        ShipwatchConfig config = new ConfigLoader(LOCAL, Map.of("SHIPWATCH_ADMIN_TOKEN", "example-token"),
                Fixture.withCanary(work)).load(EXAMPLE);

        assertThat(config.server().adminToken()).isEqualTo("example-token");
    }
}
