package dev.shipwatch.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Configs and child monitor processes for the app's end-to-end tests. */
final class TestMonitors {
    private TestMonitors() {}

    /** The repository's bundled canary. Tests run with the module directory as working directory. */
    static Path bundledCanary() {
        return Path.of("..", "canary", "java").toAbsolutePath().normalize();
    }

    static Path testCanary(String name) {
        return Path.of("src", "test", "resources", "canaries", name).toAbsolutePath();
    }

    /** A one-target config in {@code dir} storing under {@code dir/data}; {@code extra} is appended to the target. */
    static Path config(Path dir, Path canary, String extra) throws IOException {
        String yaml = """
                site: { name: Test Status, time-zone: UTC }
                server: { host: 127.0.0.1, port: 0 }
                storage: { url: "jdbc:h2:file:%s" }
                targets:
                  - name: local-java
                    component: Local deploys
                    platform: { type: local }
                    canary: { path: "%s" }
                    requests: 5
                """.formatted(dir.resolve("data").resolve("shipwatch"), canary) + extra.indent(4);
        Path file = dir.resolve("shipwatch.yml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Starts {@code shipwatch args…} in its own JVM with {@code dir} as working directory; output goes to {@code dir/child.log}. */
    static Process child(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(false)
                .redirectOutput(dir.resolve("child.out").toFile())
                .redirectError(dir.resolve("child.log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }
}
