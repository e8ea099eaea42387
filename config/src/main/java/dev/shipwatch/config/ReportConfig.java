package dev.shipwatch.config;

import java.util.Map;

/**
 * The SLA reports' settings: the {@code reports} section and {@code status-page.reports} (read
 * by {@link ConfigLoader#loadReports}).
 *
 * @param access     who may read the reports on the status page
 * @param precision  decimals of availability percentages (0–6)
 * @param objectives what every target and component is held to
 * @param targets    per target name: objectives replacing the defaults key by key
 * @param components per component id: objectives replacing the defaults key by key
 */
public record ReportConfig(ReportAccess access, int precision, Objectives objectives,
                           Map<String, Objectives> targets, Map<String, Objectives> components) {
    public static final int DEFAULT_PRECISION = 3;
    public static final ReportConfig DEFAULT = new ReportConfig(ReportAccess.ADMIN, DEFAULT_PRECISION, Objectives.NONE,
            Map.of(), Map.of());

    public ReportConfig {
        targets = Map.copyOf(targets);
        components = Map.copyOf(components);
    }

    public Objectives forTarget(String name) {
        return objectives.overriddenBy(targets.getOrDefault(name, Objectives.NONE));
    }

    public Objectives forComponent(String id) {
        return objectives.overriddenBy(components.getOrDefault(id, Objectives.NONE));
    }
}
