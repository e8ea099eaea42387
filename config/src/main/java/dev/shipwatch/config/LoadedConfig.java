package dev.shipwatch.config;

/** Everything a config file holds: the core config and the status page's sections. */
public record LoadedConfig(ShipwatchConfig config, StatusPageConfig statusPage) {}
