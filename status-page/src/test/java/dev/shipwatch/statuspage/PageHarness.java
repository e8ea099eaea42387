package dev.shipwatch.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.config.Objectives;
import dev.shipwatch.config.ReportConfig;
import dev.shipwatch.config.Server;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.statuspage.report.Reports;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunHistory;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A status page over real HTTP for tests: a real H2 database, the real server on 127.0.0.1 (port
 * 0), the JDK's HttpClient, and a clock the test moves.
 */
final class PageHarness implements AutoCloseable {
    static final String TOKEN = "test-admin-token-0123456789";
    /** How long a test waits for an answer before failing instead of hanging. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    /** One client per harness: a pooled connection must never outlive its server into a later test on the same port. */
    final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    final PageDb db = new PageDb();
    final MovableClock clock = new MovableClock(Fixtures.NOW);
    final List<String> probed = new CopyOnWriteArrayList<>();
    final RunMetrics metrics = new RunMetrics();
    private final Vertx vertx;
    StatusPage page;
    StatusPageServer server;
    /** Set before {@link #serve}: the SLA report routes too, with this access. */
    private dev.shipwatch.config.ReportAccess reports;

    PageHarness(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Serves {@code /reports…} too (public), computed from the same store and clock. */
    PageHarness withReports() {
        reports = dev.shipwatch.config.ReportAccess.PUBLIC;
        return this;
    }

    PageHarness add(ProbeRun run) {
        db.add(run);
        return this;
    }

    PageHarness serve(List<Target> targets) {
        return serve(StatusPageConfig.derive(targets), targets, "", Map::of);
    }

    PageHarness serve(StatusPageConfig config, List<Target> targets, String token) {
        return serve(config, targets, token, Map::of);
    }

    PageHarness serve(StatusPageConfig config, List<Target> targets, String token, Supplier<Map<String, Object>> health) {
        return serve(config, targets, new Server("127.0.0.1", 0, token), health);
    }

    /** Served with {@code server}'s limits (its host and port are ignored: 127.0.0.1, a free port). */
    PageHarness serve(StatusPageConfig config, List<Target> targets, Server server, Supplier<Map<String, Object>> health) {
        Server bound = new Server("127.0.0.1", 0, server.adminToken(), server.maxConnections(), server.headerTimeout(),
                server.idleTimeout());
        page = new StatusPage(Fixtures.SITE, config, targets, db.db.runs(), db.db.incidents(), db.db.maintenance(), clock,
                reports == dev.shipwatch.config.ReportAccess.PUBLIC);
        page.refresh();
        page.start(); // as the app runs it: admin answers wait for the refresher
        AdminApi admin = new AdminApi(page, db.db.incidents(), db.db.maintenance(), name -> {
            boolean known = targets.stream().anyMatch(t -> t.name().equals(name));
            if (known) {
                probed.add(name);
            }
            return known;
        });
        this.server = new StatusPageServer(vertx, bound, page, health, admin, metrics);
        if (reports != null) {
            this.server.withReports(new ReportPages(new Reports(Fixtures.SITE, targets, config,
                    new ReportConfig(reports, ReportConfig.DEFAULT_PRECISION, Objectives.NONE, Map.of(), Map.of()),
                    db.db.runs(), new RunHistory(db.db.dataSource()), db.db.incidents(), db.db.maintenance(), clock),
                    reports, Fixtures.SITE));
        }
        this.server.start();
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        if (headers.length > 0) {
            b.headers(headers);
        }
        // The request timeout covers only the wait for the headers: bound the body too.
        try {
            return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("GET " + path + ": no complete response within " + TIMEOUT, e);
        }
    }

    String text(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        return JSON.readTree(text(path));
    }

    /** An admin call with {@code token} (null: no Authorization header) and a JSON body (null: none). */
    HttpResponse<String> admin(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An admin call that must succeed with {@code status}; its JSON answer. */
    JsonNode adminOk(String method, String path, String body, int status) throws IOException, InterruptedException {
        HttpResponse<String> r = admin(method, path, TOKEN, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (page != null) {
            page.close();
        }
        metrics.close();
        db.close();
    }
}
