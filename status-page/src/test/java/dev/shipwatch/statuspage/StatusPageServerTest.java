package dev.shipwatch.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.config.Server;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Phase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static dev.shipwatch.statuspage.Fixtures.NOW;
import static dev.shipwatch.statuspage.Fixtures.SITE;
import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The status page over real HTTP: a real Vert.x server on 127.0.0.1 and the JDK's HttpClient. */
class StatusPageServerTest {
    private static Vertx vertx;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    private final InMemoryRunStore store = new InMemoryRunStore();
    private StatusPageServer server;
    private StatusPage page;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private void serve(List<Target> targets) {
        serve(targets, Map::of);
    }

    private void serve(List<Target> targets, java.util.function.Supplier<Map<String, Object>> health) {
        page = new StatusPage(SITE, targets, store, Clock.fixed(NOW, ZoneOffset.UTC));
        page.refresh();
        server = new StatusPageServer(vertx, new Server("127.0.0.1", 0, ""), page, health);
        server.start();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String home() throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void theHomePageListsEachComponentWithItsStatusTextAndTheLastRunTimings() throws Exception {
        store.add(success("local-java", 3));
        store.add(success("local-node", 4));
        serve(List.of(target("local-java", "Local deploys"), target("local-node", "Node deploys")));

        HttpResponse<byte[]> r = get("/");
        String html = new String(r.body(), StandardCharsets.UTF_8);

        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html).contains("<h1>Example Status</h1>")
                .contains("<h2 id=\"local-deploys-name\">Local deploys</h2>")
                .contains("<h2 id=\"node-deploys-name\">Node deploys</h2>")
                .contains("All Systems Operational")
                .contains("<span>Operational</span>")
                .contains("<h3>local-java</h3>")
                .contains("<dt>Build</dt><dd>812 ms</dd>")
                .contains("<dt>Deploy</dt><dd>15 ms</dd>")
                .contains("<dt>Cold start</dt><dd>1.4 s</dd>")
                .contains("<dt>First request</dt><dd>2.6 ms</dd>")
                .contains("<dt>Warm p95</dt><dd>0.9 ms</dd>")
                .contains("<time datetime=\"2026-07-01T09:57:00.000Z\" title=\"1 Jul 2026, 11:57 CEST\">3 min ago</time>")
                .contains("1 Jul 2026, 11:57 CEST");
        assertThat(html.indexOf("Local deploys")).as("components keep config order").isLessThan(html.indexOf("Node deploys"));
        assertThat(html.split("<h1", -1)).as("exactly one h1").hasSize(2);
    }

    @Test
    void aComponentWithoutRunsShowsNoDataAndNeverOperational() throws Exception {
        store.add(success("local-java", 1));
        serve(List.of(target("local-java", "Local deploys"), target("heroku-eu", "Heroku")));

        String html = home();
        String heroku = html.substring(html.indexOf("id=\"heroku\""));

        assertThat(heroku).contains("<span>No data</span>").contains("Not checked yet")
                .contains("No data: this target has not run yet.")
                .doesNotContain("Operational");
    }

    @Test
    void withNoRunsAtAllTheBannerSaysNoDataYet() throws Exception {
        serve(List.of(target("local-java", "Local deploys")));

        assertThat(home()).contains("No data yet").doesNotContain("All Systems Operational");
    }

    @Test
    void theBannerReflectsTheWorstComponentStatus() throws Exception {
        store.add(success("a", 1));
        store.add(Fixtures.degraded("b", 1));
        serve(List.of(target("a", "Alpha"), target("b", "Beta")));
        assertThat(home()).contains("Degraded Performance").doesNotContain("All Systems Operational");

        store.add(failed("a", 0, Phase.DEPLOY, FailureClass.QUOTA, "quota exceeded"));
        page.refresh();
        assertThat(home()).contains("Major Service Outage").contains("<span>Major outage</span>")
                .contains("<span>Degraded performance</span>");
    }

    @Test
    void aFailureShowsItsPhaseAndClassButNeverTheFailureMessage() throws Exception {
        store.add(failed("local-java", 2, Phase.COLD_START, FailureClass.HEALTH_TIMEOUT,
                "no answer from http://10.0.0.7:8080/health with token=s3cr3t-value"));
        serve(List.of(target("local-java", "Local deploys")));

        String html = home();

        assertThat(html).contains("cold start failed: health_timeout").contains("<strong>Failed</strong>")
                .doesNotContain("s3cr3t").doesNotContain("10.0.0.7").doesNotContain("no answer");
        assertThat(new String(get("/api/v2/summary.json").body(), StandardCharsets.UTF_8)).doesNotContain("s3cr3t");
    }

    @Test
    void aComponentNamedLikeAScriptIsEscaped() throws Exception {
        store.add(success("evil", 1));
        serve(List.of(target("evil", "<script>alert(1)</script>")));

        String html = home();

        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script");
    }

    @Test
    void everyHtmlResponseCarriesAStrictContentSecurityPolicyMatchingItsStylesheet() throws Exception {
        serve(List.of(target("local-java", "Local deploys")));

        HttpResponse<byte[]> r = get("/");
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL)
                .matcher(new String(r.body(), StandardCharsets.UTF_8));
        assertThat(style.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(Resource.sha256(style.group(1).getBytes(StandardCharsets.UTF_8)));

        assertThat(csp).startsWith("default-src 'none';").contains("style-src 'sha256-" + hash + "'")
                .doesNotContain("unsafe").doesNotContain("script-src");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
    }

