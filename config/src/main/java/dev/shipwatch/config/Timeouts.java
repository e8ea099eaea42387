package dev.shipwatch.config;

import java.time.Duration;

/** Per-phase time limits of one run. {@code request} applies to each single HTTP request. */
public record Timeouts(Duration build, Duration deploy, Duration coldStart, Duration request, Duration teardown) {}
