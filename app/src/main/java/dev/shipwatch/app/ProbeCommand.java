package dev.shipwatch.app;

import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.ProbeRunner;
import dev.shipwatch.prober.RunObserver;
import dev.shipwatch.prober.platform.Platforms;
import dev.shipwatch.prober.platform.TargetPlatform;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "probe", description = "Runs one cycle of a target now, prints each phase as it completes, and stores the run.")
final class ProbeCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;
    @Option(names = {"-t", "--target"}, required = true, paramLabel = "NAME", description = "the target to probe")
    String targetName;
    @Option(names = "--json", description = "print the finished run as one JSON object per line on stdout (progress goes to stderr)")
    boolean json;
    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "run N cycles in this process (default: ${DEFAULT-VALUE})")
    int repeat;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter progress = json ? err : out;
        if (repeat < 1) {
            err.println("--repeat must be at least 1, got " + repeat);
            return ExitCodes.USAGE;
        }
        Platforms platforms = Platforms.builtIn();
        ShipwatchConfig cfg = config.load(platforms);
        Optional<Target> target = cfg.target(targetName);
        if (target.isEmpty()) {
            err.printf("no target named \"%s\" in %s (targets: %s)%n", targetName, config.file,
                    String.join(", ", cfg.targets().stream().map(Target::name).toList()));
            return ExitCodes.USAGE;
        }
        boolean allOk = true;
        try (Database db = Database.open(cfg.storage());
             RunWriter writer = new RunWriter(db.runs(), Clock.systemUTC());
             TargetPlatform platform = platforms.factory(target.get().platform().type()).create(target.get(), Monitor.DEFAULT_WORK_ROOT.toAbsolutePath());
             ProbeRunner runner = new ProbeRunner(Monitor.DEFAULT_WORK_ROOT.toAbsolutePath(), Nodes.thisNode(),
                     cfg.node().location(), Clock.systemUTC())) {
            platform.sweepOrphans();
            Regressions regressions = new Regressions(db.runs());
            for (int i = 0; i < repeat; i++) {
                Recorder recorder = new Recorder(writer, regressions::annotate, r -> { });
                ProbeRun finished = runner.run(target.get(), platform, new Progress(recorder, progress));
                ProbeRun run = recorder.recorded() != null ? recorder.recorded() : finished;
                if (json) {
                    out.println(RunJson.of(run));
                } else {
                    out.println(Progress.summary(run));
                }
                out.flush();
                allOk &= run.outcome() == Outcome.SUCCESS || run.outcome() == Outcome.DEGRADED;
            }
        }
        return allOk ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Prints each phase as it completes, then passes events on to the recorder. */
    private record Progress(RunObserver next, PrintWriter out) implements RunObserver {
        @Override
        public void started(RunStarted run) {
            out.printf("%s: run %s on %s%n", run.target(), run.id(), run.platform());
            out.flush();
            next.started(run);
        }

        @Override
        public void phaseDone(RunStarted run, Phase phase, double ms, boolean ok) {
            out.printf(Locale.ROOT, "  %-14s %10.1f ms  %s%n", phase.wire(), ms, ok ? "ok" : "FAILED");
            out.flush();
            next.phaseDone(run, phase, ms, ok);
        }

        @Override
        public void finished(ProbeRun run) {
            next.finished(run);
        }

        static String summary(ProbeRun run) {
            StringBuilder s = new StringBuilder(run.target()).append(": ").append(run.outcome().wire());
            if (run.failure() != null) {
                s.append(" (").append(run.failure().phase() == null ? "" : run.failure().phase().wire() + " ")
                        .append(run.failure().failureClass().wire()).append(": ").append(run.failure().message()).append(')');
            }
            run.breaches().forEach(b -> s.append("\n  slo ").append(b.objective()).append(": ").append(b.actual())
                    .append(" (objective ").append(b.limit()).append(')'));
            run.shifts().forEach(f -> s.append("\n  regression: ").append(f.describe(f.since().toString())));
            return s.toString();
        }
    }
}
