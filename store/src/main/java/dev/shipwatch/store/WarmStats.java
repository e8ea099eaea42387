package dev.shipwatch.store;

/** Latency of the warm requests (milliseconds) over {@code count} requests. */
public record WarmStats(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {}
