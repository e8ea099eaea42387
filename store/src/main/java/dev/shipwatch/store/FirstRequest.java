package dev.shipwatch.store;

/**
 * The first request after cold start, split by OkHttp's call events (milliseconds; null where
 * the step did not happen, e.g. no DNS for an IP literal, no TLS for plain HTTP).
 */
public record FirstRequest(Double dnsMs, Double connectMs, Double tlsMs, Double ttfbMs, Double transferMs,
                           double totalMs, int status) {}
