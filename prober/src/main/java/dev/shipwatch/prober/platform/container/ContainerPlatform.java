package dev.shipwatch.prober.platform.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.Artifact;
import dev.shipwatch.prober.platform.Deployment;
import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.prober.platform.RunContext;
import dev.shipwatch.prober.platform.TargetPlatform;
import dev.shipwatch.store.FailureClass;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's canary as a container image and a container on a Docker-API engine. Calls are
 * synchronous HTTP requests to the engine; the image build streams, and is awaited in slices
 * so that the runner's interrupt (its timeout) stops it.
 */
final class ContainerPlatform implements TargetPlatform {
    static final String LABEL_RUN = "shipwatch.run";
    static final String LABEL_TARGET = "shipwatch.target";
    static final String LABEL_OWNER = "shipwatch.owner";
    static final String REPOSITORY = "shipwatch-canary";
    private static final Logger log = LoggerFactory.getLogger(ContainerPlatform.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUILD_LOG_LINES = 12;
    private static final int CANARY_LOG_LINES = 8;
    /** checkRunning is called every few ms during cold start; the engine is asked at most this often. */
    private static final long INSPECT_EVERY_NANOS = Duration.ofMillis(200).toNanos();
    /** SIGKILL's exit status: under a memory limit, the kernel's OOM killer (when the engine does not say so itself). */
    private static final long KILLED = 137;

    private final Target target;
    private final ContainerSettings settings;
    private final DockerClient engine;
    private final Owner self = Owner.thisProcess();
    /** Runs between the start of build and the end of teardown: never swept. */
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastInspect = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService sweeper = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shipwatch-container-sweep");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicBoolean sweepQueued = new java.util.concurrent.atomic.AtomicBoolean();

    ContainerPlatform(Target target, ContainerSettings settings, DockerClient engine) {
        this.target = target;
        this.settings = settings;
        this.engine = engine;
    }

    @Override
    public Artifact build(RunContext run) throws PhaseFailure, InterruptedException {
        inProgress.add(run.runId());
        Path context = target.canary().path();
        File dockerfile = dockerfile(context);
        ping(FailureClass.BUILD_FAILED);
        String tag = REPOSITORY + ":" + run.runId();
        var buildLog = new BuildLog();
        // The context is packed while it is sent: a packer thread writes the tar into a pipe the request reads.
        var packError = new java.util.concurrent.atomic.AtomicReference<IOException>();
        Thread packer = null;
        try (var sent = new java.io.PipedInputStream(1 << 20)) {
            var packed = new java.io.PipedOutputStream(sent);
            packer = new Thread(() -> {
                try (packed) {
                    ContextTar.write(context, packed);
                } catch (IOException e) {
                    packError.set(e);
                }
            }, "shipwatch-context-tar");
            packer.setDaemon(true);
            packer.start();
            engine.buildImageCmd()
                    .withTarInputStream(sent)
                    .withDockerfilePath(dockerfile.getName())
                    .withTags(Set.of(tag))
                    .withLabels(labels(run))
                    // Without the cache every run measures a real build, not a cache hit.
                    .withNoCache(true)
                    .withRemove(true)
                    .withForcerm(true)
                    .exec(buildLog);
            // Responds to interrupts: the runner's timeout stops the build here.
            buildLog.awaitCompletion();
        } catch (InterruptedException e) {
            closeQuietly(buildLog);
            throw e;
        } catch (IOException | RuntimeException e) {
            if (packError.get() != null) {
                throw new PhaseFailure(FailureClass.BUILD_FAILED, "cannot pack the build context " + context + ": "
                        + packError.get().getMessage(), packError.get());
            }
            throw buildFailure(buildLog, e);
        } finally {
            if (packer != null) {
                packer.interrupt();
            }
        }
        if (packError.get() != null) {
            throw new PhaseFailure(FailureClass.BUILD_FAILED, "cannot pack the build context " + context + ": "
                    + packError.get().getMessage(), packError.get());
        }
        if (buildLog.error() != null || buildLog.imageId() == null) {
            throw buildFailure(buildLog, null);
        }
        if (settings.registry() != null) {
            return new Artifact(push(run, buildLog.imageId()));
        }
        return new Artifact(tag);
    }

    @Override
    public Deployment deploy(RunContext run, Artifact artifact) throws PhaseFailure, InterruptedException {
        ExposedPort port = ExposedPort.tcp(settings.containerPort());
        var env = new ArrayList<String>();
        run.canaryEnv().forEach((k, v) -> env.add(k + "=" + v));
        env.add("PORT=" + settings.containerPort());
        HostConfig host = HostConfig.newHostConfig()
                .withPortBindings(new PortBinding(Ports.Binding.bindIp(settings.bind()), port));
        if (settings.memoryBytes() != null) {
            host.withMemory(settings.memoryBytes()).withMemorySwap(settings.memoryBytes()); // no swap beyond the limit
        }
        if (settings.runtime() != null) {
            host.withRuntime(settings.runtime());
        }
        String id;
        try {
            id = engine.createContainerCmd(artifact.ref())
                    .withName("shipwatch-" + run.runId())
                    .withEnv(env)
                    .withLabels(labels(run))
                    .withExposedPorts(port)
                    .withHostConfig(host)
                    .exec().getId();
        } catch (RuntimeException e) {
            PhaseFailure f = failure(FailureClass.DEPLOY_FAILED, "cannot create the canary container from " + artifact.ref(), e);
            if (settings.runtime() != null && f.failureClass() == FailureClass.DEPLOY_FAILED) {
                unknownRuntime(); // Docker refuses a runtime it does not know at create: say which ones it has
            }
            throw f;
        }
        if (settings.runtime() != null) {
            checkRuntime(id);
        }
        try {
            engine.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            throw failure(FailureClass.DEPLOY_FAILED, "cannot start the canary container " + shortId(id), e);
        }
        String hostPort;
        try {
            InspectContainerResponse inspected = engine.inspectContainerCmd(id).exec();
            Ports.Binding[] bindings = inspected.getNetworkSettings().getPorts().getBindings().get(port);
            if (bindings == null || bindings.length == 0 || bindings[0].getHostPortSpec() == null) {
                throw new PhaseFailure(FailureClass.DEPLOY_FAILED, "the engine published no host port for the canary's port "
                        + settings.containerPort() + " (container " + shortId(id) + ")");
            }
            hostPort = bindings[0].getHostPortSpec();
        } catch (RuntimeException e) {
            throw failure(FailureClass.DEPLOY_FAILED, "cannot inspect the canary container " + shortId(id), e);
        }
        URI url = URI.create("http://" + connectHost(settings.bind()) + ":" + hostPort);
        log.debug("canary container {} of run {} published on {}", shortId(id), run.runId(), url);
        return new Deployment(url, id);
    }

    /**
     * Fails unless the created container will run on the runtime the target asked for. Docker
     * runs it there or refuses at create; Podman (4.x) accepts the Docker API's
     * HostConfig.Runtime and ignores it, running its default runtime instead, and its Docker-API
     * inspect says only "oci": its own inspect endpoint names the runtime. Checked before the
     * container starts, so a run never measures the wrong runtime under the right name.
     */
    private void checkRuntime(String id) throws PhaseFailure {
        String wanted = settings.runtime();
        String used;
        try {
            used = engine.inspectContainerCmd(id).exec().getHostConfig().getRuntime();
            if (!wanted.equals(used)) {
                String podman = podmanRuntime(id);
                used = podman != null ? podman : used;
            }
        } catch (RuntimeException e) {
            throw failure(FailureClass.DEPLOY_FAILED, "cannot inspect the canary container " + shortId(id), e);
        }
        if (wanted.equals(used)) {
            return;
        }
        unknownRuntime();
        throw new PhaseFailure(FailureClass.DEPLOY_FAILED, "the engine at " + settings.host() + " would run the canary with runtime \""
                + used + "\", not \"" + wanted + "\": Podman's Docker API ignores the runtime a client asks for "
                + "(HostConfig.Runtime) and runs its default one; point this target's host at a Podman service whose "
                + "containers.conf sets [engine] runtime = \"" + wanted + "\"");
    }

    /** Throws a clear failure naming the engine's runtimes when it does not know the target's; returns when it does. */
    private void unknownRuntime() throws PhaseFailure {
        java.util.Map<String, ?> runtimes;
        try {
            runtimes = engine.infoCmd().exec().getRuntimes();
        } catch (RuntimeException e) {
            return; // the failure at hand says more than a failed info call
        }
        if (runtimes == null || !runtimes.containsKey(settings.runtime())) {
            throw new PhaseFailure(FailureClass.DEPLOY_FAILED, "runtime \"" + settings.runtime() + "\" is not known to the engine at "
                    + settings.host() + " (it has: " + (runtimes == null || runtimes.isEmpty() ? "none listed"
                    : String.join(", ", new java.util.TreeSet<>(runtimes.keySet()))) + ")");
        }
    }

    /** The runtime Podman's own inspect endpoint names for the container; null from an engine that has none (Docker). */
    private String podmanRuntime(String id) {
        if (!(engine instanceof com.github.dockerjava.core.DockerClientImpl client)) {
            return null;
        }
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/v4.0.0/libpod/containers/" + id + "/json").build();
        try (DockerHttpClient.Response response = client.getHttpClient().execute(request)) {
            if (response.getStatusCode() != 200) {
                return null;
            }
            JsonNode body = JSON.readTree(response.getBody());
            return body.hasNonNull("OCIRuntime") ? body.get("OCIRuntime").asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void checkRunning(RunContext run, Deployment deployment) throws PhaseFailure {
        long now = System.nanoTime();
        Long last = lastInspect.get(run.runId());
        if (last != null && now - last < INSPECT_EVERY_NANOS) {
            return;
        }
        lastInspect.put(run.runId(), now);
        InspectContainerResponse.ContainerState state;
        try {
            state = engine.inspectContainerCmd(deployment.handle()).exec().getState();
        } catch (RuntimeException e) {
            return; // not knowing is not a failure: cold start goes on polling /health
        }
        if (state == null || Boolean.TRUE.equals(state.getRunning()) || "created".equals(state.getStatus())) {
            return;
        }
        long exit = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong();
        String logs = canaryLogs(deployment.handle());
        if (Boolean.TRUE.equals(state.getOOMKilled()) || (exit == KILLED && settings.memoryBytes() != null)) {
            throw new PhaseFailure(FailureClass.OOM, "canary container was killed for exceeding its memory limit of "
                    + settings.memory() + " (exit " + exit + ")" + logs);
        }
        throw new PhaseFailure(FailureClass.CANARY_EXITED, "canary container exited with code " + exit + logs);
    }

    @Override
    public void teardown(RunContext run, Artifact artifact, Deployment deployment) throws PhaseFailure {
        lastInspect.remove(run.runId());
        try {
            var problems = new ArrayList<String>();
            // The handles the phases returned, else whatever carries the run's label (a phase cut off half-way).
            List<String> containers = deployment != null ? List.of(deployment.handle())
                    : list(() -> engine.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL_RUN, run.runId()))
                            .exec().stream().map(Container::getId).toList(), "the run's containers");
            for (String id : containers) {
                addIfProblem(problems, removeContainer(id));
            }
            List<String> images = artifact != null && settings.registry() == null ? List.of(artifact.ref())
                    : list(() -> listImages(engine, Map.of(LABEL_RUN, run.runId()))
                            .stream().map(Image::getId).toList(), "the run's images");
            for (String id : images) {
                addIfProblem(problems, removeImage(id));
            }
            if (!problems.isEmpty()) {
                throw new PhaseFailure(FailureClass.TEARDOWN_FAILED, String.join("; ", problems));
            }
        } finally {
            inProgress.remove(run.runId());
            deleteRunDir(run.workDir());
            sweepSoon();
        }
    }

    /**
     * What earlier runs of this target left (a crash, a failed teardown) is swept after each run,
     * off the run's thread: it never fails a run, and its listing calls are not the run's teardown time.
     */
    private void sweepSoon() {
        if (sweepQueued.compareAndSet(false, true)) {
            try {
                sweeper.execute(() -> {
                    sweepQueued.set(false);
                    int swept = sweepOrphans();
                    if (swept > 0) {
                        log.info("removed {} leftover container(s)/image(s) of target {}", swept, target.name());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                sweepQueued.set(false);
            }
        }
    }

    private List<String> list(java.util.function.Supplier<List<String>> call, String what) throws PhaseFailure {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw failure(FailureClass.TEARDOWN_FAILED, "cannot list " + what, e);
        }
    }

    private static void addIfProblem(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    /**
     * Images with these labels. Podman answers a label-filtered list with 500 "image not known"
     * when an image goes away while it is listing (a removal elsewhere, e.g. another target's
     * sweep); asked again, it lists consistently.
     */
    static List<Image> listImages(DockerClient engine, Map<String, String> labels) {
        for (int attempt = 1; ; attempt++) {
            try {
                return engine.listImagesCmd().withLabelFilter(labels).exec();
            } catch (InternalServerErrorException e) {
                if (attempt == 3 || e.getMessage() == null || !e.getMessage().contains("image not known")) {
                    throw e;
                }
            }
        }
    }

    @Override
    public int sweepOrphans() {
        int removed = 0;
        try {
            Map<String, String> filter = Map.of(LABEL_TARGET, target.name());
            for (Container c : engine.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec()) {
                if (orphan(c.getLabels()) && removeContainer(c.getId()) == null) {
                    log.info("removed container {} left by run {} of target {}", shortId(c.getId()), c.getLabels().get(LABEL_RUN), target.name());
                    removed++;
                }
            }
            for (Image i : listImages(engine, filter)) {
                if (orphan(i.getLabels()) && removeImage(i.getId()) == null) {
                    log.info("removed image {} left by run {} of target {}", shortId(i.getId()), i.getLabels().get(LABEL_RUN), target.name());
                    removed++;
                }
            }
        } catch (RuntimeException e) {
            log.warn("cannot sweep leftover canaries of target {} on {}: {}", target.name(), settings.host(), engineMessage(e));
        }
        return removed;
    }

    @Override
    public void close() {
        sweeper.shutdown();
        try {
            // A sweep in progress finishes before the client goes (a half-removed container is worse than a wait).
            sweeper.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            engine.close();
        } catch (java.io.IOException e) {
            log.debug("closing the engine client of target {}: {}", target.name(), e.toString());
        }
    }

    /** Not a run in progress here, and not owned by another live monitor on this machine. */
    private boolean orphan(Map<String, String> labels) {
        if (labels == null || inProgress.contains(labels.get(LABEL_RUN))) {
            return false;
        }
        return Owner.parse(labels.get(LABEL_OWNER)).map(o -> o.equals(self) || !o.alive(self)).orElse(true);
    }

    private Map<String, String> labels(RunContext run) {
        return Map.of(LABEL_RUN, run.runId(), LABEL_TARGET, target.name(), LABEL_OWNER, self.label());
    }

    /** Null when removed (or already gone), else what went wrong. Stops with timeout 0: the canary needs no grace. */
    private String removeContainer(String id) {
        try {
            engine.stopContainerCmd(id).withTimeout(0).exec();
        } catch (NotModifiedException | NotFoundException alreadyStoppedOrGone) {
            // fine
        } catch (RuntimeException e) {
            log.debug("stopping container {} failed, removing it by force: {}", shortId(id), engineMessage(e));
        }
        try {
            engine.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            return null;
        } catch (NotFoundException gone) {
            return null;
        } catch (RuntimeException e) {
            return "cannot remove container " + shortId(id) + ": " + engineMessage(e);
        }
    }

    private String removeImage(String id) {
        try {
            engine.removeImageCmd(id).withForce(true).exec();
            return null;
        } catch (NotFoundException gone) {
            return null;
        } catch (RuntimeException e) {
            return "cannot remove image " + shortId(id) + ": " + engineMessage(e);
        }
    }

    private File dockerfile(Path context) throws PhaseFailure {
        for (String name : List.of("Containerfile", "Dockerfile")) {
            Path f = context.resolve(name);
            if (Files.isRegularFile(f)) {
                return f.toFile();
            }
        }
        throw new PhaseFailure(FailureClass.BUILD_FAILED, "no Containerfile or Dockerfile in the build context " + context
                + (Files.isRegularFile(context.resolve("prepare.sh")) ? " (run its prepare.sh first)" : ""));
    }

    private void ping(FailureClass otherwise) throws PhaseFailure {
        try {
            engine.pingCmd().exec();
        } catch (RuntimeException e) {
            PhaseFailure f = failure(otherwise, "container engine at " + settings.host() + " did not answer a ping", e);
            throw f.failureClass() == FailureClass.PLATFORM_UNREACHABLE ? f
                    : new PhaseFailure(FailureClass.PLATFORM_UNREACHABLE, f.getMessage(), e);
        }
    }

    private PhaseFailure buildFailure(BuildLog buildLog, Exception e) {
        if (e instanceof RuntimeException r && unreachable(r)) {
            return failure(FailureClass.BUILD_FAILED, "image build", r);
        }
        String error = buildLog.error() != null ? buildLog.error() : e != null ? engineMessage(e) : "the engine reported no image id";
        List<String> tail = buildLog.tail(BUILD_LOG_LINES);
        return new PhaseFailure(FailureClass.BUILD_FAILED, "image build failed: " + error.strip()
                + (tail.isEmpty() ? "" : "\n" + String.join("\n", tail)), e);
    }

    /** Tags the image for the registry and pushes it (timed in the log); returns the pushed reference. Untested here: no registry is reachable. */
    private String push(RunContext run, String imageId) throws PhaseFailure, InterruptedException {
        String repository = settings.registry() + "/" + REPOSITORY;
        long t0 = System.nanoTime();
        try {
            engine.tagImageCmd(imageId, repository, run.runId()).exec();
            engine.pushImageCmd(repository).withTag(run.runId()).exec(new ResultCallback.Adapter<PushResponseItem>()).awaitCompletion();
        } catch (RuntimeException e) {
            throw failure(FailureClass.BUILD_FAILED, "cannot push the image to " + settings.registry(), e);
        }
        log.info("pushed {}:{} in {} ms", repository, run.runId(), (System.nanoTime() - t0) / 1_000_000);
        return repository + ":" + run.runId();
    }

    /** ": <the last lines the canary printed>", or empty. */
    private String canaryLogs(String id) {
        var lines = new ArrayList<String>();
        var callback = new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                new String(frame.getPayload(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).forEach(lines::add);
            }
        };
        try {
            engine.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(CANARY_LOG_LINES).exec(callback)
                    .awaitCompletion(2, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        return lines.isEmpty() ? " (no output)" : ":\n" + String.join("\n", lines);
    }

    /** The engine's answer classified: unreachable engine, or the phase's own failure with the engine's message. */
    private PhaseFailure failure(FailureClass failureClass, String what, RuntimeException e) {
        if (unreachable(e)) {
            return new PhaseFailure(FailureClass.PLATFORM_UNREACHABLE, "container engine at " + settings.host()
                    + " unreachable (" + what + "): " + rootMessage(e), e);
        }
        return new PhaseFailure(failureClass, what + ": " + engineMessage(e), e);
    }

    /** The engine never answered: no socket, connection refused, unknown host. An HTTP error is an answer. */
    static boolean unreachable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof DockerException) {
                return false;
            }
            if (c instanceof java.net.ConnectException || c instanceof java.net.NoRouteToHostException
                    || c instanceof java.net.UnknownHostException || c instanceof java.nio.file.NoSuchFileException
                    || c instanceof java.io.FileNotFoundException
                    || c instanceof org.apache.hc.client5.http.ConnectTimeoutException
                    || (c instanceof java.io.IOException && c.getMessage() != null
                        && (c.getMessage().contains("No such file or directory") || c.getMessage().contains("Connection refused")))) {
                return true;
            }
        }
        return false;
    }

    /** The message the engine put in its JSON error body, else the exception's message. */
    static String engineMessage(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int brace = m.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode body = JSON.readTree(m.substring(brace));
                if (body.hasNonNull("message")) {
                    return body.get("message").asText();
                }
            } catch (java.io.IOException notJson) {
                // the plain message then
            }
        }
        return m.strip();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** Where to connect to a port published on {@code bind}: the wildcard addresses mean loopback will do. */
    static String connectHost(String bind) {
        if (bind.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (bind.contains(":")) {
            return bind.equals("::") ? "[::1]" : "[" + bind + "]";
        }
        return bind;
    }

    private static String shortId(String id) {
        String bare = id.startsWith("sha256:") ? id.substring(7) : id;
        return bare.length() > 12 ? bare.substring(0, 12) : bare;
    }

    private static void deleteRunDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(ContainerPlatform::deleteQuietly);
        } catch (IOException e) {
            log.debug("cannot delete run directory {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", file, e.toString());
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (java.io.IOException e) {
            // closing only aborts the stream
        }
    }
}
