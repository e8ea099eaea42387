package dev.shipwatch.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.Platforms;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = "Checks a config file and reports every problem in it.")
final class ValidateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConfigOption config;
    @Option(names = "--json", description = "print the verdict as one JSON object on stdout: file, valid, "
            + "and the targets (valid) or every problem (invalid); the exit code is the same")
    boolean json;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        ShipwatchConfig cfg;
        try {
            cfg = config.load(Platforms.builtIn());
        } catch (ConfigException bad) {
            if (!json) {
                throw bad; // Main prints every problem on stderr, as for every command
            }
            ObjectNode o = JSON.createObjectNode().put("file", config.file.toString()).put("valid", false);
            bad.problems().forEach(o.putArray("problems")::add);
            out.println(o);
            out.flush();
            return ExitCodes.USAGE;
        }
        if (json) {
            ObjectNode o = JSON.createObjectNode().put("file", config.file.toString()).put("valid", true);
            cfg.targets().forEach(t -> o.withArray("targets").addObject().put("name", t.name())
                    .put("platform", t.platform().type()).put("schedule", t.schedule().toString()));
            out.println(o);
        } else {
            out.printf("%s: OK, %d target(s): %s%n", config.file, cfg.targets().size(),
                    String.join(", ", cfg.targets().stream().map(Target::name).toList()));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
