package dev.shipwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipwatch.config.AlertPolicy;
import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.PagerDutyConfig;
import dev.shipwatch.config.PlatformSpec;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.Slo;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.config.Timeouts;
import dev.shipwatch.store.AlertState;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.SloBreach;
import dev.shipwatch.store.WarmStats;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Event building as tables: every decision {@link Events} and {@link RegressionPages} take about
 * what a page says, one row each, so that changing a condition, dropping a field or cutting one
 * character more or less fails a row. Both are pure functions of a run, a target, the config and
 * the secrets; nothing here starts a server or a database.
 *
 * <p>Every event built here goes through {@link #checked}: as stored in the outbox it carries no
 * routing key, no {@code null} and no known secret, reads back as the same event, and the body
 * the sender makes of it is one PagerDuty would take ({@link FakePagerDuty#validate}: its vendored
 * OpenAPI schema and its documented limits).
 */
class EventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ADMIN_TOKEN = "adm1n-t0ken-4f2a9c";
    static final String DB_PASSWORD = "h2-pa55w0rd-77x";
    static final String ENV_SECRET = "ghp_3nvS3cr3tValue9";
    /** Every secret the tests hand to {@link Secrets}; none may appear in any event. */
    static final List<String> SECRET_VALUES = List.of(Fixture.ROUTING_KEY, ADMIN_TOKEN, DB_PASSWORD, ENV_SECRET);
    static final Secrets SECRETS = Secrets.of(List.of(Fixture.ROUTING_KEY, ADMIN_TOKEN, DB_PASSWORD),
            Map.of("GITHUB_TOKEN", ENV_SECRET, "HOME", "/home/shipwatch"));

    // A trailing slash on the site URL: links must not get "//components".
    static final Site SITE = new Site("Test Status", "https://status.example.com/", ZoneId.of("UTC"));
    /** "Local deploys" has a declared id; "Second Component" is not declared, so its id is its slug. */
    static final StatusPageConfig PAGES = new StatusPageConfig(List.of(),
            List.of(new ComponentSpec("local", "Local deploys", null, null)), false);
    static final Events EVENTS = new Events(SITE, PAGES, SECRETS);
    static final RegressionPages REGRESSIONS = new RegressionPages(EVENTS, SECRETS);

    // Each limit different, so a summary naming the wrong phase's limit fails its row.
    static final Timeouts TIMEOUTS = new Timeouts(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofSeconds(60),
            Duration.ofMillis(2500), Duration.ofMinutes(3));
    static final Target JAVA = target("local-java", "Local deploys", "local");
    static final Target TWO = target("local-two", "Second Component", "local");

    static final Instant STARTED = Instant.parse("2026-11-22T14:00:00Z");
    static final Instant FINISHED = Instant.parse("2026-11-22T14:01:05.250Z");
    static final String PAGE = "https://status.example.com/components/local";

    /** The sender's own body builder, so "what is sent" is what the sender sends (it only adds the routing key). */
    static final PagerDutySender SENDER = new PagerDutySender(new PagerDutyConfig(true, Fixture.ROUTING_KEY, "http://127.0.0.1:9", 120));

    // --- summaries ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0} / {1}: \"{2}\"")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # phase       | class            | summary                                                              | component     | class
            build         | build_failed     | local-java: build failed (build_failed) on local                     | build         | build_failed
            build         | build_timeout    | local-java: build failed (build_timeout after 10m) on local          | build         | build_timeout
            deploy        | deploy_failed    | local-java: deploy failed (deploy_failed) on local                   | deploy        | deploy_failed
            deploy        | quota            | local-java: deploy failed (quota) on local                           | deploy        | quota
            deploy        | deploy_timeout   | local-java: deploy failed (deploy_timeout after 5m) on local         | deploy        | deploy_timeout
            deploy        | oom              | local-java: deploy failed (oom) on local                             | deploy        | oom
            cold_start    | health_timeout   | local-java: cold start failed (health_timeout after 1m) on local     | cold_start    | health_timeout
            cold_start    | wrong_version    | local-java: cold start failed (wrong_version) on local               | cold_start    | wrong_version
            cold_start    | canary_exited    | local-java: cold start failed (canary_exited) on local               | cold_start    | canary_exited
            first_request | dns              | local-java: first request failed (dns) on local                      | first_request | dns
            first_request | tls              | local-java: first request failed (tls) on local                      | first_request | tls
            first_request | http_5xx         | local-java: first request failed (http_5xx) on local                 | first_request | http_5xx
            first_request | request_timeout  | local-java: first request failed (request_timeout after 2500ms) on local | first_request | request_timeout
            warm_requests | request_timeout  | local-java: warm requests failed (request_timeout after 2500ms) on local | warm_requests | request_timeout
            warm_requests | http_error       | local-java: warm requests failed (http_error) on local               | warm_requests | http_error
            workload      | slo_workload     | local-java: workload failed (slo_workload) on local                  | workload      | slo_workload
            teardown      | teardown_failed  | local-java: teardown failed (teardown_failed) on local               | teardown      | teardown_failed
            deploy        | internal         | local-java: deploy failed (internal) on local                        | deploy        | internal
            -             | aborted          | local-java: run failed (aborted) on local                            | -             | aborted
            cold_start    | -                | local-java: cold start failed (failed) on local                      | cold_start    | -
            """)
    void aFailedRunSaysWhichPhaseFailedHowAndAfterWhichTimeout(String phase, String failureClass, String summary,
                                                                String component, String eventClass) {
        ProbeRun run = run().failed(phase == null ? null : Phase.fromWire(phase),
                failureClass == null ? null : FailureClass.fromWire(failureClass), "it broke").build();

        JsonNode payload = checked(EVENTS.targetTrigger("shipwatch/local-java", JAVA, run, "critical", 2, 3)).get("payload");

        assertThat(payload.get("summary").asText()).isEqualTo(summary);
        assertThat(text(payload, "component")).isEqualTo(component);
        assertThat(text(payload, "class")).isEqualTo(eventClass);
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # breaches (objective limit actual, newest cause first)  | summary                                                                       | component
            build 2m 2.5m                                            | local-java: degraded (build 2.5m, objective 2m) on local                      | build
            deploy 30s 41.0s                                         | local-java: degraded (deploy 41.0s, objective 30s) on local                   | deploy
            cold-start 5s 7.2s                                       | local-java: degraded (cold-start 7.2s, objective 5s) on local                 | cold_start
            first-request 1s 1.4s                                    | local-java: degraded (first-request 1.4s, objective 1s) on local              | first_request
            request-p95 200ms 340ms                                  | local-java: degraded (request-p95 340ms, objective 200ms) on local            | warm_requests
            fs-ops-per-s 500 120                                     | local-java: degraded (fs-ops-per-s 120, objective 500) on local               | workload
            fs-open-read-per-s 9000 2100                             | local-java: degraded (fs-open-read-per-s 2100, objective 9000) on local       | workload
            fs-stat-missing-per-s 9000 2100                          | local-java: degraded (fs-stat-missing-per-s 2100, objective 9000) on local    | workload
            fs-create-fsync-per-s 300 40                             | local-java: degraded (fs-create-fsync-per-s 40, objective 300) on local       | workload
            fs-list-per-s 4000 900                                   | local-java: degraded (fs-list-per-s 900, objective 4000) on local             | workload
            cold-start 5s 7.2s, build 2m 2.5m                        | local-java: degraded (cold-start 7.2s, objective 5s, and 1 more) on local     | cold_start
            request-p95 200ms 340ms, build 2m 2.5m, deploy 30s 41.0s | local-java: degraded (request-p95 340ms, objective 200ms, and 2 more) on local | warm_requests
            availability 99.9 98.0                                   | local-java: degraded (availability 98.0, objective 99.9) on local             | -
            """)
    void aDegradedRunSaysWhichObjectiveItBrokeFirstAndHowManyMore(String breaches, String summary, String component) {
        List<SloBreach> list = Arrays.stream(breaches.split(",\\s*")).map(b -> b.trim().split(" "))
                .map(b -> new SloBreach(b[0], b[1], b[2])).toList();
        ProbeRun run = run().degraded(list).build();

        JsonNode payload = checked(EVENTS.targetTrigger("shipwatch/local-java", JAVA, run, "warning", 2, 3)).get("payload");

        assertThat(payload.get("summary").asText()).isEqualTo(summary);
        assertThat(text(payload, "component")).as("the phase the first broken objective measures").isEqualTo(component);
        assertThat(payload.get("class").asText()).isEqualTo("slo_breach");
        assertThat(payload.at("/custom_details/slo_breaches")).hasSize(list.size());
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # outcome | summary                        | class
            failed    | local-java: failed on local    | -
            degraded  | local-java: degraded on local  | slo_breach
            success   | local-java: success on local   | -
            """)
    void aRunThatNamesNeitherAFailureNorABreachIsDescribedByItsOutcomeAlone(String outcome, String summary, String eventClass) {
        // A failed run without a failure record (the store reads one when the row has none): no
        // phase and no class to claim, in particular not "slo_breach", which a degraded run is.
        ProbeRun run = run().outcome(Outcome.valueOf(outcome.toUpperCase(Locale.ROOT))).build();

        JsonNode payload = checked(EVENTS.targetTrigger("shipwatch/local-java", JAVA, run, "critical", 2, 3)).get("payload");

        assertThat(payload.get("summary").asText()).isEqualTo(summary);
        assertThat(payload.has("component")).isFalse();
        assertThat(text(payload, "class")).isEqualTo(eventClass);
    }

    // --- platform alerts ---------------------------------------------------------------

    static Stream<Arguments> platforms() {
        Target container = target("java-on-podman", "Containers", "container");
        Target container2 = target("go-on-podman", "Containers", "container");
        List<Target> eleven = IntStream.rangeClosed(1, 11).mapToObj(i -> target("t" + i, "C" + i, "local")).toList();
        return Stream.of(
                Arguments.of("one target: its component's page", "local", List.of(JAVA),
                        "local-java", List.of(PAGE), PAGE),
                Arguments.of("two components: each linked, the client URL is the page root", "local", List.of(JAVA, TWO),
                        "local-java, local-two", List.of(PAGE, "https://status.example.com/components/second-component"),
                        "https://status.example.com/"),
                Arguments.of("a second platform: its own type and targets", "container", List.of(container, container2),
                        "java-on-podman, go-on-podman", List.of("https://status.example.com/components/containers"),
                        "https://status.example.com/components/containers"),
                Arguments.of("ten components: ten links", "local", eleven.subList(0, 10),
                        "t1, t2, t3, t4, t5, t6, t7, t8, t9, t10", componentPages(1, 10), "https://status.example.com/"),
                Arguments.of("eleven components: the first ten linked", "local", eleven,
                        "t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11", componentPages(1, 10), "https://status.example.com/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("platforms")
    void aPlatformAlertIsAboutThePlatformNamesItsTargetsAndLinksTheirComponents(String name, String platform, List<Target> on,
                                                                              String targets, List<String> links, String clientUrl) {
        ProbeRun run = run().platform(platform).failed(Phase.DEPLOY, FailureClass.PLATFORM_UNREACHABLE, "engine not reachable").build();

        JsonNode event = checked(EVENTS.platformTrigger("shipwatch/platform/" + platform, platform, on, run, "critical", 2, 3));

        JsonNode payload = event.get("payload");
        assertThat(payload.get("summary").asText()).isEqualTo("platform " + platform
                + ": unreachable from the monitor (platform_unreachable in 2 of the last 3 runs; targets: " + targets + ")");
        assertThat(payload.get("source").asText()).isEqualTo(platform);
        assertThat(payload.get("component").asText()).isEqualTo("deploy");
        assertThat(payload.get("group").asText()).isEqualTo("platforms");
        assertThat(payload.get("class").asText()).isEqualTo("platform_unreachable");
        assertThat(payload.at("/custom_details/platform").asText()).isEqualTo(platform);
        assertThat(payload.at("/custom_details/targets")).hasSize(on.size());
        assertThat(event.get("links").findValuesAsText("href")).isEqualTo(links);
        assertThat(event.get("client_url").asText()).isEqualTo(clientUrl);
    }

    // --- truncation --------------------------------------------------------------------

    @ParameterizedTest(name = "a summary of {0} characters of \"{1}\" is sent as {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # length before | filler | length sent | cut
            1023            | x      | 1023        | false
            1024            | x      | 1024        | false
            1025            | x      | 1024        | true
            3000            | x      | 1024        | true
            1024            | é      | 1024        | false
            1025            | é      | 1024        | true
            """)
    void theSummaryIsCutToAtMost1024Characters(int before, String filler, int sent, boolean cut) {
        String suffix = ": build failed (build_failed) on local";
        Target longName = target(filler.repeat(before - suffix.length()), "Local deploys", "local");
        ProbeRun run = run().failed(Phase.BUILD, FailureClass.BUILD_FAILED, "exit 1").build();
        String whole = longName.name() + suffix;

        String summary = checked(EVENTS.targetTrigger("shipwatch/x", longName, run, "critical", 2, 3)).at("/payload/summary").asText();

        assertThat(summary).hasSize(sent);
        // "é" counts as one character although UTF-8 takes two bytes: PagerDuty's limit is characters.
        assertThat(summary).isEqualTo(cut ? whole.substring(0, 1023) + "…" : whole);
    }

    @ParameterizedTest(name = "a failure message of {0} characters is kept as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # length before | length kept | cut
            499             | 499         | false
            500             | 500         | false
            501             | 500         | true
            2000            | 500         | true
            """)
    void theFailureMessageIsCutToAtMost500Characters(int before, int kept, boolean cut) {
        String message = "m".repeat(before - 1) + "$";
        ProbeRun run = run().failed(Phase.BUILD, FailureClass.BUILD_FAILED, message).build();

        String inEvent = checked(EVENTS.targetTrigger("shipwatch/local-java", JAVA, run, "critical", 2, 3))
                .at("/payload/custom_details/failure/message").asText();

        assertThat(inEvent).hasSize(kept).isEqualTo(cut ? message.substring(0, 499) + "…" : message);
    }

    @ParameterizedTest(name = "a cut at {0} characters before an emoji keeps whole characters ({1})")
    @CsvSource(delimiter = '|', textBlock = """
            # where the emojis start | text
            1022                     | summary
            1020                     | summary
            1021                     | summary
            498                      | message
            497                      | message
            """)
    void aCutNeverSplitsACharacterInTwo(int emojiAt, String text) {
        // "😀" is two UTF-16 chars (a surrogate pair): cut between them, the page would carry
        // half a character, which the sender's UTF-8 encoder turns into "?".
        boolean summary = text.equals("summary");
        String filled = "x".repeat(emojiAt) + "😀".repeat(600);
        Target t = summary ? target(filled, "Local deploys", "local") : JAVA;
        ProbeRun run = run().failed(Phase.BUILD, FailureClass.BUILD_FAILED, summary ? "exit 1" : filled).build();

        JsonNode payload = checked(EVENTS.targetTrigger("shipwatch/x", t, run, "critical", 2, 3)).get("payload");

        String cutText = summary ? payload.get("summary").asText() : payload.at("/custom_details/failure/message").asText();
        assertThat(cutText.length()).isLessThanOrEqualTo(summary ? 1024 : 500).isGreaterThanOrEqualTo(summary ? 1023 : 499);
        assertThat(cutText).endsWith("…").startsWith("x".repeat(emojiAt));
        assertThat(wellFormed(cutText)).as("no half surrogate pair in %s", cutText.substring(emojiAt - 2)).isTrue();
    }

    @Test
    void aPlatformAlertOverManyTargetsIsCutTo1024CharactersAndTenLinks() {
        List<Target> many = IntStream.rangeClosed(1, 120)
                .mapToObj(i -> target("target-with-a-long-name-" + i, "Component " + i, "local")).toList();
        ProbeRun run = run().failed(Phase.DEPLOY, FailureClass.PLATFORM_UNREACHABLE, "engine not reachable").build();

        JsonNode event = checked(EVENTS.platformTrigger("shipwatch/platform/local", "local", many, run, "critical", 3, 3));

        assertThat(event.at("/payload/summary").asText()).hasSize(1024).endsWith("…")
                .startsWith("platform local: unreachable from the monitor (platform_unreachable in 3 of the last 3 runs; "
                        + "targets: target-with-a-long-name-1, target-with-a-long-name-2,");
        assertThat(event.get("links")).hasSize(10);
        // the details name every target: on-call can see them all there
        assertThat(event.at("/payload/custom_details/targets")).hasSize(120);
    }

    // --- secrets -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # what the failure message quotes   | message                                                         | as paged
            the routing key                     | POST failed: key R0UT1NGKEY0123456789abcdefABCDEF refused       | POST failed: key *** refused
            the admin token                     | curl -H 'Authorization: Bearer adm1n-t0ken-4f2a9c' /api         | curl -H 'Authorization: Bearer ***' /api
            the storage password                | jdbc login with h2-pa55w0rd-77x failed                          | jdbc login with *** failed
            a secret-looking environment value  | git clone https://ghp_3nvS3cr3tValue9@github.com/x/y            | git clone https://***@github.com/x/y
            an env value not named like a secret| cd /home/shipwatch: no such directory                           | cd /home/shipwatch: no such directory
            token= text                         | GET /health?token=s3cr3t&x=1 answered 500                       | GET /health?token=***&x=1 answered 500
            password: text                      | login failed (password: hunter2, user: bob)                     | login failed (password: ***, user: bob)
            X-Canary-Token header               | sent X-Canary-Token: c4n4ry-n0nce to the canary                 | sent X-Canary-Token: *** to the canary
            JSON password field                 | {"user":"bob","password":"hunter2"}                             | {"user":"bob","password":"***"}
            """)
    void aSecretTheFailureMessageQuotesIsMaskedInTheDetails(String what, String message, String paged) {
        ProbeRun run = run().failed(Phase.DEPLOY, FailureClass.DEPLOY_FAILED, message).build();

        JsonNode event = checked(EVENTS.targetTrigger("shipwatch/local-java", JAVA, run, "critical", 2, 3));

        assertThat(event.at("/payload/custom_details/failure/message").asText()).isEqualTo(paged);
        assertThat(event.toString()).doesNotContain("hunter2", "s3cr3t&", "c4n4ry-n0nce");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # the site URL                                      | the component page, as paged
            https://status.example.com                          | https://status.example.com/components/local
            https://ops:h2-pa55w0rd-77x@status.example.com      | https://ops:***@status.example.com/components/local
            https://ops:ghp_3nvS3cr3tValue9@status.example.com  | https://ops:***@status.example.com/components/local
            """)
    void aSecretInTheConfigIsMaskedInTheSummaryAndInEveryLink(String siteUrl, String page) {
        // A private status page's URL may carry its credentials (interpolated from the
        // environment: the storage password, a secret-named variable); a page to on-call is
        // read by many and kept for years.
        Events events = new Events(new Site("Test Status", siteUrl, ZoneId.of("UTC")), PAGES, SECRETS);
        Target named = target("x-" + ADMIN_TOKEN, "Local deploys", "local");
        ProbeRun run = run().failed(Phase.BUILD, FailureClass.BUILD_FAILED, "exit 1").build();
        String root = page.substring(0, page.indexOf("/components/") + 1);

        JsonNode target = checked(events.targetTrigger("shipwatch/x", named, run, "critical", 2, 3));
        JsonNode platform = checked(events.platformTrigger("shipwatch/platform/local", "local", List.of(JAVA, TWO), run, "critical", 2, 3));

        assertThat(target.at("/payload/summary").asText()).isEqualTo("x-***: build failed (build_failed) on local");
        assertThat(target.at("/links/0/href").asText()).isEqualTo(page);
        assertThat(target.get("client_url").asText()).isEqualTo(page);
        assertThat(platform.at("/links/0/href").asText()).isEqualTo(page);
        assertThat(platform.at("/links/1/href").asText()).isEqualTo(root + "components/second-component");
        assertThat(platform.get("client_url").asText()).isEqualTo(root);
    }

    @Test
    void aSecretWhereTheSummaryIsCutIsMaskedWholeNotCutInHalf() {
        // The known value starts 8 characters before the cut: cutting first would keep 8 of
        // its characters, which no longer match the whole value, so they would go out unmasked.
        String name = "x".repeat(1015) + ADMIN_TOKEN + "y".repeat(10);
        assertThat(name + ": build failed (build_failed) on local").as("a summary that must be cut").hasSizeGreaterThan(1024);
        ProbeRun run = run().failed(Phase.BUILD, FailureClass.BUILD_FAILED, "exit 1").build();

        String summary = checked(EVENTS.targetTrigger("shipwatch/x", target(name, "Local deploys", "local"), run, "critical", 2, 3))
                .at("/payload/summary").asText();

        assertThat(summary).doesNotContain(ADMIN_TOKEN.substring(0, 8)).contains("x***y").hasSizeLessThanOrEqualTo(1024);
    }

    @Test
    void aMaskLongerThanWhatItHidesStillLeavesTheSummaryWithin1024Characters() {
        // "token=a" (and the ":" after it) becomes "token=***": masked after the cut, a summary
        // of exactly 1024 characters would grow past the limit.
        String suffix = ": build failed (build_failed) on local";
        String name = "x".repeat(1024 - suffix.length() - "token=a".length()) + "token=a";
        ProbeRun run = run().failed(Phase.BUILD, FailureClass.BUILD_FAILED, "exit 1").build();

        String summary = checked(EVENTS.targetTrigger("shipwatch/x", target(name, "Local deploys", "local"), run, "critical", 2, 3))
                .at("/payload/summary").asText();

        assertThat(summary).hasSize(1024).endsWith("…").contains("token=***");
    }

    // --- fields, as stored and as sent ---------------------------------------------------

    static Stream<Arguments> wholeEvents() {
        ProbeRun failed = run().failed(Phase.COLD_START, FailureClass.HEALTH_TIMEOUT, "no answer with this run's nonce")
                .phases(812.4, 15.2, 60000.0, 21.0).build();
        ProbeRun degraded = run().degraded(List.of(new SloBreach("cold-start", "5s", "7.2s"), new SloBreach("request-p95", "200ms", "340ms")))
                .firstRequest(120.5).warmP95(340.0).build();
        ProbeRun unreachable = run().id("run-43").failed(Phase.DEPLOY, FailureClass.PLATFORM_UNREACHABLE, "engine not reachable")
                .phases(812.4, 15.2, null, null).build();
        return Stream.of(
                Arguments.of("a failed run's trigger", EVENTS.targetTrigger("shipwatch/local-java", JAVA, failed, "critical", 2, 3), """
                        {"event_action":"trigger","dedup_key":"shipwatch/local-java",
                         "payload":{"summary":"local-java: cold start failed (health_timeout after 1m) on local",
                                    "source":"local-java","severity":"critical","timestamp":"2026-11-22T14:01:05.250Z",
                                    "component":"cold_start","group":"Local deploys","class":"health_timeout",
                                    "custom_details":{"target":"local-java","platform":"local","component":"Local deploys",
                                                      "bad_runs":"2 of the last 3","run_id":"run-42","outcome":"failed",
                                                      "started_at":"2026-11-22T14:00:00Z",
                                                      "failure":{"phase":"cold_start","class":"health_timeout",
                                                                 "message":"no answer with this run's nonce"},
                                                      "phases_ms":{"build":812.4,"deploy":15.2,"cold_start":60000.0,"teardown":21.0}}},
                         "links":[{"href":"https://status.example.com/components/local","text":"Test Status status page: Local deploys"}],
                         "client":"Shipwatch","client_url":"https://status.example.com/components/local"}"""),
                Arguments.of("a degraded run's trigger", EVENTS.targetTrigger("shipwatch/local-two", TWO, degraded, "warning", 3, 3), """
                        {"event_action":"trigger","dedup_key":"shipwatch/local-two",
                         "payload":{"summary":"local-two: degraded (cold-start 7.2s, objective 5s, and 1 more) on local",
                                    "source":"local-two","severity":"warning","timestamp":"2026-11-22T14:01:05.250Z",
                                    "component":"cold_start","group":"Second Component","class":"slo_breach",
                                    "custom_details":{"target":"local-two","platform":"local","component":"Second Component",
                                                      "bad_runs":"3 of the last 3","run_id":"run-42","outcome":"degraded",
                                                      "started_at":"2026-11-22T14:00:00Z",
                                                      "phases_ms":{"build":812.4,"deploy":15.2,"cold_start":402.7,"teardown":21.0},
                                                      "first_request_ms":120.5,"warm_p95_ms":340.0,
                                                      "slo_breaches":["cold-start 7.2s (objective 5s)","request-p95 340ms (objective 200ms)"]}},
                         "links":[{"href":"https://status.example.com/components/second-component",
                                   "text":"Test Status status page: Second Component"}],
                         "client":"Shipwatch","client_url":"https://status.example.com/components/second-component"}"""),
                Arguments.of("an unreachable platform's trigger",
                        EVENTS.platformTrigger("shipwatch/platform/local", "local", List.of(JAVA, TWO), unreachable, "error", 2, 4), """
                        {"event_action":"trigger","dedup_key":"shipwatch/platform/local",
                         "payload":{"summary":"platform local: unreachable from the monitor (platform_unreachable in 2 of the last 4 runs; targets: local-java, local-two)",
                                    "source":"local","severity":"error","timestamp":"2026-11-22T14:01:05.250Z",
                                    "component":"deploy","group":"platforms","class":"platform_unreachable",
                                    "custom_details":{"platform":"local","targets":["local-java","local-two"],
                                                      "bad_runs":"2 of the last 4 runs on the platform","run_id":"run-43","outcome":"failed",
                                                      "started_at":"2026-11-22T14:00:00Z",
                                                      "failure":{"phase":"deploy","class":"platform_unreachable","message":"engine not reachable"},
                                                      "phases_ms":{"build":812.4,"deploy":15.2}}},
                         "links":[{"href":"https://status.example.com/components/local","text":"Test Status status page: Local deploys"},
                                  {"href":"https://status.example.com/components/second-component","text":"Test Status status page: Second Component"}],
                         "client":"Shipwatch","client_url":"https://status.example.com/"}"""),
                Arguments.of("a resolve: the key and the action, nothing else", EVENTS.resolve("shipwatch/local-java"), """
                        {"event_action":"resolve","dedup_key":"shipwatch/local-java"}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wholeEvents")
    void anEventIsStoredAsEventsV2DefinesItAndSentWithTheRoutingKeyAdded(String name, PagerEvent event, String stored)
            throws Exception {
        JsonNode json = checked(event);

        assertThat(json).isEqualTo(JSON.readTree(stored));
        ObjectNode sent = SENDER.body(event);
        assertThat(sent.remove("routing_key").asText()).isEqualTo(Fixture.ROUTING_KEY);
        assertThat(sent).as("the rest of the body sent").isEqualTo(json);
    }

    @ParameterizedTest(name = "{0}: {2} is {3}")
    @CsvSource(delimiter = '|', nullValues = "absent", textBlock = """
            # what the run lacks                       | change           | field (JSON pointer)                              | value
            nothing: the failed phase is timed too     | none             | /payload/custom_details/phases_ms/cold_start      | 60000.0
            a first request                            | no-first-request | /payload/custom_details/first_request_ms          | absent
            a first request                            | none             | /payload/custom_details/first_request_ms          | 120.5
            warm requests                              | no-warm          | /payload/custom_details/warm_p95_ms               | absent
            warm requests                              | none             | /payload/custom_details/warm_p95_ms               | 340.0
            phases it did not reach                    | no-cold-start    | /payload/custom_details/phases_ms/cold_start      | absent
            phases it did not reach                    | no-cold-start    | /payload/custom_details/phases_ms/deploy          | 15.2
            a finish: the start is its time            | unfinished       | /payload/timestamp                                | 2026-11-22T14:00:00Z
            any time                                   | no-times         | /payload/timestamp                                | absent
            any time                                   | no-times         | /payload/custom_details/started_at                | absent
            a failure message                          | no-message       | /payload/custom_details/failure/message           | absent
            a failure message                          | no-message       | /payload/custom_details/failure/class             | health_timeout
            a failed phase (aborted)                   | no-phase         | /payload/custom_details/failure/phase             | absent
            a failed phase (aborted)                   | no-phase         | /payload/component                                | absent
            a failure class                            | no-class         | /payload/custom_details/failure/class             | absent
            a failure class                            | no-class         | /payload/class                                    | absent
            a failure class                            | no-class         | /payload/custom_details/failure/phase             | cold_start
            breaches                                   | none             | /payload/custom_details/slo_breaches              | absent
            a failure: it has no failure details       | success          | /payload/custom_details/failure                   | absent
            """)
    void whatARunDidNotMeasureIsLeftOutNeverWrittenAsNull(String lacks, String change, String pointer, String value) {
        Builder b = run().failed(Phase.COLD_START, FailureClass.HEALTH_TIMEOUT, "no answer")
                .phases(812.4, 15.2, 60000.0, 21.0).firstRequest(120.5).warmP95(340.0);
        switch (change) {
            case "none" -> { }
            case "no-first-request" -> b.firstRequest(null);
            case "no-warm" -> b.warmP95(null);
            case "no-cold-start" -> b.phases(812.4, 15.2, null, null);
            case "unfinished" -> b.finishedAt = null;
            case "no-times" -> { b.finishedAt = null; b.startedAt = null; }
            case "no-message" -> b.failed(Phase.COLD_START, FailureClass.HEALTH_TIMEOUT, null);
            case "no-phase" -> b.failed(null, FailureClass.ABORTED, "the monitor stopped");
            case "no-class" -> b.failed(Phase.COLD_START, null, "no answer");
            case "success" -> b.outcome(Outcome.SUCCESS);
            default -> throw new IllegalArgumentException(change);
        }

        JsonNode event = checked(EVENTS.targetTrigger("shipwatch/local-java", JAVA, b.build(), "critical", 2, 3));

        JsonNode at = event.at(pointer);
        assertThat(at.isMissingNode() ? null : at.asText()).as(lacks).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # site url                          | component        | link                                                          | link text
            https://status.example.com          | Local deploys    | https://status.example.com/components/local                   | Test Status status page: Local deploys
            https://status.example.com/         | Local deploys    | https://status.example.com/components/local                   | Test Status status page: Local deploys
            https://status.example.com/         | Second Component | https://status.example.com/components/second-component        | Test Status status page: Second Component
            https://example.com/status          | Local deploys    | https://example.com/status/components/local                   | Test Status status page: Local deploys
            https://example.com/status/         | Café & Co.       | https://example.com/status/components/caf-co                  | Test Status status page: Café & Co.
            """)
    void theLinkAndTheClientUrlAreTheComponentsPage(String siteUrl, String component, String link, String text) {
        Events events = new Events(new Site("Test Status", siteUrl, ZoneId.of("UTC")), PAGES, SECRETS);
        ProbeRun run = run().failed(Phase.BUILD, FailureClass.BUILD_FAILED, "exit 1").build();

        JsonNode event = checked(events.targetTrigger("shipwatch/local-java", target("local-java", component, "local"), run,
                "critical", 2, 3));

        assertThat(event.get("links")).hasSize(1);
        assertThat(event.at("/links/0/href").asText()).isEqualTo(link);
        assertThat(event.at("/links/0/text").asText()).isEqualTo(text);
        assertThat(event.get("client_url").asText()).isEqualTo(link);
        assertThat(event.get("client").asText()).isEqualTo("Shipwatch");
        assertThat(event.at("/payload/group").asText()).isEqualTo(component);
    }

    // --- regression pages --------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                              | state          | page-on-regression | shifts | maintenance | expected
            a first shift triggers                              | closed         | true               | 1      | false       | trigger
            two shifts at once trigger                          | closed         | true               | 2      | false       | trigger
            no shift, nothing open: nothing                     | closed         | true               | 0      | false       | none
            not asked to page: nothing                          | closed         | false              | 1      | false       | none
            the same shift again: nothing new to say            | open           | true               | 1      | false       | none
            another figure shifted: the alert is updated        | open           | true               | 2      | false       | escalate
            the shift cleared: resolved                         | open           | true               | 0      | false       | resolve
            paging turned off while open: resolved              | open           | false              | 1      | false       | resolve
            in maintenance nothing pages                        | closed         | true               | 1      | true        | none
            in maintenance an open alert is left alone          | open           | true               | 0      | true        | none
            in maintenance an open alert is not updated         | open           | true               | 2      | true        | none
            """)
    void aRegressionPagesOnceResolvesWhenItClearsAndNeverInMaintenance(String name, String state, boolean pageOnRegression,
                                                                       int shifts, boolean maintenance, String expected) {
        ProbeRun run = run().outcome(Outcome.SUCCESS).shifts(shifts(shifts)).build();
        // Open: triggered by the cold start shift alone (what one shift's summary says).
        AlertState alert = state.equals("open")
                ? open("local-java: cold start 2.3 × slower than the 7 days before, since 2026-11-22T14:05:00Z on local")
                : AlertState.none("shipwatch/regression/local-java", "regression", "local-java");
        AlertPolicy policy = new AlertPolicy(2, 3, 2, "critical", "warning", false, pageOnRegression);

        Optional<RegressionPages.Decided> decided = REGRESSIONS.decide(alert, policy, JAVA, run, maintenance);

        assertThat(decided.map(d -> d.action().name().toLowerCase(Locale.ROOT)).orElse("none")).as(name).isEqualTo(expected);
        decided.ifPresent(d -> {
            JsonNode event = checked(d.event());
            assertThat(event.get("dedup_key").asText()).isEqualTo("shipwatch/regression/local-java");
            assertThat(d.decision().severity()).isEqualTo("warning");
            if (d.action() == Policy.Action.RESOLVE) {
                assertThat(event.size()).as("a resolve is the key and the action only").isEqualTo(2);
            }
        });
    }

    @ParameterizedTest(name = "{0} shift(s): \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            # shifts | summary                                                                                                   | component
            1        | local-java: cold start 2.3 × slower than the 7 days before, since 2026-11-22T14:05:00Z on local                | cold_start
            2        | local-java: cold start 2.3 × slower than the 7 days before, since 2026-11-22T14:05:00Z, and 1 more on local    | cold_start
            3        | local-java: cold start 2.3 × slower than the 7 days before, since 2026-11-22T14:05:00Z, and 2 more on local    | cold_start
            """)
    void aRegressionTriggerSaysWhichFigureGotHowMuchSlowerAndSinceWhen(int count, String summary, String component) {
        ProbeRun run = run().outcome(Outcome.SUCCESS).shifts(shifts(count)).build();

        JsonNode event = checked(REGRESSIONS.decide(AlertState.none("shipwatch/regression/local-java", "regression", "local-java"),
                new AlertPolicy(2, 3, 2, "critical", "warning", false, true), JAVA, run, false).orElseThrow().event());

        JsonNode payload = event.get("payload");
        assertThat(payload.get("summary").asText()).isEqualTo(summary);
        assertThat(payload.get("severity").asText()).isEqualTo("warning");
        assertThat(payload.get("class").asText()).isEqualTo("regression");
        // as every other target alert: the target is the affected system, the figure the part that got worse
        assertThat(payload.get("source").asText()).isEqualTo("local-java");
        assertThat(payload.get("component").asText()).isEqualTo(component);
        assertThat(payload.get("group").asText()).isEqualTo("Local deploys");
        assertThat(payload.get("timestamp").asText()).isEqualTo("2026-11-22T14:01:05.250Z");
        assertThat(payload.at("/custom_details/regressions")).hasSize(count);
        assertThat(payload.at("/custom_details/regressions/0").asText())
                .isEqualTo("cold start 2.3 × slower than the 7 days before, since 2026-11-22T14:05:00Z");
        assertThat(payload.at("/custom_details/run_id").asText()).isEqualTo("run-42");
        assertThat(payload.at("/custom_details/baseline").asText()).isEqualTo("the 7 days before");
        // the component's page shows the regression ("Inside the platform"): on-call lands there
        assertThat(event.at("/links/0/href").asText()).isEqualTo(PAGE);
        assertThat(event.get("client_url").asText()).isEqualTo(PAGE);
    }

    // --- helpers -----------------------------------------------------------------------

    /**
     * The event as the outbox stores it, after checking what holds for every event: no routing
     * key and no known secret in it, no {@code null} anywhere, it reads back as the same event
     * (what the sender sends is what was stored), and PagerDuty would take the body sent.
     */
    static JsonNode checked(PagerEvent event) {
        try {
            String stored = JSON.writeValueAsString(event);
            for (String secret : SECRET_VALUES) {
                assertThat(stored).as("stored event").doesNotContain(secret);
            }
            JsonNode json = JSON.readTree(stored);
            assertThat(nulls(json, "")).as("fields written as null").isEmpty();
            assertThat(JSON.readValue(stored, PagerEvent.class)).as("read back from the outbox").isEqualTo(event);
            assertThat(FakePagerDuty.validate(SENDER.body(event))).as("what PagerDuty would refuse in %s", stored).isEmpty();
            return json;
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> nulls(JsonNode node, String at) {
        List<String> out = new ArrayList<>();
        if (node.isNull()) {
            out.add(at);
        }
        node.fields().forEachRemaining(e -> out.addAll(nulls(e.getValue(), at + "/" + e.getKey())));
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            out.addAll(nulls(node.get(i), at + "/" + i));
        }
        return out;
    }

    private static String text(JsonNode payload, String field) {
        return payload.hasNonNull(field) ? payload.get(field).asText() : null;
    }

    /** No lone surrogate: every high surrogate is followed by a low one and every low one preceded by a high one. */
    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> componentPages(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "https://status.example.com/components/c" + i).toList();
    }

    private static AlertState open(String summary) {
        return new AlertState("shipwatch/regression/local-java", "regression", "local-java", true, "warning", STARTED,
                summary, "trigger", STARTED, null, 1);
    }

    /** {@code n} shifts, cold start first. */
    private static List<FigureShift> shifts(int n) {
        List<FigureShift> all = List.of(
                new FigureShift(LatencyFigure.COLD_START, 2.34, Instant.parse("2026-11-22T14:05:00Z"), 400, 936, 2016, 12),
                new FigureShift(LatencyFigure.FS_OPEN_READ, 3.0, Instant.parse("2026-11-22T14:10:00Z"), 60_000, 20_000, 2016, 12),
                new FigureShift(LatencyFigure.BUILD, 1.6, Instant.parse("2026-11-22T13:00:00Z"), 800, 1280, 2016, 12));
        return all.subList(0, n);
    }

    static Target target(String name, String component, String platform) {
        return new Target(name, component, new PlatformSpec(platform, Map.of()), null, null, 5, TIMEOUTS, Slo.NONE);
    }

    static Builder run() {
        return new Builder();
    }

    /** A run of local-java on local, every figure measured; a test changes what its row is about. */
    static final class Builder {
        String id = "run-42";
        String platform = "local";
        Instant startedAt = STARTED;
        Instant finishedAt = FINISHED;
        Outcome outcome = Outcome.SUCCESS;
        Failure failure;
        PhaseTimings phases = new PhaseTimings(812.4, 15.2, 402.7, 21.0);
        FirstRequest firstRequest;
        WarmStats warm;
        List<SloBreach> breaches = List.of();
        List<FigureShift> shifts = List.of();

        Builder id(String value) {
            id = value;
            return this;
        }

        Builder platform(String value) {
            platform = value;
            return this;
        }

        Builder outcome(Outcome value) {
            outcome = value;
            failure = null;
            return this;
        }

        Builder failed(Phase phase, FailureClass failureClass, String message) {
            outcome = Outcome.FAILED;
            failure = new Failure(phase, failureClass, message);
            return this;
        }

        Builder degraded(List<SloBreach> value) {
            outcome = Outcome.DEGRADED;
            breaches = value;
            return this;
        }

        Builder phases(Double build, Double deploy, Double coldStart, Double teardown) {
            phases = new PhaseTimings(build, deploy, coldStart, teardown);
            return this;
        }

        Builder firstRequest(Double totalMs) {
            firstRequest = totalMs == null ? null : new FirstRequest(1.0, 2.0, null, 100.0, 17.5, totalMs, 200);
            return this;
        }

        Builder warmP95(Double p95) {
            warm = p95 == null ? null : new WarmStats(5, 80.0, p95, p95 + 60, p95 + 70);
            return this;
        }

        Builder shifts(List<FigureShift> value) {
            shifts = value;
            return this;
        }

        ProbeRun build() {
            return new ProbeRun(id, "local-java", platform, "Local deploys", startedAt, finishedAt, outcome, failure, phases,
                    firstRequest, warm, null, true, null, breaches, shifts);
        }
    }
}
