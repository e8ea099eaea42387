package dev.shipwatch.store;

/**
 * What the canary measured inside the platform; null where not measured.
 *
 * @param fsOpsPerS  {@code /work/fs}: create/write/stat/read/delete cycles of one file per second (the headline figure)
 * @param cpuMs      {@code /work/cpu}: milliseconds of fixed CPU work
 * @param outboundMs {@code /work/outbound}: the whole call to {@code CANARY_OUTBOUND_URL}
 * @param fs         {@code /work/fs-profile}: the file-system profile, never null ({@link FsProfile#NONE})
 * @param outbound   the outbound call split by phase, never null ({@link OutboundTimings#NONE})
 */
public record Workload(Double fsOpsPerS, Double cpuMs, Double outboundMs, FsProfile fs, OutboundTimings outbound) {
    public static final Workload NONE = new Workload(null, null, null);

    public Workload {
        fs = fs == null ? FsProfile.NONE : fs;
        outbound = outbound == null ? OutboundTimings.NONE : outbound;
    }

    /** Without the profile and the outbound split (a canary that does not serve them, older runs). */
    public Workload(Double fsOpsPerS, Double cpuMs, Double outboundMs) {
        this(fsOpsPerS, cpuMs, outboundMs, FsProfile.NONE, OutboundTimings.NONE);
    }
}
