package dev.shipwatch.store;

/** What the canary measured inside the platform; null where not measured. */
public record Workload(Double fsOpsPerS, Double cpuMs, Double outboundMs) {
    public static final Workload NONE = new Workload(null, null, null);
}
