package dev.shipwatch.app;

import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.Platforms;
import dev.shipwatch.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

// Descriptions are format strings: a percent sign is written %%.
@Command(name = "compare", description = "Prints one table comparing every target's stored runs of the last days: "
        + "runs, success %%, median and tail of build, deploy, cold start, warm request p95 and file ops/s.")
final class CompareCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;
    @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "the period: the last N days (default: ${DEFAULT-VALUE})")
    int days;
    @Option(names = "--json", description = "print one JSON object on stdout instead of the table (the same figures, unrounded)")
    boolean json;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (days < 1) {
            err.println("--days must be at least 1, got " + days);
            return ExitCodes.USAGE;
        }
        ShipwatchConfig cfg = config.load(Platforms.builtIn());
        Instant to = Clock.systemUTC().instant();
        Instant from = to.minus(Duration.ofDays(days));
        List<Comparison> rows;
        try (Database db = Database.open(cfg.storage())) {
            rows = cfg.targets().stream()
                    .map((Target t) -> Comparison.of(t.name(), t.platform().type(), db.runs().between(t.name(), from, to)))
                    .toList();
        }
        if (json) {
            out.println(Comparison.json(from, to, days, rows));
        } else {
            out.printf("runs started %s – %s (last %d day%s)%n", from, to, days, days == 1 ? "" : "s");
            out.print(Comparison.table(rows));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
