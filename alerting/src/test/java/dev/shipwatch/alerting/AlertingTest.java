package dev.shipwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.store.AlertState;
import dev.shipwatch.store.AlertStore;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.OutboxCounts;
import dev.shipwatch.store.OutboxEntry;
import dev.shipwatch.store.OutboxStatus;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerting end to end: real H2, real runs stored, the real PagerDuty client's transport sending
 * over HTTP to {@link FakePagerDuty} on 127.0.0.1, which refuses (400) whatever breaks
 * PagerDuty's own OpenAPI schema. Retry delays are shortened; nothing else is.
 */
class AlertingTest {
    static final Alerting.Settings FAST = new Alerting.Settings(Duration.ofMillis(50), Duration.ofMillis(300),
            Duration.ofMillis(100), Duration.ofMillis(200));
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String JAVA = "shipwatch/local-java";

    @TempDir
    Path dir;
    FakePagerDuty fake;
    Database db;
    AlertStore alerts;
    Alerting alerting;
    InMemoryMaintenance maintenance = new InMemoryMaintenance();

    @BeforeEach
    void fake() throws Exception {
        fake = new FakePagerDuty();
    }

    @AfterEach
    void close() {
        if (alerting != null) {
            alerting.close();
        }
        if (db != null) {
            db.close();
        }
        fake.close();
    }

    /** Opens the database and starts alerting with {@code extraYaml} appended to the alerting section. */
    Alerting start(String extraYaml) throws Exception {
        return start(extraYaml, Fixture.env(), null);
    }

    Alerting start(String extraYaml, Map<String, String> env, EventSender sender) throws Exception {
        String yaml = Fixture.yaml(dir, fake.baseUrl(), extraYaml);
        ShipwatchConfig config = Fixture.config(dir, yaml, env);
        var alertingConfig = Fixture.alerting(dir, yaml, env);
        if (db == null) {
            db = Database.open(config.storage());
            alerts = AlertStore.of(db);
        }
        alerting = new Alerting(alertingConfig, config, db.runs(), alerts, maintenance, Clock.systemUTC(),
                sender != null ? sender : new PagerDutySender(alertingConfig.pagerDuty()), FAST, env);
        alerting.start();
        return alerting;
    }

    /** What the monitor's recorder does: store the run, then hand it to alerting. */
    ProbeRun record(String target, Outcome outcome) {
        return record(target, outcome, FailureClass.HEALTH_TIMEOUT, "no answer with this run's nonce");
    }

    ProbeRun record(String target, Outcome outcome, FailureClass cls, String message) {
        ProbeRun run = Fixture.run(target, target.equals("local-java") ? "Local deploys" : "Second", outcome, cls, message);
        db.runs().finished(run, Duration.ofMinutes(10));
        alerting.onRun(run);
        return run;
    }

    /** Every written event delivered (or rejected): nothing more will be sent. */
    void awaitDrained() {
        await().atMost(WAIT).until(() -> alerts.counts().pending() == 0);
    }

    /** A successful run carrying the shifts the regression detector found (the recorder adds them before storing). */
    ProbeRun recordShifted(String target, FigureShift... shifts) {
        ProbeRun run = Fixture.run(target, "Local deploys", Outcome.SUCCESS, null, null).withShifts(List.of(shifts));
        db.runs().finished(run, Duration.ofMinutes(10));
        alerting.onRun(run);
        return run;
    }

