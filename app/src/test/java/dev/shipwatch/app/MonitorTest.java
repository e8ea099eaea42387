package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.config.ConfigLoader;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.prober.platform.Platforms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor end to end: scheduled runs of the real canary show up on the status page. */
class MonitorTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    private String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> post(int port, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void scheduledRunsOfTheBundledCanaryAreStoredAndShownOnTheStatusPage() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "schedule: 10m\n");
        java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
                .replace("port: 0 }", "port: 0, admin-token: t0k3n-for-tests }"));
        ShipwatchConfig cfg = new ConfigLoader(Platforms.builtIn(), Map.of(), dir).load(config);
        Path runs = dir.resolve("data/runs");

        try (Monitor monitor = new Monitor(cfg, Platforms.builtIn(), runs, "test-node", Clock.systemUTC())) {
            monitor.start();
            int port = monitor.port();
            assertThat(get(port, "/")).contains("Local deploys").contains("No data");

            // The first run fires at once; the page is re-rendered when it is stored.
            JsonNode component = await().atMost(Duration.ofSeconds(60)).until(
                    () -> new ObjectMapper().readTree(get(port, "/api/v2/components.json")).path("components").path(0),
                    c -> !c.isMissingNode());
            assertThat(component.get("name").asText()).isEqualTo("Local deploys");
            assertThat(component.get("status").asText()).isEqualTo("operational");
            assertThat(get(port, "/")).doesNotContain("No data");
            assertThat(get(port, "/components/local-deploys")).contains("local-java").contains("Cold start");
            JsonNode health = new ObjectMapper().readTree(get(port, "/health"));
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.get("scheduler").asText()).isEqualTo("running");

            // "Probe now" from the admin API runs the target outside its 10-minute schedule.
            assertThat(post(port, "/api/admin/targets/local-java/probe", "wrong").statusCode()).isEqualTo(401);
            assertThat(post(port, "/api/admin/targets/nope/probe", "t0k3n-for-tests").statusCode()).isEqualTo(404);
            assertThat(post(port, "/api/admin/targets/local-java/probe", "t0k3n-for-tests").statusCode()).isEqualTo(202);
            String metrics = await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/metrics"),
                    m -> m.contains("shipwatch_runs_total{outcome=\"success\",platform=\"local\",target=\"local-java\"} 2.0"));
            // what the canary measured inside, and the regression detector, which saw every run before it was stored
            assertThat(metrics).contains("shipwatch_fs_ops_per_second{operation=\"open_read\",platform=\"local\",target=\"local-java\"}")
                    .contains("shipwatch_figure_shifted{figure=\"cold_start\",platform=\"local\",target=\"local-java\"} 0.0")
                    .contains("shipwatch_figure_shift_factor{figure=\"fs_open_read\",platform=\"local\",target=\"local-java\"} 1.0");
            assertThat(get(port, "/components/local-deploys")).contains("Inside the platform").contains("File opens");
        }
        assertThat(CrashRecoveryTest.canaryOf(runs)).as("no canary outlives the monitor").isEmpty();
    }
}
