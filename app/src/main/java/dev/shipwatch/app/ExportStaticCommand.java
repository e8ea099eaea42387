package dev.shipwatch.app;

import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.LoadedConfig;
import dev.shipwatch.prober.platform.Platforms;
import dev.shipwatch.statuspage.StaticExport;
import dev.shipwatch.statuspage.StatusPage;
import dev.shipwatch.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export-static",
        description = "Writes the status page (HTML, JSON, Atom, badges) as files, the same bytes the server sends, "
                + "so it can be hosted apart from the monitor.")
final class ExportStaticCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder to write into (created when missing)")
    Path out;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
        LoadedConfig loaded = config.loadAll(Platforms.builtIn());
        try (Database db = Database.open(loaded.config().storage())) {
            StatusPage page = new StatusPage(loaded.config().site(), loaded.statusPage(), loaded.config().targets(),
                    db.runs(), db.incidents(), db.maintenance(), Clock.systemUTC());
            page.refresh();
            Map<String, Integer> files = StaticExport.write(page, out);
            long bytes = files.values().stream().mapToLong(Integer::longValue).sum();
            spec.commandLine().getOut().printf("wrote %d files (%d bytes) to %s%n", files.size(), bytes, out);
            return ExitCodes.OK;
        } catch (Exception e) {
            spec.commandLine().getErr().println("export-static failed: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
