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
        + "runs, success %%, median and tail of build, deploy, cold start, warm request p95 and file ops/s; then the median "
        + "of every figure (with --baseline, as a ratio to that target's), and the regressions found.")
final class CompareCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;
    @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "the period: the last N days (default: ${DEFAULT-VALUE})")
    int days;
    @Option(names = "--baseline", paramLabel = "TARGET", description = "also show how many times slower each target is than this one, figure by figure")
    String baseline;
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
        if (baseline != null && cfg.target(baseline).isEmpty()) {
            err.printf("--baseline: no target named \"%s\" in %s (targets: %s)%n", baseline, config.file,
                    String.join(", ", cfg.targets().stream().map(Target::name).toList()));
            return ExitCodes.USAGE;
        }
        Instant to = Clock.systemUTC().instant();
        Instant from = to.minus(Duration.ofDays(days));
        List<Comparison> rows;
        try (Database db = Database.open(cfg.storage())) {
            rows = new java.util.ArrayList<>();
            for (Target t : cfg.targets()) {
                List<dev.shipwatch.store.ProbeRun> runs = db.runs().between(t.name(), from, to);
                if (t.multiLocation()) {
                    // a row per location: the platform's figures seen from each place
                    for (String location : t.locations()) {
                        rows.add(Comparison.of(t.name(), t.platform().type(), runs, location));
                    }
                } else {
                    rows.add(Comparison.of(t.name(), t.platform().type(), runs));
                }
            }
        }
        if (json) {
            out.println(Comparison.json(from, to, days, rows));
        } else {
            out.printf("runs started %s – %s (last %d day%s)%n", from, to, days, days == 1 ? "" : "s");
            out.print(Comparison.table(rows));
            if (rows.stream().anyMatch(c -> !c.medians().isEmpty())) {
                out.println();
                out.print(Comparison.figures(rows, baseline));
            }
            String shifts = Comparison.shifts(rows, cfg.site().timeZone());
            if (!shifts.isEmpty()) {
                out.println();
                out.println("regressions, as of each target's newest run:");
                shifts.lines().forEach(l -> out.println("  " + l));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
