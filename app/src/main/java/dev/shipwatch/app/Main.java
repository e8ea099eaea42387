package dev.shipwatch.app;

import ch.qos.logback.classic.Level;
import dev.shipwatch.config.ConfigException;
import java.util.List;
import org.slf4j.LoggerFactory;
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
        CommandLine cli = commandLine();
        CommandLine.IExecutionStrategy last = new CommandLine.RunLast();
        cli.setExecutionStrategy(parsed -> {
            quietUnlessRunning(parsed.asCommandLineList());
            return last.execute(parsed);
        });
        return cli.execute(args);
    }

    /**
     * Only {@code run} is a server whose INFO lines are its record; the other commands print what
     * they are for on stdout (probe: its progress), and timestamped INFO lines on stderr would run
     * through it in a terminal. So they log at WARN, unless SHIPWATCH_LOG_LEVEL asks otherwise.
     */
    private static void quietUnlessRunning(List<CommandLine> invoked) {
        boolean running = invoked.stream().anyMatch(c -> c.getCommand() instanceof RunCommand);
        String asked = System.getenv("SHIPWATCH_LOG_LEVEL");
        if (!running && (asked == null || asked.isBlank())
                && LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
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
            CommandLine cmd = e.getCommandLine();
            // A mistyped command or option ("valdate", "--targt"): say what was meant rather than
            // all usage. picocli reports a required option missing before a word it did not know,
            // and the word is what the user got wrong.
            CommandLine.ParameterException shown = e instanceof CommandLine.UnmatchedArgumentException || cmd.getUnmatchedArguments().isEmpty()
                    ? e : new CommandLine.UnmatchedArgumentException(cmd, cmd.getUnmatchedArguments());
            cmd.getErr().println(shown.getMessage());
            if (shown instanceof CommandLine.UnmatchedArgumentException unmatched
                    && CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, cmd.getErr())) {
                cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the commands and options.");
                return ExitCodes.USAGE;
            }
            cmd.usage(cmd.getErr());
            return ExitCodes.USAGE;
        });
        return cli;
    }
}
