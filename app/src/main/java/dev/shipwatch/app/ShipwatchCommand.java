package dev.shipwatch.app;

import picocli.CommandLine.Command;

@Command(name = "shipwatch", mixinStandardHelpOptions = true, version = "shipwatch 0.1.0",
        description = "End-to-end deployment monitor: deploys a canary again and again, measures it, publishes status.",
        subcommands = {RunCommand.class, ValidateCommand.class, ProbeCommand.class, CompareCommand.class,
                AlertsCommand.class, ExportStaticCommand.class, ReportCommand.class})
final class ShipwatchCommand {}