    @Test
    void aRegressionPagesAsAWarningOnItsOwnKeyWhenTheConfigAsksAndResolvesWhenItClears() throws Exception {
        start("  policy: { page-on-regression: true }\n");
        String key = "shipwatch/regression/local-java";
        FigureShift coldStart = new FigureShift(LatencyFigure.COLD_START, 2.34, java.time.Instant.parse("2026-11-22T14:05:00Z"),
                400, 936, 2016, 12);
        FigureShift opens = new FigureShift(LatencyFigure.FS_OPEN_READ, 3.0, java.time.Instant.parse("2026-11-22T14:10:00Z"),
                60_000, 20_000, 2016, 12);

        recordShifted("local-java", coldStart);
        recordShifted("local-java", coldStart); // still the same: nothing new to say
        await().atMost(WAIT).until(() -> fake.ingested().size() == 1);
        recordShifted("local-java", coldStart, opens); // another figure: the alert's summary is updated
        await().atMost(WAIT).until(() -> fake.ingested().size() == 2);
        recordShifted("local-java");
        await().atMost(WAIT).until(() -> fake.ingested().size() == 3);
        awaitDrained();

        JsonNode first = fake.ingested().get(0).json();
        assertThat(first.get("dedup_key").asText()).isEqualTo(key);
        assertThat(first.at("/payload/severity").asText()).isEqualTo("warning");
        assertThat(first.at("/payload/class").asText()).isEqualTo("regression");
        assertThat(first.at("/payload/summary").asText())
                .isEqualTo("local-java: cold start 2.3 × slower than the 7 days before, since 2026-11-22T14:05:00Z on local");
        assertThat(fake.ingested().get(1).json().at("/payload/summary").asText()).endsWith(", and 1 more on local");
        assertThat(fake.ingested().get(1).json().at("/payload/custom_details/regressions").toString())
                .contains("file opens 3.0 × slower than the 7 days before");
        assertThat(fake.ingested().get(2).json().get("event_action").asText()).isEqualTo("resolve");
        assertThat(fake.incidents(key)).singleElement().satisfies(i -> assertThat(i.resolved()).isTrue());
        // the target's own alert (failures) never moved
        assertThat(alerts.state(JAVA)).isEmpty();
    }

    @Test
    void aRegressionDoesNotPageUnlessTheConfigAsks() throws Exception {
        start("  targets: { local-two: { page-on-regression: true } }\n");

        recordShifted("local-java", new FigureShift(LatencyFigure.BUILD, 2.0, java.time.Instant.now(), 1000, 2000, 100, 12));

        assertThat(alerts.counts()).isEqualTo(OutboxCounts.ZERO);
        assertThat(alerts.state("shipwatch/regression/local-java")).isEmpty();
    }

    /** Alerting over a config where local-java runs in eu and us (quorum 2, the default), paging on the first failure. */
    private Alerting startInTwoLocations(String policy) throws Exception {
        String yaml = Fixture.yaml(dir, fake.baseUrl(), "  policy: { failures: 1, window: 1, recover-after: 1" + policy + " }\n")
                .replace("    component: Local deploys\n", "    component: Local deploys\n    locations: [eu, us]\n");
        ShipwatchConfig config = Fixture.config(dir, yaml, Fixture.env());
        var alertingConfig = Fixture.alerting(dir, yaml, Fixture.env());
        db = Database.open(config.storage());
        alerts = AlertStore.of(db);
        alerting = new Alerting(alertingConfig, config, db.runs(), alerts, maintenance, Clock.systemUTC(),
                new PagerDutySender(alertingConfig.pagerDuty()), FAST, Fixture.env());
        alerting.start();
        return alerting;
    }

    private void recordAt(String location, Outcome outcome) {
        ProbeRun run = Fixture.run("local-java", "Local deploys", outcome, FailureClass.HEALTH_TIMEOUT, "no answer").at(location);
        db.runs().finished(run, Duration.ofMinutes(10));
        alerting.onRun(run);
    }

    @Test
    void aTargetInTwoLocationsPagesOnlyWhenFailingInBothUnlessThePolicyPagesOnAnyOne() throws Exception {
        startInTwoLocations("");
        recordAt("eu", Outcome.FAILED);
        recordAt("us", Outcome.SUCCESS);
        recordAt("eu", Outcome.FAILED);
        assertThat(alerts.counts()).as("failing in one location of two does not page").isEqualTo(OutboxCounts.ZERO);
        recordAt("us", Outcome.FAILED);
        await().atMost(WAIT).until(() -> fake.ingested().size() == 1);
        recordAt("us", Outcome.SUCCESS);
        await().atMost(WAIT).alias("failing in fewer than the quorum again resolves").until(() -> fake.ingested().size() == 2);
        awaitDrained();
        assertThat(fake.incidents(JAVA)).singleElement().satisfies(i -> assertThat(i.resolved()).isTrue());
    }

