package dev.shipwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code alerting} section: defaults, per-target overrides, the routing key from the environment, bad values. */
class AlertingConfigTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String TARGETS = """
            targets:
              - name: local-java
                platform: { type: local }
              - name: local-two
                platform: { type: local }
            """;

    @TempDir
    Path work;

    private ConfigLoader loader(Map<String, String> env) {
        return Fixture.loader(Fixture.withCanary(work), env);
    }

    @Test
    void withoutAnAlertingSectionNothingPagesAndTheDefaultPolicyApplies() throws ConfigException {
        AlertingConfig alerting = loader(Map.of()).parseAlerting(TARGETS, "test.yml");
        assertThat(alerting.pagerDuty().pagingOn()).isFalse();
        assertThat(alerting.pagerDuty().eventsUrl()).isEqualTo("https://events.pagerduty.com");
        assertThat(alerting.pagerDuty().enqueueUrl()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
        assertThat(alerting.policyFor("local-java")).isEqualTo(new AlertPolicy(2, 3, 2, "critical", "warning", false));
    }

    @Test
    void theRoutingKeyComesFromTheEnvironmentAndTargetsOverrideThePolicyKeyByKey() throws ConfigException {
        String yaml = TARGETS + """
                alerting:
                  pagerduty:
                    routing-key: "${PD_KEY}"
                    events-url: http://127.0.0.1:9999/
                    events-per-minute: 60
                  policy: { failures: 3, window: 5, page-on-degraded: true }
                  targets:
                    local-two: { failures: 1, window: 1, failed-severity: error, page-on-regression: true }
                """;
        AlertingConfig alerting = loader(Map.of("PD_KEY", KEY)).parseAlerting(yaml, "test.yml");
        assertThat(alerting.pagerDuty().pagingOn()).isTrue();
        assertThat(alerting.pagerDuty().routingKey()).isEqualTo(KEY);
        assertThat(alerting.pagerDuty().toString()).doesNotContain(KEY);
        assertThat(alerting.pagerDuty().enqueueUrl()).isEqualTo("http://127.0.0.1:9999/v2/enqueue");
        assertThat(alerting.pagerDuty().eventsPerMinute()).isEqualTo(60);
        assertThat(alerting.policyFor("local-java")).isEqualTo(new AlertPolicy(3, 5, 2, "critical", "warning", true));
        assertThat(alerting.policyFor("local-two")).isEqualTo(new AlertPolicy(1, 1, 2, "error", "warning", true, true));
        assertThat(alerting.policyFor("local-java").pageOnRegression()).isFalse();
        // the run config itself is unchanged by the section
        assertThat(loader(Map.of("PD_KEY", KEY)).parse(yaml, "test.yml").targets()).hasSize(2);
    }

    @Test
    void disabledPagingWithAKeyDoesNotPage() throws ConfigException {
        String yaml = TARGETS + "alerting: { pagerduty: { enabled: false, routing-key: " + KEY + " } }\n";
        assertThat(loader(Map.of()).parseAlerting(yaml, "test.yml").pagerDuty().pagingOn()).isFalse();
    }

    @Test
    void badValuesAreReportedWithTheirPathAndNeverQuoteTheKey() {
        String yaml = TARGETS + """
                alerting:
                  pagerduty: { routing-key: "${PD_KEY}", events-url: "ftp://x", enabled: maybe, sends: 1 }
                  policy: { failures: 4, window: 3, failed-severity: fatal, page-on-regression: often }
                  targets:
                    nope: { recover-after: 0 }
                """;
        assertThatThrownBy(() -> loader(Map.of("PD_KEY", "short-secret-value")).parseAlerting(yaml, "test.yml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).containsExactlyInAnyOrder(
                            "alerting.pagerduty.sends: unknown key (known: enabled, routing-key, events-url, events-per-minute)",
                            "alerting.pagerduty.enabled: \"maybe\" is not true or false",
                            "alerting.pagerduty.routing-key: \"${PD_KEY}\" is not a PagerDuty routing key (32 characters, no spaces)",
                            "alerting.pagerduty.events-url: \"ftp://x\" is not an http:// or https:// URL",
                            "alerting.policy.failures (4) must not be more than window (3)",
                            "alerting.policy.failed-severity: \"fatal\" is not a severity (critical, error, warning, info)",
                            "alerting.policy.page-on-regression: \"often\" is not true or false",
                            "alerting.targets.nope: no target is named \"nope\" (targets: local-java, local-two)",
                            "alerting.targets.nope.recover-after: 0 is not between 1 and 100");
                    assertThat(e.getMessage()).doesNotContain("short-secret-value");
                });
    }
}
