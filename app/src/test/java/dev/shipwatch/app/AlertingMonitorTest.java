package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.alerting.FakePagerDuty;
import dev.shipwatch.config.AlertingConfig;
import dev.shipwatch.config.ConfigLoader;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.prober.platform.Platforms;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The monitor pages: a canary that never becomes healthy fails its scheduled runs, the trigger
 * reaches a fake PagerDuty, {@code /health} shows the outbox, and {@code shipwatch alerts} lists
 * the open alert.
 */
class AlertingMonitorTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void failingRunsPageOnCallAndTheAlertShowsInHealthAndTheAlertsCommand() throws Exception {
        try (FakePagerDuty fake = new FakePagerDuty()) {
            // One failed run pages (failures: 1, window: 1); generous build limits, so that a slow
            // javac on a loaded machine does not fail the run in build instead of cold start.
            Path config = TestMonitors.config(dir, TestMonitors.testCanary("never-healthy"), """
                    schedule: 30s
                    timeouts: { build: 20s, deploy: 20s, cold-start: 1s, teardown: 20s }
                    """);
            Files.writeString(config, Files.readString(config) + """
                    alerting:
                      pagerduty: { routing-key: "${PD_KEY}", events-url: "%s" }
                      policy: { failures: 1, window: 1 }
                    """.formatted(fake.baseUrl()));
            ConfigLoader loader = new ConfigLoader(Platforms.builtIn(), Map.of("PD_KEY", KEY), dir);
            ShipwatchConfig cfg = loader.load(config);
            AlertingConfig alerting = loader.loadAlerting(config);

            try (Monitor monitor = new Monitor(cfg, dev.shipwatch.config.StatusPageConfig.derive(cfg.targets()), alerting, Platforms.builtIn(), dir.resolve("data/runs"), "alert-node",
                    Clock.systemUTC())) {
                monitor.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> fake.ingested().size() >= 1);
                FakePagerDuty.Received trigger = fake.ingested().get(0);
                assertThat(trigger.dedupKey()).isEqualTo("shipwatch/local-java");
                assertThat(trigger.json().get("payload").get("summary").asText())
                        .isEqualTo("local-java: cold start failed (health_timeout after 1s) on local");
                assertThat(trigger.body().replace(KEY, "")).doesNotContain(KEY);

                JsonNode health = await().atMost(Duration.ofSeconds(10)).until(() -> new ObjectMapper().readTree(
                        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(monitor.pageUrl() + "health")).build(),
                                HttpResponse.BodyHandlers.ofString()).body()), h -> h.path("alerting").path("outbox").path("sent").asLong() >= 1);
                assertThat(health.get("alerting").get("paging").asText()).isEqualTo("on");
                assertThat(health.get("alerting").get("outbox").get("failed").asLong()).isZero();

                // The whole of a running monitor's /metrics (runs, alerting, JVM, process) passes Prometheus's own lint.
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(monitor.pageUrl() + "metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                var lint = dev.shipwatch.statuspage.Promtool.checkMetrics(metrics);
                assertThat(lint.output()).as("promtool check metrics").isEmpty();
                assertThat(lint.exitCode()).isZero();
                assertThat(metrics).contains("shipwatch_alert_outbox{status=\"sent\"}", "shipwatch_alert_deliveries_total{result=\"sent\"}",
                        "shipwatch_probe_success{platform=\"local\",target=\"local-java\"} 0.0", "jvm_memory_used_bytes");
            }

            StringWriter out = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(new StringWriter(), true));
            // the routing key is not needed to read alerts: ${PD_KEY} unset is fine only with a default
            Files.writeString(config, Files.readString(config).replace("${PD_KEY}", "${PD_KEY:-}"));
            assertThat(cli.execute("alerts", "--config", config.toString())).isZero();
            assertThat(out.toString())
                    .contains("Open alerts: 1")
                    .contains("shipwatch/local-java")
                    .contains("local-java: cold start failed (health_timeout after 1s) on local")
                    .containsPattern("Outbox: 0 pending, 0 failed, [1-9]\\d* sent")
                    .contains("trigger");

            StringWriter jsonOut = new StringWriter();
            cli.setOut(new PrintWriter(jsonOut, true));
            assertThat(cli.execute("alerts", "--config", config.toString(), "--json", "--limit", "1")).isZero();
            JsonNode alerts = new ObjectMapper().readTree(jsonOut.toString());
            assertThat(alerts.get("open")).singleElement().satisfies(a -> {
                assertThat(a.get("dedup_key").asText()).isEqualTo("shipwatch/local-java");
                assertThat(a.get("kind").asText()).isEqualTo("target");
                assertThat(a.get("severity").asText()).isEqualTo("critical");
                assertThat(a.get("summary").asText()).isEqualTo("local-java: cold start failed (health_timeout after 1s) on local");
            });
            assertThat(alerts.at("/outbox/pending").asLong()).isZero();
            assertThat(alerts.at("/outbox/sent").asLong()).isPositive();
            assertThat(alerts.get("sent")).singleElement().satisfies(e -> {
                assertThat(e.get("action").asText()).isIn("trigger", "resolve");
                assertThat(e.get("sent_at").asText()).isNotEmpty();
            });
            assertThat(alerts.get("pending")).isEmpty();
            assertThat(alerts.get("failed")).isEmpty();
        }
    }
}
