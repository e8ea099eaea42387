package dev.shipwatch.config;

/** Everything a config file holds: the core config, the status page's sections, alerting and SLA reports. */
public record LoadedConfig(ShipwatchConfig config, StatusPageConfig statusPage, AlertingConfig alerting,
                           ReportConfig reports) {}
