package dev.shipwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ${VAR}} interpolation, observed through the loader. */
class InterpolationTest {
    @TempDir
    static Path work;

    @BeforeAll
    static void canary() {
        Fixture.withCanary(work);
    }

    private static final String TARGET = """
            targets:
              - name: local-java
                platform: { type: local }
            """;

    private static ShipwatchConfig parse(Map<String, String> env, String yaml) throws ConfigException {
        return Fixture.loader(work, env).parse(yaml, "env.yml");
    }

    private static List<String> problems(Map<String, String> env, String yaml) {
        return Fixture.problems(Fixture.loader(work, env), yaml);
    }

    @Test
    void aSetVariableReplacesItsReference() throws Exception {
        ShipwatchConfig config = parse(Map.of("SITE", "Acme"), "site: { name: \"${SITE} Status\" }\n" + TARGET);

        assertThat(config.site().name()).isEqualTo("Acme Status");
    }

    @Test
    void theDefaultAppliesWhenTheVariableIsUnsetOrEmpty() throws Exception {
        String yaml = "server: { admin-token: \"${TOKEN:-fallback}\" }\n" + TARGET;

        assertThat(parse(Map.of(), yaml).server().adminToken()).isEqualTo("fallback");
        assertThat(parse(Map.of("TOKEN", ""), yaml).server().adminToken()).isEqualTo("fallback");
        assertThat(parse(Map.of("TOKEN", "set"), yaml).server().adminToken()).isEqualTo("set");
        assertThat(parse(Map.of(), "server: { admin-token: \"${TOKEN:-}\" }\n" + TARGET).server().adminEnabled()).isFalse();
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAProblemNamingIt() {
        assertThat(problems(Map.of(), "storage: { password: \"${DB_PASSWORD}\" }\n" + TARGET))
                .containsExactly("storage.password: environment variable \"DB_PASSWORD\" is not set");
    }

    @Test
    void aVariableSetToEmptyIsUsedAsEmpty() throws Exception {
        assertThat(parse(Map.of("DB_PASSWORD", ""), "storage: { password: \"${DB_PASSWORD}\" }\n" + TARGET)
                .storage().password()).isEmpty();
    }

    @Test
    void doubleDollarEscapesAReferenceAndABareDollarIsLeftAlone() throws Exception {
        ShipwatchConfig config = parse(Map.of("X", "no", "SHIPWATCH_RUN_ID", "no"), """
                site: { name: "$${X} costs $5" }
                targets:
                  - name: local-java
                    platform: { type: local, jvm-args: [ "-Drun=$SHIPWATCH_RUN_ID", "-Dpid=$$" ] }
                """);

        assertThat(config.site().name()).isEqualTo("${X} costs $5");
        assertThat(config.targets().get(0).platform().settings())
                .containsEntry("jvm-args", List.of("-Drun=$SHIPWATCH_RUN_ID", "-Dpid=$$"));
    }

    @Test
    void platformSettingsAreInterpolatedAtEveryDepth() throws Exception {
        ShipwatchConfig config = parse(Map.of("JDK", "/opt/jdk"), """
                targets:
                  - name: local-java
                    platform: { type: local, java-home: "${JDK}", jvm-args: [ "-Xmx${HEAP:-64m}" ] }
                """);

        assertThat(config.targets().get(0).platform().settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("java-home", "/opt/jdk", "jvm-args", List.of("-Xmx64m")));
    }

    @Test
    void anUnsetVariableInAPlatformSettingIsReportedAtItsPath() {
        assertThat(problems(Map.of(), """
                targets:
                  - name: local-java
                    platform: { type: local, jvm-args: [ "-Xmx64m", "${ARGS}" ] }
                """)).containsExactly("targets[local-java].platform.jvm-args[1]: environment variable \"ARGS\" is not set");
    }

    @Test
    void numbersAndDurationsMayComeFromTheEnvironment() throws Exception {
        ShipwatchConfig config = parse(Map.of("PORT", "9090", "EVERY", "10m"), """
                server: { port: "${PORT:-8080}" }
                defaults: { schedule: "${EVERY}" }
                """ + TARGET);

        assertThat(config.server().port()).isEqualTo(9090);
        assertThat(config.defaults().schedule()).hasToString("10m");
    }

    @Test
    void problemsQuoteTheInterpolatedValueOfOrdinaryKeys() {
        assertThat(problems(Map.of("EVERY", "5x"), "defaults: { schedule: \"${EVERY}\" }\n" + TARGET))
                .containsExactly("defaults.schedule: \"5x\" is not a duration (use e.g. 250ms, 30s, 5m, 2h)");
    }

    @Test
    void problemsQuoteTheReferenceNotTheValueOfSecretKeys() {
        String yaml = "server: { admin-token: \"${ADMIN_TOKEN}\" }\n" + TARGET;

        assertThatThrownBy(() -> parse(Map.of("ADMIN_TOKEN", "s3cr3t-value\n"), yaml))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).containsExactly("server.admin-token: \"${ADMIN_TOKEN}\" contains whitespace");
                    assertThat(e.getMessage()).doesNotContain("s3cr3t");
                });
    }

    @Test
    void problemsNeverQuoteASecretWrittenIntoTheFile() {
        assertThat(problems(Map.of(), "server: { admin-token: \"s3cr3t value\" }\n" + TARGET))
                .containsExactly("server.admin-token: \"***\" contains whitespace");
    }

    @Test
    void keysAreNeverInterpolated() {
        assertThat(problems(Map.of("KEY", "name"), "site: { \"${KEY}\": Example }\n" + TARGET))
                .containsExactly("site.${KEY}: unknown key (known: name, url, time-zone)");
    }

    @Test
    void malformedReferencesAreProblems() {
        assertThat(problems(Map.of(), "site: { name: \"${SITE\", url: \"http://${1HOST}/\" }\n" + TARGET))
                .containsExactly(
                        "site.name: \"${SITE\" is not closed by \"}\"",
                        "site.url: \"${1HOST}\" is not a variable reference (use ${NAME} or ${NAME:-default})");
    }

    @Test
    void aTargetNameFromAnUnsetVariableIsAddressedByIndex() {
        assertThat(problems(Map.of(), """
                targets:
                  - name: "${TARGET_NAME}"
                    platform: { type: heroku }
                """)).containsExactly(
                "targets[0].name: environment variable \"TARGET_NAME\" is not set",
                "targets[0].platform.type: \"heroku\" is not a known platform (known: local)");
    }

    static Stream<Arguments> nestedDefaults() {
        return Stream.of(
                Arguments.of("${A:-${B}}", Map.of("B", "bee"), "bee"),
                Arguments.of("${A:-${B}}", Map.of("A", "ay", "B", "bee"), "ay"),
                Arguments.of("${A:-${B}}", Map.of("A", "", "B", "bee"), "bee"),
                Arguments.of("${A:-${B:-${C:-sea}}}", Map.of(), "sea"),
                Arguments.of("${A:-x-${B:-y}-z}!", Map.of(), "x-y-z!"),
                Arguments.of("${A:-${B}-${C}}", Map.of("B", "b", "C", "c"), "b-c"),
                Arguments.of("${A:-$${B}}", Map.of("B", "bee"), "${B}"),
                Arguments.of("${A:-{x}}", Map.of(), "{x}"));
    }

    @ParameterizedTest(name = "{0} with {1} is {2}")
    @MethodSource("nestedDefaults")
    void aDefaultIsItselfInterpolated(String reference, Map<String, String> env, String expected) throws Exception {
        assertThat(parse(env, "site: { name: \"" + reference + "\" }\n" + TARGET).site().name()).isEqualTo(expected);
    }

    @Test
    void aNestedReferenceToAnUnsetVariableIsAProblemNeverTheLiteral() {
        assertThat(problems(Map.of(), "server: { admin-token: \"${ADMIN_TOKEN:-${FALLBACK_TOKEN}}\" }\n" + TARGET))
                .containsExactly("server.admin-token: environment variable \"FALLBACK_TOKEN\" is not set");
    }

    @Test
    void malformedNestedReferencesAreProblems() {
        assertThat(problems(Map.of(), "site: { name: \"${A:-${B}\", url: \"${A:-${1B}}\" }\n" + TARGET))
                .containsExactly(
                        "site.name: \"${A:-${B}\" is not closed by \"}\"",
                        "site.url: \"${1B}\" is not a variable reference (use ${NAME} or ${NAME:-default})");
    }

    @Test
    void defaultsNestMostEightDeep() throws Exception {
        String eight = "${A:-".repeat(7) + "${A:-deep}" + "}".repeat(7);
        assertThat(parse(Map.of(), "site: { name: \"" + eight + "\" }\n" + TARGET).site().name()).isEqualTo("deep");

        String nine = "${A:-".repeat(8) + "${A:-deep}" + "}".repeat(8);
        assertThat(problems(Map.of(), "site: { name: \"" + nine + "\" }\n" + TARGET))
                .containsExactly("site.name: \"${A:-${A:-deep}}\" nests defaults more than 8 deep");
    }
}
