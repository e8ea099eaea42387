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

    @Test
    void scheduledRunsOfTheBundledCanaryAreStoredAndShownOnTheStatusPage() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "schedule: 10m\n");
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
            String page = get(port, "/");
            assertThat(page).contains("local-java").contains("Cold start").doesNotContain("No data");
            JsonNode health = new ObjectMapper().readTree(get(port, "/health"));
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.get("scheduler").asText()).isEqualTo("running");
        }
        assertThat(CrashRecoveryTest.canaryOf(runs)).as("no canary outlives the monitor").isEmpty();
    }
}
