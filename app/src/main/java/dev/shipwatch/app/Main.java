package dev.shipwatch.app;

import dev.shipwatch.config.ConfigException;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** {@code java -jar shipwatch.jar <command>}: the entry point. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit code: 0 ok (success or degraded), 1 failed, 2 bad config or usage. */
    public static int execute(String... args) {
        // OkHttp logs through java.util.logging; route it to SLF4J like everything else.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        return commandLine().execute(args);
    }

    /** The command line with its exit-code rules; tests set its out/err. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ShipwatchCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException bad) {
                // Every command loads its config this way: a bad file is a usage error, reported whole.
                ConfigOption.report(bad, cmd.getErr());
                return ExitCodes.USAGE;
            }
            cmd.getErr().println("shipwatch: " + e.getMessage());
            return ExitCodes.FAILED;
        });
        cli.setParameterExceptionHandler((e, args2) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return ExitCodes.USAGE;
        });
        return cli;
    }
}
