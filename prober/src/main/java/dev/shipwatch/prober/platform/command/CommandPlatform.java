package dev.shipwatch.prober.platform.command;

import dev.shipwatch.config.Durations;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.Artifact;
import dev.shipwatch.prober.platform.Deployment;
import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.prober.platform.RunContext;
import dev.shipwatch.prober.platform.TargetPlatform;
import dev.shipwatch.store.FailureClass;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Build, deploy and teardown as user-given shell steps. The steps run in the canary's directory
 * ({@code canary.path}) with a clean environment: a few variables of the monitor's own
 * ({@link #PASSED_ENV}), the target's {@code env}, and the run's variables. Their output is kept
 * in the run directory while the run lasts; a failing step's tail becomes the failure message.
 */
final class CommandPlatform implements TargetPlatform {
    private static final Logger log = LoggerFactory.getLogger(CommandPlatform.class);
    /** What CLIs need to find themselves and their login state; every other monitor variable (its secrets) stays out. */
    static final List<String> PASSED_ENV = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR",
            "SHIPWATCH_LOCATION");
    /**
     * A step stops a little before its phase's limit, so that its own failure (with the output
     * tail) is reported rather than the runner's bare timeout.
     */
    private static final Duration MAX_MARGIN = Duration.ofSeconds(1);

    private final Target target;
    private final CommandSettings settings;
    private final Map<String, String> monitorEnv;

    CommandPlatform(Target target, CommandSettings settings, Map<String, String> monitorEnv) {
        this.target = target;
        this.settings = settings;
        this.monitorEnv = monitorEnv;
    }

    @Override
    public Artifact build(RunContext run) throws PhaseFailure, InterruptedException {
        if (settings.build() == null) {
            return new Artifact("");
        }
        ShellStep.Result r = step(run, "build", settings.build(), target.timeouts().build(), Map.of(),
                FailureClass.BUILD_FAILED, FailureClass.BUILD_TIMEOUT);
        List<String> lines = r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return new Artifact(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
    }

    @Override
    public Deployment deploy(RunContext run, Artifact artifact) throws PhaseFailure, InterruptedException {
        ShellStep.Result r = step(run, "deploy", settings.deploy(), target.timeouts().deploy(),
                Map.of("SHIPWATCH_ARTIFACT", artifact == null ? "" : artifact.ref()),
                FailureClass.DEPLOY_FAILED, FailureClass.DEPLOY_TIMEOUT);
        URI url = settings.canaryUrl(r.stdout()).orElseThrow(() -> new PhaseFailure(FailureClass.DEPLOY_FAILED,
                "deploy step printed no http(s) canary URL (" + settings.urlDescription() + ")" + tail(run, r)));
        log.debug("deploy step of run {} printed canary URL {}", run.runId(), url);
        return new Deployment(url, run.runId());
    }

    @Override
    public void teardown(RunContext run, Artifact artifact, Deployment deployment) throws PhaseFailure, InterruptedException {
        var extra = new LinkedHashMap<String, String>();
        extra.put("SHIPWATCH_ARTIFACT", artifact == null ? "" : artifact.ref());
        extra.put("SHIPWATCH_URL", deployment == null ? "" : deployment.baseUrl().toString());
        try {
            step(run, "teardown", settings.teardown(), target.timeouts().teardown(), extra,
                    FailureClass.TEARDOWN_FAILED, FailureClass.TEARDOWN_FAILED);
        } finally {
            try {
                deleteTree(run.workDir());
            } catch (IOException e) {
                log.warn("cannot delete run directory {} of target {}: {}", run.workDir(), target.name(), e.toString());
            }
        }
    }

    /**
     * What a crashed run created lives on the remote platform, where only the user's commands can
     * reach it: a teardown command that also removes earlier runs' leftovers (by name prefix) is
     * the way to sweep them. Stale run directories are swept with the local platform's.
     */
    @Override
    public int sweepOrphans() {
        return 0;
    }

    private ShellStep.Result step(RunContext run, String name, String script, Duration phaseLimit, Map<String, String> extra,
                                  FailureClass failed, FailureClass timedOut) throws PhaseFailure, InterruptedException {
        Duration limit = stepLimit(phaseLimit);
        ShellStep.Result r;
        try {
            Files.createDirectories(run.workDir());
            r = ShellStep.run(name, script, target.canary().path(), env(run, extra), run.workDir(), limit);
        } catch (IOException e) {
            throw new PhaseFailure(failed, name + " step could not run: " + redactor(run).redact(e.getMessage()), e);
        }
        if (r.timedOut()) {
            throw new PhaseFailure(timedOut, name + " step did not finish within " + Durations.format(limit)
                    + "; it and every process it started were killed" + tail(run, r));
        }
        if (r.exitCode() != 0) {
            throw new PhaseFailure(failed, name + " step exited with code " + r.exitCode() + tail(run, r));
        }
        if (log.isDebugEnabled()) {
            log.debug("{} step of target {} run {} succeeded{}", name, target.name(), run.runId(), tail(run, r));
        }
        return r;
    }

    /** {@code ": <stdout tail>[stderr] <stderr tail>"}, secrets masked; {@code " (no output)"} when there was none. */
    private String tail(RunContext run, ShellStep.Result r) {
        String text = r.stdout().strip();
        if (!r.stderr().isBlank()) {
            text = (text.isEmpty() ? "" : text + "\n") + "[stderr]\n" + r.stderr().strip();
        }
        String tail = redactor(run).redact(ShellStep.tail(text));
        return tail.isEmpty() ? " (no output)" : ":\n" + tail;
    }

    private Redactor redactor(RunContext run) {
        var secrets = new java.util.ArrayList<>(settings.env().values());
        secrets.add(run.token());
        return new Redactor(secrets);
    }

    /** The step's whole environment; the run's variables win over {@code env} (config validation keeps them apart). */
    Map<String, String> env(RunContext run, Map<String, String> extra) {
        var env = new LinkedHashMap<String, String>();
        PASSED_ENV.forEach(k -> {
            if (monitorEnv.containsKey(k)) {
                env.put(k, monitorEnv.get(k));
            }
        });
        env.putAll(settings.env());
        env.put("SHIPWATCH_RUN_ID", run.runId());
        env.put("SHIPWATCH_TARGET", target.name());
        env.put("SHIPWATCH_RUN_DIR", run.workDir().toAbsolutePath().toString());
        env.put("SHIPWATCH_CANARY_PATH", target.canary().path().toAbsolutePath().toString());
        env.putAll(run.canaryEnv());
        env.putAll(extra);
        return env;
    }

    static Duration stepLimit(Duration phaseLimit) {
        Duration margin = phaseLimit.dividedBy(5);
        return phaseLimit.minus(margin.compareTo(MAX_MARGIN) < 0 ? margin : MAX_MARGIN);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException raced) {
            // removed meanwhile
        }
    }
}
