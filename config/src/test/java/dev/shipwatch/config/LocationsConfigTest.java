package dev.shipwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code node.location}, {@code SHIPWATCH_LOCATION}, {@code targets[].locations} and {@code quorum}. */
class LocationsConfigTest {
    @TempDir
    static Path work;

    private static ConfigLoader loader(Map<String, String> env) {
        return Fixture.loader(Fixture.withCanary(work), env);
    }

    @Test
    void aConfigThatNamesNoLocationRunsEveryTargetAnywhereOncePerFire() throws Exception {
        ShipwatchConfig config = loader(Map.of()).parse("""
                targets:
                  - { name: a, platform: { type: local } }
                """, "t.yml");
        assertThat(config.node()).isEqualTo(Node.DEFAULT);
        assertThat(config.locations()).isEmpty();
        Target a = config.targets().get(0);
        assertThat(a.locations()).isEmpty();
        assertThat(a.quorum()).isEqualTo(1);
        assertThat(a.multiLocation()).isFalse();
        assertThat(a.runsIn("anywhere")).isTrue();
    }

    @Test
    void theEnvironmentsLocationWinsOverTheFilesAndTargetsWithoutLocationsTakeTheDefaultsOrEveryNamedOne() throws Exception {
        String yaml = """
                node: { location: eu }
                targets:
                  - { name: a, platform: { type: local }, locations: [eu, us], quorum: 1 }
                  - { name: b, platform: { type: local }, locations: [ap] }
                  - { name: c, platform: { type: local } }
                """;
        ShipwatchConfig fromFile = loader(Map.of()).parse(yaml, "t.yml");
        assertThat(fromFile.node().location()).isEqualTo("eu");
        assertThat(loader(Map.of("SHIPWATCH_LOCATION", "us")).parse(yaml, "t.yml").node().location()).isEqualTo("us");
        assertThat(fromFile.targets()).extracting(Target::locations)
                .containsExactly(List.of("eu", "us"), List.of("ap"), List.of("eu", "us", "ap"));
        // the quorum as written, else a majority
        assertThat(fromFile.targets()).extracting(Target::quorum).containsExactly(1, 1, 2);
        assertThat(fromFile.targetsHere()).extracting(Target::name).containsExactly("a", "c");

        ShipwatchConfig withDefaults = loader(Map.of()).parse("""
                defaults: { locations: [us, eu], quorum: 2 }
                targets:
                  - { name: a, platform: { type: local } }
                  - { name: b, platform: { type: local }, locations: [ap, us, eu], quorum: 3 }
                """, "t.yml");
        assertThat(withDefaults.targets()).extracting(Target::locations)
                .containsExactly(List.of("us", "eu"), List.of("ap", "us", "eu"));
        assertThat(withDefaults.targets()).extracting(Target::quorum).containsExactly(2, 3);
    }

    static Stream<Arguments> badLocations() {
        return Stream.of(
                Arguments.of(Map.of(), "node: { location: EU }\n", "",
                        "node.location: \"EU\" must match [a-z0-9-]+"),
                Arguments.of(Map.of("SHIPWATCH_LOCATION", "eu west"), "", "",
                        "SHIPWATCH_LOCATION (environment): \"eu west\" must match [a-z0-9-]+"),
                Arguments.of(Map.of(), "", ", locations: [eu, Us]",
                        "targets[a].locations[1]: \"Us\" must match [a-z0-9-]+"),
                Arguments.of(Map.of(), "", ", locations: [eu, eu]",
                        "targets[a].locations[1]: \"eu\" is listed twice"),
                Arguments.of(Map.of(), "", ", locations: []",
                        "targets[a].locations: [] is empty: list at least one location, or leave the key out"),
                Arguments.of(Map.of(), "", ", locations: [eu, us], quorum: 3",
                        "targets[a].quorum (3) is more than the 2 location(s) the target runs in"),
                Arguments.of(Map.of(), "", ", locations: [eu, us], quorum: 0",
                        "targets[a].quorum: 0 is not between 1 and 1000"),
                Arguments.of(Map.of(), "", ", quorum: 2",
                        "targets[a].quorum (2) is more than the 1 location(s) the target runs in"),
                Arguments.of(Map.of(), "defaults: { quorum: 2 }\n", ", locations: [eu]",
                        "defaults.quorum (2) is more than the 1 location(s) target a runs in"));
    }

    @ParameterizedTest
    @MethodSource("badLocations")
    void aBadLocationOrQuorumNamesItsPathAndValue(Map<String, String> env, String head, String onTarget, String problem) {
        assertThat(Fixture.problems(loader(env), head + "targets:\n  - { name: a, platform: { type: local }" + onTarget + " }\n"))
                .containsExactly(problem);
    }

    @Test
    void pageOnSingleLocationIsAPolicyKey() throws Exception {
        AlertingConfig alerting = loader(Map.of()).parseAll("""
                targets:
                  - { name: a, platform: { type: local }, locations: [eu, us] }
                alerting: { policy: { page-on-single-location: true } }
                """, "t.yml").alerting();
        assertThat(alerting.policyFor("a").pageOnSingleLocation()).isTrue();
        assertThat(AlertPolicy.DEFAULT.pageOnSingleLocation()).isFalse();
    }
}
