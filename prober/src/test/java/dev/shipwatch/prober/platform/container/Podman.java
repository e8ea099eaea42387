package dev.shipwatch.prober.platform.container;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Podman API service for tests: {@code podman system service} on a socket in a temp
 * dir, with the private containers.conf this machine needs (docs/dependencies.md, trap 13); and
 * the podman CLI with the same settings ({@link #command}). Tests that need it are skipped,
 * saying why, where podman (or, for gVisor, runsc) is not installed.
 */
public final class Podman implements TestEngine {
    static final String CONF = """
            [containers]
            default_ulimits = []

            [engine]
            runtime = "runc"
            """;
    /**
     * gVisor as the service's default runtime. Podman 4's Docker API ignores the runtime a client
     * asks for, so a runtime is chosen per service. runsc refuses its own network stack in this
     * sandbox ("cannot run with network enabled in root network namespace") and works with the
     * network of the namespace Podman made: a wrapper adds --network=host.
     */
    private static final String RUNSC_CONF = """
            [containers]
            default_ulimits = []

            [engine]
            runtime = "runsc"

            [engine.runtimes]
            runsc = ["%s"]
            """;

    private final Path dir;
    private final Process service;

    private Podman(Path dir, Process service) {
        this.dir = dir;
        this.service = service;
    }

    /** Aborts the calling test (skipped, saying so) where podman is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(TestEngine.onPath("podman"),
                "podman is not installed: container tests skipped (apt-get install -y podman runc)");
    }

    /** Writes the private containers.conf into {@code dir}; returns its path. */
    public static Path writeConf(Path dir) throws IOException {
        return Files.writeString(dir.resolve("containers.conf"), CONF);
    }

    /** {@code podman args…} with the private containers.conf {@code conf}, output and errors together. */
    public static ProcessBuilder command(Path conf, String... args) {
        var cmd = new java.util.ArrayList<String>();
        cmd.add("podman");
        cmd.addAll(java.util.List.of(args));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CONTAINERS_CONF", conf.toString());
        return pb;
    }

    /** Starts a service running containers on runc, or aborts the calling test (skipped) where podman is missing. */
    static Podman start() throws IOException {
        assumeInstalled();
        Path dir = Files.createTempDirectory("shipwatch-podman");
        writeConf(dir);
        return serve(dir);
    }

    /** Starts a service running containers on gVisor's runsc, or aborts the calling test where podman or runsc is missing. */
    static Podman startWithRunsc() throws IOException {
        Assumptions.assumeTrue(TestEngine.onPath("podman"),
                "podman is not installed: container platform tests skipped (apt-get install -y podman runc)");
        Assumptions.assumeTrue(TestEngine.onPath("runsc"),
                "runsc (gVisor) is not installed: the container platform's runsc test skipped (apt-get install -y runsc)");
        Path dir = Files.createTempDirectory("shipwatch-podman-runsc");
        Path wrapper = dir.resolve("runsc");
        Files.writeString(wrapper, "#!/bin/sh\nexec " + TestEngine.which("runsc") + " --network=host \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("containers.conf"), RUNSC_CONF.formatted(wrapper));
        return serve(dir);
    }

    private static Podman serve(Path dir) throws IOException {
        Path socket = dir.resolve("podman.sock");
        var pb = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        pb.environment().put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
        Process service = pb.start();
        var podman = new Podman(dir, service);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !service.isAlive() || Files.exists(socket));
            if (!service.isAlive()) {
                throw new IllegalStateException("podman system service exited: " + Files.readString(dir.resolve("service.log")));
            }
        } catch (RuntimeException e) {
            podman.close();
            throw e;
        }
        return podman;
    }

    @Override
    public String host() {
        return "unix://" + dir.resolve("podman.sock");
    }

    /** The private containers.conf, for running the podman CLI next to the service. */
    Path conf() {
        return dir.resolve("containers.conf");
    }

    @Override
    public void close() {
        service.descendants().forEach(ProcessHandle::destroy);
        service.destroy();
        try {
            if (!service.waitFor(10, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestEngine.deleteTree(dir);
    }
}
