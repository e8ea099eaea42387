package dev.shipwatch.config;

import java.time.Duration;

/**
 * Service-level objectives of a target; a null field is not checked. A run that breaks one
 * is {@code degraded}.
 *
 * @param fsOpsPerS minimum file-system operations per second reported by {@code /work/fs}
 */
public record Slo(Duration build, Duration deploy, Duration coldStart, Duration firstRequest,
                  Duration requestP95, Double fsOpsPerS) {
    public static final Slo NONE = new Slo(null, null, null, null, null, null);
}
