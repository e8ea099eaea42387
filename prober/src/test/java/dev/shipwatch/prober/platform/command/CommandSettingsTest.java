package dev.shipwatch.prober.platform.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSettingsTest {
    private final CommandPlatformFactory factory = new CommandPlatformFactory(Map.of());

    @Test
    void everyProblemIsReportedWithItsKey() {
        List<String> problems = factory.validate(Map.of("buld", "./build.sh", "url", "https://(.*)/(x)",
                "env", Map.of("CANARY_TOKEN", "x", "bad-name", "y")));

        assertThat(problems).containsExactlyInAnyOrder(
                "unknown key \"buld\" (known: build, deploy, url, teardown, env)",
                "deploy: missing (a shell command)",
                "teardown: missing (a shell command)",
                "url: \"https://(.*)/(x)\" has 2 capture groups; it needs exactly one, around the URL (use (?:…) for the others)",
                "env.CANARY_TOKEN: set by Shipwatch for every step; choose another name",
                "env.bad-name: not a valid environment variable name");
    }

    @Test
    void aMissingUrlABadRegexAndEmptyStepsAreProblems() {
        assertThat(factory.validate(Map.of("deploy", "d", "teardown", "t")))
                .singleElement().asString().startsWith("url: missing");
        assertThat(factory.validate(Map.of("deploy", " ", "teardown", 3, "url", "(https://[a-z")))
                .containsExactly("deploy: \" \" must be a shell command (a non-empty string)",
                        "teardown: 3 must be a shell command (a non-empty string)",
                        "url: \"(https://[a-z\" is not a valid regular expression: Unclosed character class near index 12");
    }

    @Test
    void anEnvThatIsNotAMappingIsRejectedWithoutQuotingTheValue() {
        assertThat(factory.validate(Map.of("deploy", "d", "teardown", "t", "url", "last-line", "env", "sk-secret-value")))
                .containsExactly("env: must be a mapping of variable names to values");
    }

    @Test
    void theUrlIsTheLastLineOrTheGroupOfThePatternsLastMatch() {
        var lastLine = CommandSettings.of(Map.of("deploy", "d", "teardown", "t", "url", "last-line"));
        assertThat(lastLine.canaryUrl("Deploying…\nhttps://canary-1.fly.dev\n\n")).contains(URI.create("https://canary-1.fly.dev"));
        assertThat(lastLine.canaryUrl("done")).isEmpty();
        assertThat(lastLine.canaryUrl("")).isEmpty();

        var regex = CommandSettings.of(Map.of("deploy", "d", "teardown", "t", "url", "Service URL: (\\S+)"));
        assertThat(regex.canaryUrl("Service URL: https://old.run.app\nrevision 2\nService URL: https://canary-abc.a.run.app\nDone."))
                .contains(URI.create("https://canary-abc.a.run.app"));
        assertThat(regex.canaryUrl("Service URL: ftp://nope")).isEmpty();
    }

    @Test
    void secretsAreMaskedLongestFirstAndShortValuesLeftAlone() {
        var r = new Redactor(List.of("abcd", "abcdefgh", "eu"));
        assertThat(r.redact("key=abcdefgh other=abcd region=eu")).isEqualTo("key=*** other=*** region=eu");
    }

    @Test
    void aStepGetsItsPhaseTimeoutLessASmallMargin() {
        assertThat(CommandPlatform.stepLimit(java.time.Duration.ofSeconds(2))).isEqualTo(java.time.Duration.ofMillis(1600));
        assertThat(CommandPlatform.stepLimit(java.time.Duration.ofMinutes(2))).isEqualTo(java.time.Duration.ofSeconds(119));
    }
}
