package dev.shipwatch.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipwatch.config.ReportAccess;
import dev.shipwatch.config.ReportConfig;
import dev.shipwatch.config.Server;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.statuspage.report.Reports;
import dev.shipwatch.store.RunHistory;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static dev.shipwatch.statuspage.PageHarness.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** /reports over real HTTP on a real H2 store: who may read them, and the three forms. */
class ReportPagesTest {
    private static final String TOKEN = PageHarness.TOKEN;
    private static Vertx vertx;
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(10)).build();
    private final PageDb db = new PageDb();
    private StatusPageServer server;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        db.close();
    }

    private void serve(ReportAccess access, String token) {
        List<Target> targets = List.of(target("local-java", "Deploys"));
        db.add(success("local-java", 50)).add(failed("local-java", 40, dev.shipwatch.store.Phase.DEPLOY,
                dev.shipwatch.store.FailureClass.DEPLOY_FAILED, "secret detail")).add(success("local-java", 30));
        StatusPageConfig components = StatusPageConfig.derive(targets);
        Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
        StatusPage page = new StatusPage(Fixtures.SITE, components, targets, db.db.runs(), db.db.incidents(), db.db.maintenance(), clock);
        Reports reports = new Reports(Fixtures.SITE, targets, components,
                new ReportConfig(access, 3, dev.shipwatch.config.Objectives.NONE, Map.of(), Map.of()), db.db.runs(),
                new RunHistory(db.db.dataSource()), db.db.incidents(), db.db.maintenance(), clock);
        server = new StatusPageServer(vertx, new Server("127.0.0.1", 0, token), page, Map::of)
                .withReports(new ReportPages(reports, access, Fixtures.SITE));
        server.start();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(java.time.Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminReportsNeedTheTokenAndAreNeverCachedByOthers() throws Exception {
        serve(ReportAccess.ADMIN, TOKEN);
        assertThat(get("/reports", null).statusCode()).isEqualTo(401);
        assertThat(get("/reports/2026-07.json", "wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> index = get("/reports", TOKEN);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        assertThat(index.body()).contains("href=\"/reports/2026-07\"", "href=\"/reports/2026-07.csv\"");

        HttpResponse<String> json = get("/reports/2026-07.json", TOKEN);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode report = JSON.readTree(json.body());
        // July in Berlin began at 2026-06-30T22:00Z; figures run to now (10:00Z)
        assertThat(report.at("/period/start_utc").asText()).isEqualTo("2026-06-30T22:00:00Z");
        assertThat(report.at("/period/partial").asBoolean()).isTrue();
        assertThat(report.at("/rows/0/kind").asText()).isEqualTo("component");
        assertThat(report.at("/rows/1/runs").asInt()).isEqualTo(3);
        assertThat(report.at("/rows/1/failed_runs").asInt()).isEqualTo(1);
        assertThat(json.body()).doesNotContain("secret detail");

        HttpResponse<String> csv = get("/reports/2026-07.csv", TOKEN);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).contains("\r\nkind,id,name,component,availability_percent,");

        HttpResponse<String> html = get("/reports/2026-07", TOKEN);
        assertThat(html.body()).contains("SLA report: <span>July 2026</span>", "How these figures are computed");
        assertThat(html.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("style-src 'sha256-");

        assertThat(get("/reports/2027-01.json", TOKEN).statusCode()).isEqualTo(404);
        assertThat(get("/reports/2026-13", TOKEN).statusCode()).isEqualTo(404);
        assertThat(get("/reports/nonsense", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void theHtmlReportHasTheMediansOfWhatTheCanaryMeasuredInsideThePlatform() throws Exception {
        dev.shipwatch.store.ProbeRun run = success("local-java", 20);
        db.add(new dev.shipwatch.store.ProbeRun(run.id(), run.target(), run.platform(), run.component(), run.startedAt(),
                run.finishedAt(), run.outcome(), null, run.phases(), run.firstRequest(), run.warm(),
                new dev.shipwatch.store.Workload(2000.0, 12.0, null,
                        new dev.shipwatch.store.FsProfile(77_717.0, 484_961.0, 239.0, 40_218.0), null),
                true, null, List.of()));
        serve(ReportAccess.PUBLIC, "");

        String html = get("/reports/2026-07", null).body();

        assertThat(html).contains("<h2>Inside the platform, medians</h2>", "<th scope=\"col\">File opens</th>",
                "<th scope=\"col\">Synced writes</th>", "<td>77,7").doesNotContain("Outbound DNS");
    }

    @Test
    void adminReportsWithoutATokenConfiguredDoNotExist() throws Exception {
        serve(ReportAccess.ADMIN, "");
        assertThat(get("/reports", null).statusCode()).isEqualTo(404);
        assertThat(get("/reports/2026-07.json", null).statusCode()).isEqualTo(404);
    }

    @Test
    void publicReportsNeedNoToken() throws Exception {
        serve(ReportAccess.PUBLIC, "");
        HttpResponse<String> html = get("/reports/2026-07", null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        assertThat(get("/reports/2026-07.json", null).statusCode()).isEqualTo(200);
    }
}