    @Test
    void aMatchingETagGets304WithoutABody() throws Exception {
        store.add(success("local-java", 1));
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
        store.add(success("local-java", 1));
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
    void refreshAfterANewRunChangesThePageAndItsETag() throws Exception {
        store.add(success("local-java", 5));
        serve(List.of(target("local-java", "Local deploys")));
        HttpResponse<byte[]> before = get("/");
        int readsBefore = store.reads().size();

        get("/");
        assertThat(store.reads()).as("requests never read the store").hasSize(readsBefore);

        store.add(failed("local-java", 0, Phase.BUILD, FailureClass.BUILD_FAILED, "javac: error"));
        page.refresh();
        HttpResponse<byte[]> after = get("/", "If-None-Match", before.headers().firstValue("ETag").orElseThrow());

        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(new String(after.body(), StandardCharsets.UTF_8)).contains("build failed: build_failed")
                .contains("Major Service Outage");
    }

    @Test
    void healthAnswersOkWithTheRenderTimeAndTheAppsDetails() throws Exception {
        serve(List.of(target("local-java", "Local deploys")), () -> Map.of("scheduler", "running", "db", Map.of("ok", true)));

        HttpResponse<byte[]> r = get("/health");
        JsonNode body = json.readTree(r.body());

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
        serve(List.of(target("local-java", "Local deploys")), () -> Map.of("status", "degraded", "db", "down"));

        HttpResponse<byte[]> r = get("/health");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json.readTree(r.body()).path("status").asText()).isEqualTo("degraded");
    }

    @Test
    void anUnknownPathGetsTheNotFoundPage() throws Exception {
        serve(List.of(target("local-java", "Local deploys")));

        HttpResponse<byte[]> r = get("/nope/%2e%2e/etc/passwd?x=%3Cb%3E");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<h1>Page not found</h1>").contains("href=\"/\"");
        assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void statusJsonHasTheStatuspageShape() throws Exception {
        store.add(success("a", 2));
        store.add(failed("b", 1, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x"));
        store.add(success("c", 1));
        serve(List.of(target("a", "Alpha"), target("b", "Beta"), target("c", "Beta")));

        HttpResponse<byte[]> r = get("/api/v2/status.json");
        JsonNode body = json.readTree(r.body());

        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(fieldNames(body)).containsExactly("page", "status");
        assertThat(fieldNames(body.path("page"))).containsExactly("id", "name", "url", "time_zone", "updated_at");
        assertThat(body.path("page").path("time_zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(body.path("page").path("updated_at").asText()).isEqualTo("2026-07-01T09:59:00.000Z");
        assertThat(body.path("status").path("indicator").asText()).isEqualTo("major");
        assertThat(body.path("status").path("description").asText()).isEqualTo("Partial System Outage");
    }

    @Test
    void componentsJsonHasTheStatuspageFieldsAndEnumsAndLeavesOutComponentsWithoutData() throws Exception {
        store.add(success("a", 2));
        store.add(Fixtures.degraded("b", 1));
        serve(List.of(target("a", "Alpha"), target("b", "Beta Deploys"), target("z", "Zeta")));

        HttpResponse<byte[]> r = get("/api/v2/components.json");
        JsonNode components = json.readTree(r.body()).path("components");

        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(components).hasSize(2);
        assertThat(fieldNames(components.get(0))).containsExactly("id", "name", "status", "created_at", "updated_at",
                "position", "description", "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded");
        assertThat(components.get(0).path("id").asText()).isEqualTo("alpha");
        assertThat(components.get(0).path("status").asText()).isEqualTo("operational");
        assertThat(components.get(1).path("id").asText()).isEqualTo("beta-deploys");
        assertThat(components.get(1).path("status").asText()).isEqualTo("degraded_performance");
        assertThat(components.get(1).path("position").asInt()).isEqualTo(2);
        assertThat(components.get(1).path("updated_at").asText()).isEqualTo("2026-07-01T09:59:00.000Z");
        assertThat(components.get(0).path("created_at").asText()).as("the oldest run seen, before updated_at")
                .isEqualTo("2026-07-01T09:57:57.000Z");
        assertThat(components.get(0).path("page_id").asText()).isEqualTo("example-status");
        assertThat(components.get(0).path("group").asBoolean()).isFalse();
        assertThat(components.get(0).path("group_id").isNull()).isTrue();
    }

    @Test
    void summaryJsonCarriesStatusComponentsAndEmptyIncidentAndMaintenanceLists() throws Exception {
        store.add(success("a", 2));
        serve(List.of(target("a", "Alpha")));

        HttpResponse<byte[]> r = get("/api/v2/summary.json");
        JsonNode body = json.readTree(r.body());

        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(fieldNames(body)).containsExactly("page", "status", "components", "incidents", "scheduled_maintenances");
        assertThat(body.path("status").path("indicator").asText()).isEqualTo("none");
        assertThat(body.path("status").path("description").asText()).isEqualTo("All Systems Operational");
        assertThat(body.path("components").get(0).path("status").asText()).isEqualTo("operational");
        assertThat(body.path("incidents").isArray()).isTrue();
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() throws Exception {
        serve(List.of(target("a", "Alpha")));

        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).isPresent();
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(get("/").body().length);
        assertThat(r.body()).isEmpty();
        assertThat(get("/api/v2/status.json").statusCode()).as("the connection is still usable").isEqualTo(200);
    }

    @Test
    void startingOnATakenPortFailsWithAMessageNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            page = new StatusPage(SITE, List.of(), store, Clock.fixed(NOW, ZoneOffset.UTC));
            StatusPageServer second = new StatusPageServer(vertx, new Server("127.0.0.1", taken.getLocalPort(), ""),
                    page, Map::of);

            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("port is taken");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
