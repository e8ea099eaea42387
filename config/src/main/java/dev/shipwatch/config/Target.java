package dev.shipwatch.config;

import java.util.List;

/**
 * One monitored deployment target, with the defaults already merged in.
 *
 * @param name      unique, {@code [a-z0-9-]+}; also the id in storage and in alert keys
 * @param component the status page component the target feeds
 * @param requests  number of warm requests per run
 * @param locations where each fire runs, once per location; empty: once per fire on any node,
 *                  whatever its location (the config names no location at all)
 * @param quorum    in how many of the locations the target must fail to be out (and to page);
 *                  failing in fewer is degraded. 1 when {@code locations} has at most one
 */
public record Target(String name, String component, PlatformSpec platform, CanarySpec canary,
                     Schedule schedule, int requests, Timeouts timeouts, Slo slo, List<String> locations, int quorum) {
    public Target {
        locations = List.copyOf(locations);
    }

    /** A target that runs anywhere, once per fire (no locations). */
    public Target(String name, String component, PlatformSpec platform, CanarySpec canary,
                  Schedule schedule, int requests, Timeouts timeouts, Slo slo) {
        this(name, component, platform, canary, schedule, requests, timeouts, slo, List.of(), 1);
    }

    /** Whether the quorum verdict applies: the target runs in more than one location. */
    public boolean multiLocation() {
        return locations.size() > 1;
    }

    /** Whether a node in {@code location} runs this target's fires. */
    public boolean runsIn(String location) {
        return locations.isEmpty() || locations.contains(location);
    }
}
