package dev.shipwatch.prober.platform.local;

import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.Artifact;
import dev.shipwatch.prober.platform.Deployment;
import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.prober.platform.RunContext;
import dev.shipwatch.prober.platform.TargetPlatform;
import dev.shipwatch.store.FailureClass;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The canary compiled by the monitor's own JDK and run as a child process on 127.0.0.1.
 * Everything of a run lives in its run directory: the classes, {@code canary.log} and
 * {@code canary.pid}, which lets {@link #sweepOrphans()} find what a crashed monitor left.
 */
final class LocalPlatform implements TargetPlatform {
    private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);
    static final String LOG_FILE = "canary.log";
    private static final String MAIN_CLASS_FILE = "main-class";
    /** A run dir with no pid file this old was abandoned between its creation and its build. */
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);
    private static final Duration MAX_GRACE = Duration.ofSeconds(2);
    private static final int LOG_TAIL_LINES = 5;
    private static final int LOG_TAIL_CHARS = 600;
    /** Variables of the monitor's environment the canary may see; everything else (secrets) stays out. */
    private static final List<String> PASSED_ENV = List.of("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR");

    private final Target target;
    private final Path workRoot;
    private final Map<String, Process> running = new ConcurrentHashMap<>();

    LocalPlatform(Target target, Path workRoot) {
        this.target = target;
        this.workRoot = workRoot;
    }

    @Override
    public Artifact build(RunContext run) throws PhaseFailure, InterruptedException {
        try {
            // Written before anything runs, so even a crash mid-build leaves an owned, sweepable dir.
            PidFile.ownedByThisJvm(target.name(), -1).write(run.workDir());
        } catch (IOException e) {
            throw new PhaseFailure(FailureClass.BUILD_FAILED, "cannot write pid file in " + run.workDir() + ": " + e.getMessage(), e);
        }
        Path classes = run.workDir().resolve("classes");
        String mainClass = JavacBuild.compile(target.canary().path(), classes);
        try {
            Files.writeString(run.workDir().resolve(MAIN_CLASS_FILE), mainClass, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PhaseFailure(FailureClass.BUILD_FAILED, "cannot write " + MAIN_CLASS_FILE + " in " + run.workDir() + ": " + e.getMessage(), e);
        }
        return new Artifact(classes.toString());
    }

    @Override
    public Deployment deploy(RunContext run, Artifact artifact) throws PhaseFailure, InterruptedException {
        String mainClass = readMainClass(run.workDir());
        int port = freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var pb = new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                ProcessTrees.runMarker(run.runId()), "-cp", artifact.ref(), mainClass)
                .directory(run.workDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(run.workDir().resolve(LOG_FILE).toFile());
        Map<String, String> env = pb.environment();
        env.keySet().retainAll(PASSED_ENV);
        env.putAll(run.canaryEnv());
        env.put("PORT", Integer.toString(port));
        env.put("CANARY_BIND", "127.0.0.1");
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("deploy interrupted");
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new PhaseFailure(FailureClass.DEPLOY_FAILED, "cannot start " + java + ": " + e.getMessage(), e);
        }
        running.put(run.runId(), process);
        try {
            PidFile.ownedByThisJvm(target.name(), process.pid()).write(run.workDir());
        } catch (IOException e) {
            throw new PhaseFailure(FailureClass.DEPLOY_FAILED, "cannot write pid file in " + run.workDir() + ": " + e.getMessage(), e);
        }
        log.debug("canary pid {} of run {} listening on 127.0.0.1:{}", process.pid(), run.runId(), port);
        return new Deployment(URI.create("http://127.0.0.1:" + port), Long.toString(process.pid()));
    }

    @Override
    public void checkRunning(RunContext run, Deployment deployment) throws PhaseFailure {
        Process process = running.get(run.runId());
        if (process != null && !process.isAlive()) {
            throw new PhaseFailure(FailureClass.CANARY_EXITED,
                    "canary exited with code " + process.exitValue() + logTail(run.workDir()));
        }
        if (process == null && deployment != null) {
            long pid = Long.parseLong(deployment.handle());
            if (ProcessHandle.of(pid).filter(p -> ProcessTrees.isCanaryOf(p, run.runId())).isEmpty()) {
                throw new PhaseFailure(FailureClass.CANARY_EXITED, "canary pid " + pid + " exited" + logTail(run.workDir()));
            }
        }
    }

    @Override
    public void teardown(RunContext run, Artifact artifact, Deployment deployment) throws PhaseFailure, InterruptedException {
        long deadline = System.nanoTime() + target.timeouts().teardown().toNanos();
        Process process = running.remove(run.runId());
        Optional<ProcessHandle> canary = process != null
                ? Optional.of(process.toHandle())
                : recordedCanary(run.workDir(), deployment).filter(p -> ProcessTrees.isCanaryOf(p, run.runId()));
        if (canary.isPresent()) {
            List<ProcessHandle> left = ProcessTrees.kill(canary.get(), grace(), deadline);
            if (!left.isEmpty()) {
                throw new PhaseFailure(FailureClass.TEARDOWN_FAILED, "canary process(es) "
                        + left.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", "))
                        + " of run " + run.runId() + " still alive after SIGKILL");
            }
        }
        try {
            deleteTree(run.workDir());
        } catch (IOException | UncheckedIOException e) {
            throw new PhaseFailure(FailureClass.TEARDOWN_FAILED, "cannot delete run directory " + run.workDir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int sweepOrphans() {
        if (!Files.isDirectory(workRoot)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workRoot, Files::isDirectory)) {
            for (Path dir : dirs) {
                try {
                    if (sweep(dir)) {
                        removed++;
                    }
                } catch (IOException | UncheckedIOException e) {
                    log.warn("cannot sweep run directory {}: {}", dir, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } catch (IOException e) {
            log.warn("cannot list run directories in {}: {}", workRoot, e.getMessage());
        }
        return removed;
    }

    /** Removes one run dir when its owner is gone; returns whether it did. */
    private boolean sweep(Path dir) throws IOException, InterruptedException {
        String runId = dir.getFileName().toString();
        Optional<PidFile> pids = PidFile.read(dir);
        if (pids.isEmpty()) {
            FileTime modified = Files.getLastModifiedTime(dir);
            if (modified.toInstant().isAfter(Instant.now().minus(ABANDONED_AFTER))) {
                return false; // possibly a run that another monitor is just starting
            }
            deleteTree(dir);
            log.info("removed abandoned run directory {} (no canary was started)", dir);
            return true;
        }
        PidFile owner = pids.get();
        if (owner.ownerAlive()) {
            return false;
        }
        String what = "no canary running";
        if (owner.canaryPid() > 0) {
            Optional<ProcessHandle> canary = ProcessHandle.of(owner.canaryPid()).filter(p -> ProcessTrees.isCanaryOf(p, runId));
            if (canary.isPresent()) {
                List<ProcessHandle> left = ProcessTrees.kill(canary.get(), grace(), System.nanoTime() + target.timeouts().teardown().toNanos());
                if (!left.isEmpty()) {
                    log.warn("orphaned canary pid {} of target {} run {} survived SIGKILL; will retry on the next sweep",
                            owner.canaryPid(), owner.target(), runId);
                    return false;
                }
                what = "canary pid " + owner.canaryPid() + " killed";
            }
        }
        deleteTree(dir);
        log.info("removed orphaned run of target {} run {} left by monitor pid {} ({})", owner.target(), runId, owner.ownerPid(), what);
        return true;
    }

    private Optional<ProcessHandle> recordedCanary(Path runDir, Deployment deployment) {
        if (deployment != null) {
            return ProcessHandle.of(Long.parseLong(deployment.handle()));
        }
        try {
            return PidFile.read(runDir).filter(p -> p.canaryPid() > 0).flatMap(p -> ProcessHandle.of(p.canaryPid()));
        } catch (IOException e) {
            log.warn("cannot read pid file of run dir {}: {}", runDir, e.getMessage());
            return Optional.empty();
        }
    }

    private Duration grace() {
        Duration quarter = target.timeouts().teardown().dividedBy(4);
        return quarter.compareTo(MAX_GRACE) < 0 ? quarter : MAX_GRACE;
    }

    private static String readMainClass(Path runDir) throws PhaseFailure {
        try {
            return Files.readString(runDir.resolve(MAIN_CLASS_FILE), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return JavacBuild.DEFAULT_MAIN;
        } catch (IOException e) {
            throw new PhaseFailure(FailureClass.DEPLOY_FAILED, "cannot read " + runDir.resolve(MAIN_CLASS_FILE) + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws PhaseFailure {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new PhaseFailure(FailureClass.DEPLOY_FAILED, "no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** ": <the last lines of canary.log>", trimmed; empty when there is no log. */
    static String logTail(Path runDir) {
        Path file = runDir.resolve(LOG_FILE);
        try (var raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - 4096);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()))
                    .replace(runDir.toAbsolutePath() + "/", "");
            if (tail.length() > LOG_TAIL_CHARS) {
                tail = "…" + tail.substring(tail.length() - LOG_TAIL_CHARS);
            }
            return tail.isEmpty() ? " (no output)" : ": " + tail;
        } catch (IOException e) {
            return "";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException raced) {
            // Another sweep removed it first.
        }
    }
}
