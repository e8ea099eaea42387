package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.prober.platform.container.Podman;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's own image, as the README builds and runs it: packaging/container/prepare.sh
 * (offline: jlink, ldd, FROM scratch), {@code podman build}, {@code podman run} with a volume for
 * ./data; {@code /health} answers, a real probe of the bundled canary runs inside the container,
 * the database lands in the volume, and a stop is clean. Runs in the integration-test phase,
 * after the jar is packaged; skipped, saying so, where podman is not installed.
 */
class MonitorImageIT {
    private static final Path JAR = Path.of("target", "shipwatch.jar").toAbsolutePath();
    private static final Path PREPARE = Path.of("..", "packaging", "container", "prepare.sh").toAbsolutePath().normalize();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void theImageBuildsOfflineRunsWithADataVolumeAnswersHealthAndProbes() throws Exception {
        // -Dtest=… selects it for the test phase too, where the jar is not packaged yet (or stale).
        Assumptions.assumeTrue(Boolean.getBoolean("shipwatch.packaged"),
                "MonitorImageIT runs in the integration-test phase, after the jar is packaged (mvn verify)");
        Podman.assumeInstalled();
        assertThat(JAR).as("the packaged jar").isRegularFile();
        Path conf = Podman.writeConf(dir);
        Path context = dir.resolve("context");
        Path data = Files.createDirectories(dir.resolve("data"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String image = "localhost/shipwatch-it:" + suffix;
        String container = "shipwatch-it-" + suffix;

        ProcessBuilder prepare = new ProcessBuilder("sh", PREPARE.toString(), context.toString()).redirectErrorStream(true);
        prepare.environment().put("SHIPWATCH_JAR", JAR.toString());
        run(prepare, Duration.ofMinutes(3));
        try {
            run(Podman.command(conf, "build", "-q", "-t", image, context.toString()), Duration.ofMinutes(5));
            run(Podman.command(conf, "run", "-d", "--name", container, "-p", "127.0.0.1::8080",
                    "-v", data + ":/var/lib/shipwatch/data", image), Duration.ofMinutes(1));
            String published = run(Podman.command(conf, "port", container, "8080/tcp"), Duration.ofSeconds(30)).strip();
            URI base = URI.create("http://" + published.lines().findFirst().orElseThrow() + "/");

            var health = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> get(base.resolve("health")), r -> r.statusCode() == 200);
            var json = new ObjectMapper().readTree(health.body());
            assertThat(json.get("status").asText()).isEqualTo("ok");
            assertThat(json.get("targets").asInt()).isEqualTo(1);
            // javac and the canary's JVM inside the image: the local platform works there.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> get(base.resolve("metrics")).body(),
                            m -> m.contains("shipwatch_runs_total{outcome=\"success\",platform=\"local\",target=\"local-java\"} 1.0"));
            assertThat(data.resolve("shipwatch.mv.db")).as("the database is in the volume").isRegularFile();

            run(Podman.command(conf, "stop", "-t", "60", container), Duration.ofSeconds(90));
            assertThat(run(Podman.command(conf, "logs", container), Duration.ofSeconds(30))).contains("stopped");
        } finally {
            Podman.command(conf, "rm", "-f", "-t", "0", container).start().waitFor(60, TimeUnit.SECONDS);
            Podman.command(conf, "rmi", "-f", image).start().waitFor(60, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs a command to its end within {@code limit}; its output, or a failure that shows it. */
    private static String run(ProcessBuilder pb, Duration limit) throws IOException, InterruptedException {
        Process p = pb.start();
        // Read while it runs: a full pipe would block the command.
        var output = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                output.complete(new String(p.getInputStream().readAllBytes()));
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        });
        reader.start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", pb.command()) + " did not finish within " + limit);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String out = output.getNow("");
        assertThat(p.exitValue()).as(String.join(" ", pb.command()) + ":\n" + out).isZero();
        return out;
    }
}
