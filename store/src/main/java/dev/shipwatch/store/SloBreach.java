package dev.shipwatch.store;

/**
 * One broken objective of a degraded run, e.g. {@code ("cold-start", "5s", "7.2s")}.
 *
 * @param objective the config key of the objective
 */
public record SloBreach(String objective, String limit, String actual) {}
