package dev.shipwatch.config;

import java.util.Map;

/**
 * The {@code alerting} section: where pages go and the policy per target. Kept apart from
 * {@link ShipwatchConfig} (read it with {@link ConfigLoader#loadAlerting}); per-target policies
 * are keyed by target name.
 *
 * @param policy  the policy of every target without an override
 * @param targets overrides by target name, already merged over {@code policy}
 */
public record AlertingConfig(PagerDutyConfig pagerDuty, AlertPolicy policy, Map<String, AlertPolicy> targets) {
    /** No routing key: nothing pages. */
    public static final AlertingConfig NONE = new AlertingConfig(PagerDutyConfig.NONE, AlertPolicy.DEFAULT, Map.of());

    public AlertingConfig {
        targets = Map.copyOf(targets);
    }

    public AlertPolicy policyFor(String target) {
        return targets.getOrDefault(target, policy);
    }
}
