package dev.shipwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.store.AlertStore;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.OutboxCounts;
import dev.shipwatch.store.OutboxEntry;
import dev.shipwatch.store.OutboxStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor killed (SIGKILL) after the trigger is in the outbox and while its send is in flight
 * — the fake holds the request and never answers — loses nothing: the next start sends it, and
 * PagerDuty sees one incident.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aProcessKilledBetweenTheOutboxWriteAndTheSendDeliversOnRestartOnce() throws Exception {
        try (FakePagerDuty fake = new FakePagerDuty()) {
            fake.stall();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(), fake.baseUrl())
                    .redirectOutput(dir.resolve("child.out").toFile())
                    .redirectError(dir.resolve("child.log").toFile())
                    .start();
            try {
                await().atMost(Duration.ofSeconds(60)).alias("the child wrote the trigger and is sending it")
                        .until(() -> Files.readString(dir.resolve("child.out")).contains("WRITTEN") && fake.stalled() >= 1);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no commit of the send
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            fake.unstall();
            assertThat(fake.ingested()).as("the in-flight request was never answered").isEmpty();

            String yaml = Fixture.yaml(dir, fake.baseUrl(), "");
            ShipwatchConfig config = Fixture.config(dir, yaml, Fixture.env());
            var alertingConfig = Fixture.alerting(dir, yaml, Fixture.env());
            try (Database db = Database.open(config.storage())) {
                AlertStore alerts = AlertStore.of(db);
                List<OutboxEntry> pending = alerts.outbox(OutboxStatus.PENDING, 10);
                assertThat(pending).as("the trigger survived the kill").singleElement()
                        .satisfies(e -> assertThat(e.action()).isEqualTo("trigger"));
                try (Alerting restarted = new Alerting(alertingConfig, config, db.runs(), alerts, MaintenanceCalendar.NONE,
                        Clock.systemUTC(), new PagerDutySender(alertingConfig.pagerDuty()), AlertingTest.FAST, Fixture.env())) {
                    restarted.start();
                    await().atMost(Duration.ofSeconds(20)).until(() -> alerts.counts().pending() == 0);
                }
                assertThat(alerts.counts()).isEqualTo(new OutboxCounts(0, 0, 1));
                assertThat(fake.ingested()).hasSize(1);
                assertThat(fake.incidents(AlertingTest.JAVA)).singleElement()
                        .satisfies(i -> assertThat(i.triggers()).isEqualTo(1));
                assertThat(alerts.state(AlertingTest.JAVA).orElseThrow().open()).isTrue();
            }
        }
    }

    @Test
    void theCrashChildExitsWhenTheTestThatStartedItGoesAway() throws Exception {
        try (FakePagerDuty fake = new FakePagerDuty()) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(), fake.baseUrl())
                    .redirectOutput(dir.resolve("child.out").toFile())
                    .redirectError(dir.resolve("child.log").toFile())
                    .start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("child.out")).contains("WRITTEN"));
                // What the child sees when the test JVM dies: its end of the pipe closes.
                child.getOutputStream().close();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child exited by itself").isTrue();
                assertThat(child.exitValue()).isEqualTo(3);
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
