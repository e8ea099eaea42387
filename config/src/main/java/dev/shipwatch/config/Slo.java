package dev.shipwatch.config;

import java.time.Duration;

/**
 * Service-level objectives of a target; a null field is not checked. A run that breaks one
 * is {@code degraded}.
 *
 * @param fsOpsPerS        minimum file-system operations per second reported by {@code /work/fs}
 * @param fsOpenReadPerS   minimum opens and reads of small existing files per second ({@code /work/fs-profile})
 * @param fsStatMissingPerS minimum stats of missing paths per second
 * @param fsCreateFsyncPerS minimum create + write + fsync + delete cycles per second
 * @param fsListPerS       minimum directory listings per second
 */
public record Slo(Duration build, Duration deploy, Duration coldStart, Duration firstRequest,
                  Duration requestP95, Double fsOpsPerS, Double fsOpenReadPerS, Double fsStatMissingPerS,
                  Double fsCreateFsyncPerS, Double fsListPerS) {
    public static final Slo NONE = new Slo(null, null, null, null, null, null);

    /** Objectives without the file-system profile's. */
    public Slo(Duration build, Duration deploy, Duration coldStart, Duration firstRequest, Duration requestP95,
               Double fsOpsPerS) {
        this(build, deploy, coldStart, firstRequest, requestP95, fsOpsPerS, null, null, null, null);
    }
}
