package dev.shipwatch.app;

import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.LoadedConfig;
import dev.shipwatch.config.ReportConfig;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.prober.platform.Platforms;
import dev.shipwatch.statuspage.report.ReportFormats;
import dev.shipwatch.statuspage.report.ReportPeriod;
import dev.shipwatch.statuspage.report.Reports;
import dev.shipwatch.statuspage.report.SlaReport;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.RunHistory;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", description = "Prints the SLA report of a month (or of --from/--to) in the page's time zone: "
        + "availability, downtime, incidents, maintenance, no data, latency percentiles, objectives and error budget.")
final class ReportCommand implements Callable<Integer> {
    enum Format { table, csv, json }

    @Mixin
    ConfigOption config;
    @Option(names = "--month", paramLabel = "YYYY-MM", description = "the calendar month (default: the last complete one)")
    String month;
    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first day of the period (with --to)")
    String from;
    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "the day after the period's last day (exclusive)")
    String to;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE})")
    Format format;
    @Option(names = "--target", paramLabel = "NAME", description = "only this target")
    String target;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedConfig loaded = config.loadAll(Platforms.builtIn());
        ReportConfig reports = loaded.reports();
        ShipwatchConfig cfg = loaded.config();
        Clock clock = Clock.systemUTC();
        ReportPeriod period;
        try {
            period = period(cfg, clock);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        SlaReport report;
        try (Database db = Database.open(cfg.storage())) {
            Reports r = new Reports(cfg.site(), cfg.targets(), loaded.statusPage(), reports, db.runs(),
                    new RunHistory(db.dataSource()), db.incidents(), db.maintenance(), clock);
            report = r.report(period, target);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        out.print(switch (format) {
            case table -> ReportFormats.table(report);
            case csv -> ReportFormats.csv(report);
            case json -> ReportFormats.json(report);
        });
        out.flush();
        return ExitCodes.OK;
    }

    private ReportPeriod period(ShipwatchConfig cfg, Clock clock) {
        var zone = cfg.site().timeZone();
        if (month != null && (from != null || to != null)) {
            throw new IllegalArgumentException("give --month or --from/--to, not both");
        }
        if ((from == null) != (to == null)) {
            throw new IllegalArgumentException("--from and --to go together (--to is exclusive: the day after the last)");
        }
        if (from != null) {
            return ReportPeriod.days(date("--from", from), date("--to", to), zone);
        }
        if (month != null) {
            try {
                return ReportPeriod.month(YearMonth.parse(month), zone);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--month \"" + month + "\" is not a month like 2026-10");
            }
        }
        return ReportPeriod.month(YearMonth.now(clock.withZone(zone)).minusMonths(1), zone);
    }

    private static LocalDate date(String option, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " \"" + value + "\" is not a date like 2026-10-01");
        }
    }
}