    @Test
    void pageOnSingleLocationPagesWhenAnyLocationFails() throws Exception {
        startInTwoLocations(", page-on-single-location: true");
        recordAt("us", Outcome.SUCCESS);
        recordAt("eu", Outcome.FAILED);
        await().atMost(WAIT).until(() -> fake.ingested().size() == 1);
        awaitDrained();
        assertThat(fake.incidents(JAVA)).singleElement().satisfies(i -> assertThat(i.resolved()).isFalse());
    }

    @Test
    void twoFailuresOfThreeRunsPageOnceWithWhatOnCallNeeds() throws Exception {
        start("");
        ProbeRun first = record("local-java", Outcome.FAILED);
        assertThat(alerts.counts()).as("one failure does not page").isEqualTo(OutboxCounts.ZERO);
        ProbeRun second = record("local-java", Outcome.FAILED);
        record("local-java", Outcome.FAILED); // a third failure: the alert is already open

        await().atMost(WAIT).until(() -> fake.ingested().size() == 1);
        awaitDrained();
        assertThat(fake.received()).hasSize(1);
        assertThat(fake.incidents(JAVA)).containsExactly(new FakePagerDuty.Incident(JAVA,
                "local-java: cold start failed (health_timeout after 1m) on local", "critical", false, 1));
        JsonNode event = fake.ingested().get(0).json();
        assertThat(event.get("event_action").asText()).isEqualTo("trigger");
        JsonNode payload = event.get("payload");
        // PagerDuty's meaning: source the affected system, component the part of it that broke
        assertThat(payload.get("source").asText()).isEqualTo("local-java");
        assertThat(payload.get("component").asText()).isEqualTo("cold_start");
        assertThat(payload.get("group").asText()).isEqualTo("Local deploys");
        assertThat(payload.get("class").asText()).isEqualTo("health_timeout");
        assertThat(payload.get("timestamp").asText()).startsWith(second.finishedAt().toString().substring(0, 19));
        JsonNode details = payload.get("custom_details");
        assertThat(details.get("run_id").asText()).isEqualTo(second.id());
        assertThat(details.get("bad_runs").asText()).isEqualTo("2 of the last 2");
        assertThat(details.get("failure").get("class").asText()).isEqualTo("health_timeout");
        assertThat(details.get("phases_ms").get("build").asDouble()).isEqualTo(812.4);
        assertThat(event.get("links").get(0).get("href").asText()).isEqualTo("https://status.example.com/components/local-deploys");
        assertThat(event.get("client_url").asText()).isEqualTo("https://status.example.com/components/local-deploys");
        assertThat(event.get("client").asText()).isEqualTo("Shipwatch");

        AlertState state = alerts.state(JAVA).orElseThrow();
        assertThat(state.open()).isTrue();
        assertThat(state.severity()).isEqualTo("critical");
        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void aSingleBlipDoesNotPage() throws Exception {
        start("");
        record("local-java", Outcome.SUCCESS);
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.SUCCESS);
        record("local-java", Outcome.SUCCESS);
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.SUCCESS);
        alerting.reconcile(); // and deciding again changes nothing
        assertThat(alerts.counts()).isEqualTo(OutboxCounts.ZERO);
        assertThat(alerts.state(JAVA)).isEmpty();
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void recoveryResolvesOnceAndTheNextFailuresOpenANewIncident() throws Exception {
        start("");
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.SUCCESS);
        assertThat(alerts.state(JAVA).orElseThrow().open()).as("one success is not a recovery").isTrue();
        record("local-java", Outcome.SUCCESS);
        record("local-java", Outcome.SUCCESS);
        awaitDrained();
        assertThat(fake.ingested()).extracting(FakePagerDuty.Received::action).containsExactly("trigger", "resolve");
        assertThat(fake.incidents(JAVA)).singleElement().satisfies(i -> assertThat(i.resolved()).isTrue());

