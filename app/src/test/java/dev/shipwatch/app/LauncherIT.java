package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/shipwatch, the launcher of the README's quick start, on the packaged jar: its JVM options
 * reach the JVM, the environment overrides them in order, a symlinked launcher finds its jar.
 * Runs after the package phase (like MonitorImageIT).
 */
class LauncherIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCHER = REPO.resolve("bin/shipwatch");

    @TempDir
    Path dir;

    @BeforeAll
    static void packaged() {
        Assumptions.assumeTrue(Boolean.getBoolean("shipwatch.packaged"),
                "LauncherIT runs in the integration-test phase, after the jar is packaged (mvn verify)");
    }

    private record Result(int exit, String output) {}

    private Result launch(Path launcher, Map<String, String> env, String... args) throws IOException, InterruptedException {
        var cmd = new java.util.ArrayList<String>(java.util.List.of(launcher.toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("SHIPWATCH_JAVA_OPTS");
        pb.environment().remove("SHIPWATCH_HOME");
        pb.environment().remove("SHIPWATCH_JAR");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void theMonitorsMemoryDefaultsReachTheJvm() throws Exception {
        Result r = launch(LAUNCHER, Map.of("SHIPWATCH_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "--version");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("shipwatch 0.1.0")
                .contains("-XX:MaxHeapSize=268435456", "-XX:InitialHeapSize=33554432", "-XX:+UseSerialGC",
                        "-XX:ThreadStackSize=512", "-XX:MaxMetaspaceSize=134217728", "-XX:ReservedCodeCacheSize=67108864",
                        "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void javaOptsThenShipwatchJavaOptsOverrideTheDefaults() throws Exception {
        Result r = launch(LAUNCHER, Map.of("JAVA_OPTS", "-Xmx384m -XX:+PrintCommandLineFlags", "SHIPWATCH_JAVA_OPTS", "-Xmx512m"),
                "--version");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("-XX:MaxHeapSize=536870912").doesNotContain("-XX:MaxHeapSize=268435456");
    }

    @Test
    void aSymlinkedLauncherFindsItsJarAndTheCommandsExitCodeComesThrough() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("shipwatch"), LAUNCHER);

        Result ok = launch(link, Map.of(), "--version");
        Result usage = launch(link, Map.of(), "valdate");

        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.output()).contains("Did you mean");
    }

    @Test
    void withoutAJarItSaysHowToBuildOne() throws Exception {
        Result r = launch(LAUNCHER, Map.of("SHIPWATCH_HOME", dir.toString()), "--version");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("no shipwatch.jar").contains("mvn -q -DskipTests package");
    }
}
