package dev.shipwatch.prober.platform.container;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Podman API service for tests: {@code podman system service} on a socket in a temp
 * dir, with the private containers.conf this machine needs (docs/dependencies.md, trap 13); and
 * the podman CLI with the same settings ({@link #command}). Tests that need it are skipped,
 * saying why, where podman is not installed.
 */
public final class Podman implements AutoCloseable {
    static final String CONF = """
            [containers]
            default_ulimits = []

            [engine]
            runtime = "runc"
            """;

    private final Path dir;
    private final Process service;

    private Podman(Path dir, Process service) {
        this.dir = dir;
        this.service = service;
    }

    /** Aborts the calling test (skipped, saying so) where podman is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(onPath("podman"),
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

    /** Starts the service, or aborts the calling test (skipped) where podman is missing. */
    static Podman start() throws IOException {
        assumeInstalled();
        Path dir = Files.createTempDirectory("shipwatch-podman");
        writeConf(dir);
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

    String host() {
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
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

    /**
     * The bundled container canary's build context, assembled by canary/container/prepare.sh
     * (jlink, javac, ldd: offline) into {@code into}.
     */
    static Path bundledContext(Path into) throws IOException, InterruptedException {
        Path script = Path.of("../canary/container/prepare.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("sh", script.toString(), into.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("prepare.sh failed: " + output);
        }
        return into;
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
