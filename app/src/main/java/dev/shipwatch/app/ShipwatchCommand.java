package dev.shipwatch.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ScopeType;

/**
 * The top command. {@code scope = INHERIT}: every subcommand gets {@code -h/--help} (which, being
 * a help option, is answered before required options such as {@code --config} are checked) and
 * {@code -V/--version}, and lists the exit codes in its help too.
 */
@Command(name = "shipwatch", mixinStandardHelpOptions = true, version = "shipwatch 0.1.0", scope = ScopeType.INHERIT,
        description = "End-to-end deployment monitor: deploys a canary again and again, measures it, publishes status.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.OK + ":success (a probe: success or degraded; help and version)",
                ExitCodes.FAILED + ":failed: a probe failed or was aborted, or the monitor could not run",
                ExitCodes.USAGE + ":bad config or bad usage (every problem is printed)"},
        subcommands = {RunCommand.class, ValidateCommand.class, ProbeCommand.class, CompareCommand.class,
                AlertsCommand.class, NodesCommand.class, ExportStaticCommand.class, ReportCommand.class, HelpCommand.class})
final class ShipwatchCommand {}
