package dev.shipwatch.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SLO objectives an SLA report checks for one target or component. A null or absent entry
 * is not checked.
 *
 * @param availability the least availability, in percent ({@code 99.9}), or null
 * @param latency      the most a latency percentile may be, by key: {@code build-p95},
 *                     {@code cold-start-p50}, {@code request-p99} … (see {@link #LATENCY_KEYS}), in
 *                     a fixed order
 */
public record Objectives(Double availability, Map<String, Duration> latency) {
    /** The latency objective keys: each measured figure of a report, each percentile. */
    public static final java.util.List<String> LATENCY_KEYS = java.util.List.of(
            "build-p50", "build-p95", "build-p99", "deploy-p50", "deploy-p95", "deploy-p99",
            "cold-start-p50", "cold-start-p95", "cold-start-p99", "request-p50", "request-p95", "request-p99");

    public static final Objectives NONE = new Objectives(null, Map.of());

    public Objectives {
        Map<String, Duration> ordered = new LinkedHashMap<>();
        for (String key : LATENCY_KEYS) {
            if (latency.containsKey(key)) {
                ordered.put(key, latency.get(key));
            }
        }
        latency = Collections.unmodifiableMap(ordered);
    }

    /** These objectives with each one {@code over} sets replaced by it. */
    public Objectives overriddenBy(Objectives over) {
        Map<String, Duration> merged = new LinkedHashMap<>(latency);
        merged.putAll(over.latency());
        return new Objectives(over.availability() != null ? over.availability() : availability, merged);
    }

    public boolean isEmpty() {
        return availability == null && latency.isEmpty();
    }
}
