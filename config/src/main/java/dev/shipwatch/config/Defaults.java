package dev.shipwatch.config;

/** Values merged into every target that does not set its own. */
public record Defaults(Schedule schedule, int requests, Timeouts timeouts, Slo slo) {}
