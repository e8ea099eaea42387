package dev.shipwatch.config;

import java.util.List;

/**
 * Values merged into every target that does not set its own.
 *
 * @param locations empty when not set
 * @param quorum    null when not set (a target's default is a majority of its locations)
 */
public record Defaults(Schedule schedule, int requests, Timeouts timeouts, Slo slo, List<String> locations, Integer quorum) {
    public Defaults {
        locations = List.copyOf(locations);
    }

    public Defaults(Schedule schedule, int requests, Timeouts timeouts, Slo slo) {
        this(schedule, requests, timeouts, slo, List.of(), null);
    }
}
