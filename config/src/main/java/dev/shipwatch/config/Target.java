package dev.shipwatch.config;

/**
 * One monitored deployment target, with the defaults already merged in.
 *
 * @param name      unique, {@code [a-z0-9-]+}; also the id in storage and in alert keys
 * @param component the status page component the target feeds
 * @param requests  number of warm requests per run
 */
public record Target(String name, String component, PlatformSpec platform, CanarySpec canary,
                     Schedule schedule, int requests, Timeouts timeouts, Slo slo) {}