        // The failures that opened the first incident do not count again: one new failure is a blip.
        record("local-java", Outcome.FAILED);
        assertThat(alerts.state(JAVA).orElseThrow().open()).isFalse();
        record("local-java", Outcome.FAILED);
        awaitDrained();
        assertThat(fake.incidents(JAVA)).hasSize(2);
        assertThat(fake.incidents(JAVA).get(1).resolved()).isFalse();
    }

    @Test
    void aTargetInMaintenanceNeverPagesAndAnOpenAlertIsDecidedAgainWhenTheWindowEnds() throws Exception {
        start("");
        maintenance.begin("Local deploys");
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.FAILED);
        alerting.reconcile();
        assertThat(alerts.counts()).as("no page during maintenance").isEqualTo(OutboxCounts.ZERO);
        maintenance.end("Local deploys");
        record("local-java", Outcome.FAILED);
        assertThat(alerts.counts()).as("failures inside the window do not count afterwards").isEqualTo(OutboxCounts.ZERO);
        record("local-java", Outcome.FAILED);
        awaitDrained();
        assertThat(fake.incidents(JAVA)).hasSize(1);

        // Open when the window starts: left alone during it, even as the target recovers ...
        maintenance.begin("Local deploys");
        record("local-java", Outcome.SUCCESS);
        record("local-java", Outcome.SUCCESS);
        assertThat(alerts.state(JAVA).orElseThrow().open()).isTrue();
        // ... and resolved by the periodic re-evaluation once the window is over.
        maintenance.end("Local deploys");
        await().atMost(WAIT).until(() -> !alerts.state(JAVA).orElseThrow().open());
        awaitDrained();
        assertThat(fake.incidents(JAVA)).singleElement().satisfies(i -> assertThat(i.resolved()).isTrue());
    }

    @Test
    void a429ThenA202DeliversOnceAfterTheRetryAfter() throws Exception {
        fake.script(429).retryAfter("1");
        start("");
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.FAILED);
        awaitDrained();
        List<FakePagerDuty.Received> got = fake.received();
        assertThat(got).extracting(FakePagerDuty.Received::status).containsExactly(429, 202);
        assertThat(Duration.ofNanos(got.get(1).atNanos() - got.get(0).atNanos()))
                .as("Retry-After: 1 is honoured").isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(fake.incidents(JAVA)).singleElement().satisfies(i -> assertThat(i.triggers()).isEqualTo(1));
        OutboxEntry sent = alerts.outbox(OutboxStatus.SENT, 1).get(0);
        assertThat(sent.attempts()).isEqualTo(2);
    }

    @Test
    void fiveHundredsForAWhileThenEverythingArrivesInOrderPerKey() throws Exception {
        fake.failWith(503);
        start("");
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.FAILED);   // trigger java
        record("local-two", Outcome.FAILED);
        record("local-two", Outcome.FAILED);    // trigger two
        record("local-java", Outcome.SUCCESS);
        record("local-java", Outcome.SUCCESS);  // resolve java
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.FAILED);   // trigger java again
        await().atMost(WAIT).until(() -> fake.received().size() >= 8);
        assertThat(fake.ingested()).isEmpty();
        assertThat(alerts.counts().pending()).isEqualTo(4);

        fake.recover();
        awaitDrained();
        assertThat(alerts.counts()).isEqualTo(new OutboxCounts(0, 0, 4));
        List<String> java = fake.ingested().stream().filter(r -> JAVA.equals(r.dedupKey())).map(FakePagerDuty.Received::action).toList();
        assertThat(java).containsExactly("trigger", "resolve", "trigger");
        assertThat(fake.incidents(JAVA)).extracting(FakePagerDuty.Incident::resolved).containsExactly(true, false);
        assertThat(fake.incidents("shipwatch/local-two")).hasSize(1);
        // events of one key never overtook each other on the wire either, failed attempts included
        List<String> attempts = fake.received().stream().filter(r -> JAVA.equals(r.dedupKey()))
                .map(r -> r.action() + (r.status() == 202 ? " ok" : "")).toList();
        int firstResolve = attempts.indexOf(attempts.stream().filter(a -> a.startsWith("resolve")).findFirst().orElseThrow());
        assertThat(attempts.subList(0, firstResolve)).as("the resolve was tried only after the trigger got through")
                .contains("trigger ok");
    }

    @Test
    void aRejectedEventIsNotRetriedAndShowsInHealthAndMetrics() throws Exception {
        // a routing key PagerDuty refuses (31 characters): 400 invalid event
        var config = new dev.shipwatch.config.PagerDutyConfig(true, Fixture.ROUTING_KEY.substring(1), fake.baseUrl(), 120);
        start("", Fixture.env(), new PagerDutySender(config));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        alerting.meterBinder().bindTo(registry);
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.FAILED);
        await().atMost(WAIT).until(() -> alerts.counts().failed() == 1);
        // another event goes out after it (and is refused too): the first was not tried again meanwhile
        record("local-two", Outcome.FAILED);
        record("local-two", Outcome.FAILED);
        await().atMost(WAIT).until(() -> alerts.counts().failed() == 2);
        assertThat(fake.received()).hasSize(2).allSatisfy(r -> assertThat(r.status()).isEqualTo(400));
        OutboxEntry failed = alerts.outbox(OutboxStatus.FAILED, 5).get(1);
        assertThat(failed.dedupKey()).isEqualTo(JAVA);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("400", "invalid event", "routing_key");

        await().atMost(WAIT).until(() -> alerting.counts().failed() == 2);
        Map<String, Object> health = alerting.health();
        assertThat(health).containsEntry("paging", "on");
        assertThat(health.get("outbox")).isEqualTo(Map.of("pending", 0L, "failed", 2L, "sent", 0L));
        assertThat(health.get("failed_events").toString()).contains(JAVA, "Event object is invalid");
        assertThat(registry.get("shipwatch.alert.outbox").tag("status", "failed").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("shipwatch.alert.deliveries").tag("result", "rejected").functionCounter().count()).isEqualTo(2.0);
    }

    @Test
    void startUpReconciliationResolvesAStaleAlert() throws Exception {
        start("");
        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.FAILED);
        awaitDrained();
        alerting.close();
        // The target recovered while alerting was not running (runs stored, alerting never told).
        for (int i = 0; i < 2; i++) {
            db.runs().finished(Fixture.run("local-java", "Local deploys", Outcome.SUCCESS, null, null), Duration.ofMinutes(10));
        }
        assertThat(alerts.state(JAVA).orElseThrow().open()).isTrue();

        start("");
        awaitDrained();
        assertThat(alerts.state(JAVA).orElseThrow().open()).isFalse();
        assertThat(fake.ingested()).extracting(FakePagerDuty.Received::action).containsExactly("trigger", "resolve");
        assertThat(fake.incidents(JAVA)).singleElement().satisfies(i -> assertThat(i.resolved()).isTrue());
    }

    @Test
    void anUnreachablePlatformPagesOnceForThePlatformNotPerTarget() throws Exception {
        start("");
        for (int i = 0; i < 2; i++) {
            record("local-java", Outcome.FAILED, FailureClass.PLATFORM_UNREACHABLE, "cannot connect to the engine");
            record("local-two", Outcome.FAILED, FailureClass.PLATFORM_UNREACHABLE, "cannot connect to the engine");
        }
        awaitDrained();
        assertThat(fake.ingested()).singleElement().satisfies(r -> {
            assertThat(r.dedupKey()).isEqualTo("shipwatch/platform/local");
            assertThat(r.json().get("payload").get("summary").asText())
                    .startsWith("platform local: unreachable from the monitor").contains("local-java, local-two");
            assertThat(r.json().get("payload").get("class").asText()).isEqualTo("platform_unreachable");
            assertThat(r.json().get("payload").get("source").asText()).isEqualTo("local");
            assertThat(r.json().get("payload").get("component").asText()).isEqualTo("deploy");
            assertThat(r.json().findValues("component")).as("no field is written as null").noneMatch(JsonNode::isNull);
            assertThat(r.json().get("links").findValuesAsText("href")).containsExactly(
                    "https://status.example.com/components/local-deploys", "https://status.example.com/components/second");
            assertThat(r.json().get("client_url").asText()).isEqualTo("https://status.example.com/");
        });
        assertThat(alerts.state(JAVA)).isEmpty();
    }

    @Test
    void aRunWhoseStoringFailedStillCountsTowardsAPage() throws Exception {
        start("");
        record("local-java", Outcome.FAILED);
        // The second failure never reached the store (a full disk): alerting hears of it all the same.
        alerting.onRun(Fixture.run("local-java", "Local deploys", Outcome.FAILED, FailureClass.HEALTH_TIMEOUT, "no answer"));

        await().atMost(WAIT).until(() -> fake.ingested().size() == 1);
        assertThat(fake.ingested().get(0).dedupKey()).isEqualTo(JAVA);
    }

    @Test
    void anOpenAlertOfATargetNoLongerConfiguredIsResolved() throws Exception {
        start("");
        record("local-two", Outcome.FAILED);
        record("local-two", Outcome.FAILED);
        awaitDrained();
        alerting.close();
        // local-two is removed from the config; its alert must not stay open for ever.
        String yaml = Fixture.yaml(dir, fake.baseUrl(), "").replace("""
                  - name: local-two
                    component: Second
                    platform: { type: local }
                """, "");
        ShipwatchConfig config = Fixture.config(dir, yaml, Fixture.env());
        var alertingConfig = Fixture.alerting(dir, yaml, Fixture.env());
        alerting = new Alerting(alertingConfig, config, db.runs(), alerts, maintenance, Clock.systemUTC(),
                new PagerDutySender(alertingConfig.pagerDuty()), FAST, Fixture.env());
        alerting.start();

        awaitDrained();
        assertThat(fake.ingested()).extracting(FakePagerDuty.Received::dedupKey, FakePagerDuty.Received::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shipwatch/local-two", "trigger"),
                        org.assertj.core.groups.Tuple.tuple("shipwatch/local-two", "resolve"));
    }

    @Test
    void twoPlatformsEachHaveTheirOwnUnreachableAlert() throws Exception {
        start("");
        for (int i = 0; i < 2; i++) {
            record("local-java", Outcome.FAILED, FailureClass.PLATFORM_UNREACHABLE, "cannot connect to the engine");
            ProbeRun healthy = Fixture.run("local-two", "Second", Outcome.SUCCESS, null, null);
            ProbeRun onContainer = new ProbeRun(healthy.id(), healthy.target(), "container", healthy.component(),
                    healthy.startedAt(), healthy.finishedAt(), healthy.outcome(), healthy.failure(), healthy.phases(),
                    healthy.firstRequest(), healthy.warm(), healthy.workload(), healthy.nonceVerified(),
                    healthy.canaryStartedAt(), healthy.breaches());
            db.runs().finished(onContainer, Duration.ofMinutes(10));
            alerting.onRun(onContainer);
        }
        awaitDrained();
        // local's runs are all unreachable: it pages; container's runs are healthy: nothing.
        assertThat(fake.ingested()).extracting(FakePagerDuty.Received::dedupKey).containsExactly("shipwatch/platform/local");
    }

    @Test
    void aMaintenanceCalendarThatFailsNeverSilencesAPage() throws Exception {
        String yaml = Fixture.yaml(dir, fake.baseUrl(), "");
        ShipwatchConfig config = Fixture.config(dir, yaml, Fixture.env());
        var alertingConfig = Fixture.alerting(dir, yaml, Fixture.env());
        db = Database.open(config.storage());
        alerts = AlertStore.of(db);
        MaintenanceCalendar broken = (component, at) -> {
            throw new IllegalStateException("maintenance store down");
        };
        alerting = new Alerting(alertingConfig, config, db.runs(), alerts, broken, Clock.systemUTC(),
                new PagerDutySender(alertingConfig.pagerDuty()), FAST, Fixture.env());
        alerting.start();

        record("local-java", Outcome.FAILED);
        record("local-java", Outcome.FAILED);

        await().atMost(WAIT).until(() -> fake.ingested().size() == 1);
        assertThat(fake.ingested().get(0).dedupKey()).isEqualTo(JAVA);
    }

    @Test
    void aFailedBuildPagesWithItsBuildTimeAndItsResolveIsTheKeyAndTheActionOnly() throws Exception {
        start("");
        for (int i = 0; i < 2; i++) {
            ProbeRun r = Fixture.run("local-java", "Local deploys", Outcome.FAILED, FailureClass.BUILD_FAILED, "Canary.java:4: error");
            ProbeRun brokenBuild = new ProbeRun(r.id(), r.target(), r.platform(), r.component(), r.startedAt(), r.finishedAt(),
                    Outcome.FAILED, new Failure(Phase.BUILD, FailureClass.BUILD_FAILED, "Canary.java:4: error"),
                    new PhaseTimings(1234.5, null, null, 20.0), null, null, null, false, null, List.of());
            db.runs().finished(brokenBuild, Duration.ofMinutes(10));
            alerting.onRun(brokenBuild);
        }
        record("local-java", Outcome.SUCCESS);
        record("local-java", Outcome.SUCCESS);
        awaitDrained();

        assertThat(fake.received()).extracting(FakePagerDuty.Received::status).containsExactly(202, 202);
        JsonNode trigger = fake.ingested().get(0).json();
        assertThat(trigger.at("/payload/custom_details/phases_ms")).isEqualTo(new ObjectMapper().readTree("{\"build\":1234.5,\"teardown\":20.0}"));
        assertThat(trigger.at("/payload/component").asText()).isEqualTo("build");
        assertThat(trigger.at("/payload/class").asText()).isEqualTo("build_failed");
        JsonNode resolve = fake.ingested().get(1).json();
        assertThat(resolve.fieldNames()).toIterable().containsExactly("routing_key", "event_action", "dedup_key");
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo(JAVA);
        assertThat(fake.incidents(JAVA)).singleElement().satisfies(i -> assertThat(i.resolved()).isTrue());
    }

    @Test
    void degradedRunsPageOnlyWhenAskedAndAtWarning() throws Exception {
        start("""
                  targets:
                    local-two: { page-on-degraded: true }
                """);
        record("local-java", Outcome.DEGRADED);
        record("local-java", Outcome.DEGRADED);
        record("local-two", Outcome.DEGRADED);
        record("local-two", Outcome.DEGRADED);
        awaitDrained();
        assertThat(fake.ingested()).singleElement().satisfies(r -> {
            assertThat(r.dedupKey()).isEqualTo("shipwatch/local-two");
            assertThat(r.json().get("payload").get("severity").asText()).isEqualTo("warning");
            assertThat(r.json().get("payload").get("summary").asText())
                    .isEqualTo("local-two: degraded (cold-start 7.2s, objective 5s) on local");
        });
        // failing outright now: the same alert is raised to critical
        record("local-two", Outcome.FAILED);
        record("local-two", Outcome.FAILED);
        awaitDrained();
        assertThat(fake.incidents("shipwatch/local-two")).singleElement()
                .satisfies(i -> assertThat(i.severity()).isEqualTo("critical"));
    }

    @Test
    void noSecretReachesAnyPayload() throws Exception {
        Map<String, String> env = new HashMap<>(Fixture.env());
        env.put("ADMIN_TOKEN", "adm1n-t0ken-value");
        env.put("SOME_API_TOKEN", "env-secret-value-42");
        start("", env, null);
        String message = "canary exited: CANARY_TOKEN=c4nary-s3cret-123 curl -H 'X-Canary-Token: c4nary-s3cret-123' "
                + "key " + Fixture.ROUTING_KEY + " admin adm1n-t0ken-value env env-secret-value-42";
        record("local-java", Outcome.FAILED, FailureClass.CANARY_EXITED, message);
        record("local-java", Outcome.FAILED, FailureClass.CANARY_EXITED, message);
        record("local-java", Outcome.SUCCESS);
        record("local-java", Outcome.SUCCESS);
        awaitDrained();
        assertThat(fake.received()).hasSize(2).allSatisfy(r -> {
            // routing_key is the one field that must carry the key
            String withoutKey = r.body().replace("\"routing_key\":\"" + Fixture.ROUTING_KEY + "\"", "");
            assertThat(withoutKey).doesNotContain(Fixture.ROUTING_KEY, "c4nary-s3cret-123", "adm1n-t0ken-value", "env-secret-value-42");
        });
        assertThat(fake.received().get(0).body()).contains("canary exited");
        // nor is any stored
        for (OutboxEntry e : alerts.outbox(OutboxStatus.SENT, 10)) {
            assertThat(e.payload()).doesNotContain(Fixture.ROUTING_KEY, "c4nary-s3cret-123", "adm1n-t0ken-value");
        }
    }
}
