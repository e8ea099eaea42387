package dev.shipwatch.config;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code alerting} section: where pages go and the policy per target. Kept apart from
 * {@link ShipwatchConfig} (read it with {@link ConfigLoader#loadAlerting}); per-target policies
 * are keyed by target name.
 *
 * @param policy          the policy of every target without an override
 * @param targets         overrides by target name, already merged over {@code policy}
 * @param outboxRetention how long events that were sent stay in the outbox (for {@code alerts}, audits)
 */
public record AlertingConfig(PagerDutyConfig pagerDuty, AlertPolicy policy, Map<String, AlertPolicy> targets,
                             Duration outboxRetention) {
    public static final Duration DEFAULT_OUTBOX_RETENTION = Duration.ofDays(30);
    /** No routing key: nothing pages. */
    public static final AlertingConfig NONE = new AlertingConfig(PagerDutyConfig.NONE, AlertPolicy.DEFAULT, Map.of());

    public AlertingConfig {
        targets = Map.copyOf(targets);
    }

    public AlertingConfig(PagerDutyConfig pagerDuty, AlertPolicy policy, Map<String, AlertPolicy> targets) {
        this(pagerDuty, policy, targets, DEFAULT_OUTBOX_RETENTION);
    }

    public AlertPolicy policyFor(String target) {
        return targets.getOrDefault(target, policy);
    }
}
