package dev.shipwatch.prober.platform.container;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Docker Engine for tests: its own {@code dockerd} (with its own containerd) on a private
 * socket, data root, exec root and pid file in a temp dir, on a bridge of its own (so that
 * daemons of parallel test runs never share docker0 or its addresses), without touching the
 * host's iptables or forwarding; stopped and removed by {@link #close()}. runsc, when installed,
 * is registered as a runtime (through the wrapper this sandbox needs, see {@link Podman}). Tests
 * that need it are skipped, saying why, where dockerd is not installed or cannot start (not root).
 */
final class Dockerd implements TestEngine {
    private static final Duration START = Duration.ofSeconds(60);

    private final Path dir;
    private final String bridge;
    private final Process daemon;

    private Dockerd(Path dir, String bridge, Process daemon) {
        this.dir = dir;
        this.bridge = bridge;
        this.daemon = daemon;
    }

    static Dockerd start() throws IOException, InterruptedException {
        Path dockerd = TestEngine.which("dockerd");
        Assumptions.assumeTrue(dockerd != null,
                "dockerd is not installed: the container platform's Docker Engine tests skipped (apt-get install -y docker.io)");
        // Short: containerd's sockets live under the exec root, and a unix socket path has at most 107 bytes.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "swd");
        String bridge = "swd" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        String subnet = freeSubnet();
        List<String> problems = new ArrayList<>();
        if (!run(problems, "ip", "link", "add", "name", bridge, "type", "bridge")
                || !run(problems, "ip", "addr", "add", subnet + ".1/24", "dev", bridge)
                || !run(problems, "ip", "link", "set", bridge, "up")) {
            run(new ArrayList<>(), "ip", "link", "del", bridge);
            TestEngine.deleteTree(dir);
            Assumptions.abort("dockerd cannot get a network bridge of its own here (not root?): "
                    + String.join("; ", problems) + ". Docker Engine tests skipped");
        }
        Files.writeString(dir.resolve("daemon.json"), "{}\n");
        List<String> command = new ArrayList<>(List.of(dockerd.toString(),
                "--config-file", dir.resolve("daemon.json").toString(),
                "--host", "unix://" + dir.resolve("docker.sock"),
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("x").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(),
                "--bridge", bridge,
                "--iptables=false", "--ip-forward=false"));
        Path runsc = TestEngine.which("runsc");
        if (runsc != null) {
            Path wrapper = dir.resolve("runsc");
            Files.writeString(wrapper, "#!/bin/sh\nexec " + runsc + " --network=host \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
            command.add("--add-runtime");
            command.add("runsc=" + wrapper);
        }
        Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        var engine = new Dockerd(dir, bridge, daemon);
        Path socket = dir.resolve("docker.sock");
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(50))
                    .until(() -> !daemon.isAlive() || (Files.exists(socket) && answers(socket)));
        } catch (RuntimeException e) {
            String log = tail(dir.resolve("dockerd.log"));
            engine.close();
            Assumptions.abort("dockerd did not answer within " + START.toSeconds() + " s: Docker Engine tests skipped. Its log:\n" + log);
        }
        if (!daemon.isAlive()) {
            String log = tail(dir.resolve("dockerd.log"));
            engine.close();
            Assumptions.abort("dockerd could not start here (not root, or no cgroups?): Docker Engine tests skipped. Its log:\n" + log);
        }
        return engine;
    }

    @Override
    public String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    boolean hasRunsc() {
        return Files.exists(dir.resolve("runsc"));
    }

    /** SIGTERM: dockerd stops its containers and containerd, unmounts, and removes its pid file. */
    @Override
    public void close() {
        daemon.destroy();
        try {
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.descendants().forEach(ProcessHandle::destroyForcibly);
                daemon.destroyForcibly();
                daemon.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run(new ArrayList<>(), "ip", "link", "del", bridge);
        TestEngine.deleteTree(dir);
    }

    /** The engine's ping answers OK (the socket exists a moment before the API is served). */
    private static boolean answers(Path socket) {
        try (var channel = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
            channel.write(java.nio.ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes()));
            var buf = java.nio.ByteBuffer.allocate(256);
            channel.read(buf);
            return new String(buf.array(), 0, buf.position()).startsWith("HTTP/1.0 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** A 10.x.y.0/24 no route of this host uses yet. */
    private static String freeSubnet() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-4", "route", "show").redirectErrorStream(true).start();
        String routes = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        SecureRandom random = new SecureRandom();
        while (true) {
            String subnet = "10." + (200 + random.nextInt(50)) + "." + random.nextInt(256);
            if (!routes.contains(subnet + ".")) {
                return subnet;
            }
        }
    }

    private static boolean run(List<String> problems, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                problems.add(String.join(" ", command) + ": " + out);
                return false;
            }
            return true;
        } catch (IOException e) {
            problems.add(String.join(" ", command) + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
