package dev.shipwatch.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipwatch.config.Server;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Workload;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.OutboundTimings;
import dev.shipwatch.store.FsProfile;
import dev.shipwatch.store.Phase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The status page over real HTTP: a real Vert.x server on 127.0.0.1, a real H2, and the JDK's HttpClient. */
class StatusPageServerTest {
    private static Vertx vertx;
    private PageHarness h;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @org.junit.jupiter.api.BeforeEach
    void harness() {
        h = new PageHarness(vertx);
    }

    @AfterEach
    void stopServer() {
        h.close();
    }

    private void serve(List<Target> targets) {
        h.serve(targets);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return h.get(path, headers);
    }

    private String home() throws Exception {
        return h.text("/");
    }

    @Test
    void theHomePageListsEachComponentWithItsStatusTextLastCheckAndUptimeBar() throws Exception {
        h.add(success("local-java", 3)).add(success("local-node", 4));
        serve(List.of(target("local-java", "Local deploys"), target("local-node", "Node deploys")));

        HttpResponse<byte[]> r = get("/");
        String html = new String(r.body(), StandardCharsets.UTF_8);

        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html).contains("<a href=\"/components/local-deploys\">Local deploys</a>")
                .contains("<a href=\"/components/node-deploys\">Node deploys</a>")
                .contains("All Systems Operational")
                .contains("<span>Operational</span>")
                .contains("Last checked <time datetime=\"2026-07-01T09:57:00.000Z\">1 Jul 2026, 11:57 CEST</time>")
                .contains("<svg class=\"bar\"");
        assertThat(html.indexOf("Local deploys")).as("components keep config order").isLessThan(html.indexOf("Node deploys"));
        assertThat(html.split("<h1", -1)).as("exactly one h1").hasSize(2);
    }

    @Test
    void theComponentPageShowsTheLastRunsWithTheirTimings() throws Exception {
        h.add(success("local-java", 3));
        serve(List.of(target("local-java", "Local deploys")));

        String html = h.text("/components/local-deploys");

        assertThat(html).contains("<h1>Local deploys</h1>").contains("local-java").contains("(local)")
                .contains("<td>812 ms</td>").contains("<td>15 ms</td>").contains("<td>1.4 s</td>")
                .contains("<td>2.6 ms</td>").contains("<td>0.9 ms</td>").contains("<strong>Success</strong>")
                .contains("1 Jul 2026, 11:57 CEST");
    }

    @Test
    void aComponentWithoutRunsShowsNoDataAndNeverOperational() throws Exception {
        h.add(success("local-java", 1));
        serve(List.of(target("local-java", "Local deploys"), target("heroku-eu", "Heroku")));

        String html = home();
        String heroku = html.substring(html.indexOf("id=\"heroku\""));

        assertThat(heroku).contains("<span>No data</span>").contains("Not checked yet").doesNotContain("Operational");
        assertThat(h.text("/components/heroku")).contains("No data: this target has not run yet.");
    }

    @Test
    void withNoRunsAtAllTheBannerSaysNoDataYet() throws Exception {
        serve(List.of(target("local-java", "Local deploys")));

        assertThat(home()).contains("No data yet").doesNotContain("All Systems Operational");
    }

    @Test
    void theBannerReflectsTheWorstComponentStatus() throws Exception {
        h.add(success("a", 1)).add(Fixtures.degraded("b", 1));
        serve(List.of(target("a", "Alpha"), target("b", "Beta")));
        assertThat(home()).contains("Minor Service Outage").doesNotContain("All Systems Operational");

        h.add(failed("a", 0, Phase.DEPLOY, FailureClass.QUOTA, "quota exceeded"));
        h.page.refresh();
        assertThat(home()).contains("Major Service Outage").contains("<span>Major outage</span>")
                .contains("<span>Degraded performance</span>");
    }

    @Test
    void aFailureShowsItsPhaseAndClassButNeverTheFailureMessage() throws Exception {
        h.add(failed("local-java", 2, Phase.COLD_START, FailureClass.HEALTH_TIMEOUT,
                "no answer from http://10.0.0.7:8080/health with token=s3cr3t-value"));
        serve(List.of(target("local-java", "Local deploys")));

        String html = h.text("/components/local-deploys");

        assertThat(html).contains("cold start failed: health_timeout").contains("<strong>Failed</strong>")
                .doesNotContain("s3cr3t").doesNotContain("10.0.0.7").doesNotContain("no answer");
        for (String path : h.page.pages().byPath().keySet()) {
            assertThat(new String(get(path).body(), StandardCharsets.UTF_8)).as(path).doesNotContain("s3cr3t");
        }
    }

    @Test
    void aComponentNamedLikeAScriptIsEscaped() throws Exception {
        h.add(success("evil", 1));
        serve(List.of(target("evil", "<script>alert(1)</script>")));

        String html = home();

        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script");
    }

    @Test
    void everyHtmlResponseCarriesAStrictContentSecurityPolicyMatchingItsStylesheet() throws Exception {
        serve(List.of(target("local-java", "Local deploys")));

        for (String path : List.of("/", "/components/local-deploys", "/history", "/maintenance", "/nope")) {
            HttpResponse<byte[]> r = get(path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL)
                    .matcher(new String(r.body(), StandardCharsets.UTF_8));
            assertThat(style.find()).as(path).isTrue();
            String hash = Base64.getEncoder().encodeToString(Resource.sha256(style.group(1).getBytes(StandardCharsets.UTF_8)));

            assertThat(csp).as(path).startsWith("default-src 'none';").contains("style-src 'sha256-" + hash + "'")
                    .doesNotContain("unsafe").doesNotContain("script-src");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(path + " has no style attributes (CSP would drop them)")
                    .doesNotContain(" style=");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        assertThat(get("/").headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
    }

    @Test
    void aMatchingETagGets304WithoutABody() throws Exception {
        h.add(success("local-java", 1));
        serve(List.of(target("local-java", "Local deploys")));

        HttpResponse<byte[]> first = get("/");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = get("/", "If-None-Match", etag);
        HttpResponse<byte[]> other = get("/", "If-None-Match", "\"something-else\"");

        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(first.headers().firstValue("Last-Modified")).hasValue("Wed, 1 Jul 2026 10:00:00 GMT");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(get("/", "If-Modified-Since", "Wed, 01 Jul 2026 10:00:00 GMT").statusCode()).isEqualTo(304);
        assertThat(get("/", "If-Modified-Since", "Wed, 01 Jul 2026 09:59:59 GMT").statusCode()).isEqualTo(200);
    }

    @Test
    void gzipIsServedWhenAskedForAndDecodesToTheSameBytes() throws Exception {
        h.add(success("local-java", 1));
        serve(List.of(target("local-java", "Local deploys")));

        HttpResponse<byte[]> plain = get("/");
        HttpResponse<byte[]> gz = get("/", "Accept-Encoding", "br, gzip;q=0.8");
        HttpResponse<byte[]> refused = get("/", "Accept-Encoding", "gzip;q=0, identity");

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gz.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(gz.body().length).isLessThan(plain.body().length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        assertThat(gz.headers().firstValue("ETag")).isNotEqualTo(plain.headers().firstValue("ETag"));
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void requestsAreServedFromMemoryEvenWithTheDatabaseGoneAndARefreshShowsTheNewRun() throws Exception {
        h.add(success("local-java", 5));
        serve(List.of(target("local-java", "Local deploys")));
        HttpResponse<byte[]> before = get("/");

        h.add(failed("local-java", 0, Phase.BUILD, FailureClass.BUILD_FAILED, "javac: error"));
        h.page.refresh();
        HttpResponse<byte[]> after = get("/", "If-None-Match", before.headers().firstValue("ETag").orElseThrow());
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(new String(after.body(), StandardCharsets.UTF_8)).contains("Major Service Outage");
        assertThat(h.text("/components/local-deploys")).contains("build failed: build_failed");

        h.db.db.close();
        assertThat(get("/").body()).as("the database is closed: requests never touched it").isEqualTo(after.body());
        assertThat(get("/api/v2/summary.json").statusCode()).isEqualTo(200);
        assertThatThrownBy(h.page::refresh).as("a refresh does need it, and keeps the old pages when it fails")
                .isInstanceOf(RuntimeException.class);
        assertThat(get("/").body()).isEqualTo(after.body());
    }

    @Test
    void healthAnswersOkWithTheRenderTimeAndTheAppsDetails() throws Exception {
        h.serve(StatusPageConfig.derive(List.of()), List.of(), "", () -> Map.of("scheduler", "running", "db", Map.of("ok", true)));

        HttpResponse<byte[]> r = get("/health");
        JsonNode body = PageHarness.JSON.readTree(r.body());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("page_rendered_at").asText()).isEqualTo("2026-07-01T10:00:00.000Z");
        assertThat(body.path("scheduler").asText()).isEqualTo("running");
        assertThat(body.path("db").path("ok").asBoolean()).isTrue();
    }

    @Test
    void healthAnswers503WhenTheAppReportsAProblem() throws Exception {
        h.serve(StatusPageConfig.derive(List.of()), List.of(), "", () -> Map.of("status", "degraded", "db", "down"));

        HttpResponse<byte[]> r = get("/health");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(PageHarness.JSON.readTree(r.body()).path("status").asText()).isEqualTo("degraded");
    }

    @Test
    void anUnknownPathGetsTheNotFoundPage() throws Exception {
        serve(List.of(target("local-java", "Local deploys")));

        for (String path : List.of("/nope/%2e%2e/etc/passwd?x=%3Cb%3E", "/components/nope", "/incidents/nope",
                "/api/admin/incidents")) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<h1>Page not found</h1>").contains("href=\"/\"");
            assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
        }
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() throws Exception {
        serve(List.of(target("a", "Alpha")));

        HttpResponse<byte[]> r = h.http.send(HttpRequest.newBuilder(h.uri("/")).timeout(PageHarness.TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).isPresent();
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(get("/").body().length);
        assertThat(r.body()).isEmpty();
        assertThat(get("/api/v2/status.json").statusCode()).as("the connection is still usable").isEqualTo(200);
    }

    @Test
    void metricsCountRunsByOutcomeShowTheLatestPhasesAndHistogramPhaseDurationsPerPlatform() throws Exception {
        serve(List.of(target("local-java", "Local deploys")));
        h.metrics.record(success("local-java", 1));
        h.metrics.record(failed("local-java", 0, Phase.DEPLOY, FailureClass.QUOTA, "q"));

        String text = h.text("/metrics");

        assertThat(text).contains("shipwatch_runs_total{outcome=\"success\",platform=\"local\",target=\"local-java\"} 1.0")
                .contains("shipwatch_runs_total{outcome=\"failed\",platform=\"local\",target=\"local-java\"} 1.0")
                .contains("shipwatch_phase_duration_seconds_bucket{phase=\"build\",platform=\"local\",le=\"1.0\"} 2")
                .contains("shipwatch_phase_duration_seconds_count{phase=\"cold_start\",platform=\"local\"} 2")
                .contains("shipwatch_last_phase_duration_seconds{phase=\"deploy\",platform=\"local\",target=\"local-java\"} 0.0152")
                .contains("shipwatch_last_first_request_phase_duration_seconds{phase=\"connect\",platform=\"local\",target=\"local-java\"} 3.0E-4");
    }

    @Test
    void metricsHaveWhatTheCanaryMeasuredInsideThePlatformInTheLatestRun() throws Exception {
        serve(List.of(target("local-java", "Local deploys")));
        ProbeRun run = success("local-java", 1);
        h.metrics.record(new ProbeRun(run.id(), run.target(), run.platform(), run.component(), run.startedAt(), run.finishedAt(),
                run.outcome(), null, run.phases(), run.firstRequest(), run.warm(),
                new Workload(2000.0, 12.0, 40.0, new FsProfile(77_717.0, 484_961.0, 239.0, 40_218.0),
                        new OutboundTimings(4.0, 1.5, null, 25.0)), true, null, List.of()));

        String text = h.text("/metrics");

        assertThat(text).contains("shipwatch_fs_ops_per_second{operation=\"open_read\",platform=\"local\",target=\"local-java\"} 77717.0")
                .contains("shipwatch_fs_ops_per_second{operation=\"stat_missing\",platform=\"local\",target=\"local-java\"} 484961.0")
                .contains("shipwatch_fs_ops_per_second{operation=\"create_fsync\",platform=\"local\",target=\"local-java\"} 239.0")
                .contains("shipwatch_fs_ops_per_second{operation=\"list\",platform=\"local\",target=\"local-java\"} 40218.0")
                .contains("shipwatch_fs_ops_per_second{operation=\"cycle\",platform=\"local\",target=\"local-java\"} 2000.0")
                .contains("shipwatch_outbound_seconds{phase=\"dns\",platform=\"local\",target=\"local-java\"} 0.004")
                .contains("shipwatch_outbound_seconds{phase=\"ttfb\",platform=\"local\",target=\"local-java\"} 0.025")
                .contains("shipwatch_outbound_seconds{phase=\"total\",platform=\"local\",target=\"local-java\"} 0.04")
                .as("a phase not measured has no value").contains("shipwatch_outbound_seconds{phase=\"tls\",platform=\"local\",target=\"local-java\"} NaN");
    }

    @Test
    void startingOnATakenPortFailsWithAMessageNamingTheAddress() throws Exception {
        h.serve(List.of());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            StatusPageServer second = new StatusPageServer(vertx, new Server("127.0.0.1", taken.getLocalPort(), ""),
                    h.page, Map::of);

            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("port is taken");
        }
    }
}
