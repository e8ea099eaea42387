package dev.shipwatch.statuspage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.config.ControlCharacters;
import dev.shipwatch.config.Server;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The public HTTP server of the status page. Every response but {@code /health} is a
 * pre-rendered {@link Resource} from {@link StatusPage#pages()}: handlers run on the event loop,
 * never touch the database, and only choose between identity, gzip and 304.
 */
public final class StatusPageServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusPageServer.class);
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final DateTimeFormatter HTTP_DATE = Resource.HTTP_DATE;
    private static final String API = "/api/v2/";
    private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence CSP_NAME = HttpHeaders.createOptimized("Content-Security-Policy");
    private static final CharSequence REFERRER_NAME = HttpHeaders.createOptimized("Referrer-Policy");
    private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
    private static final CharSequence ACCEPT_ENCODING = HttpHeaders.createOptimized("Accept-Encoding");
    private static final CharSequence STAR = HttpHeaders.createOptimized("*");
    private static final CharSequence GZIP = HttpHeaders.createOptimized("gzip");

    private final Vertx vertx;
    private final Server config;
    private final StatusPage page;
    private final Supplier<Map<String, Object>> healthDetails;
    private final AdminApi admin;
    private final RunMetrics metrics;
    private final ObjectMapper mapper = new ObjectMapper();
    private volatile HttpServer server;
    private volatile Connections connections;
    private long policing;
    private ReportPages reports;

    /** A server without admin API and metrics. */
    public StatusPageServer(Vertx vertx, Server server, StatusPage page, Supplier<Map<String, Object>> healthDetails) {
        this(vertx, server, page, healthDetails, null, null);
    }

    /**
     * @param healthDetails merged into {@code /health}; called on the event loop for every
     *                      health request, so it must be cheap and must not block
     * @param admin         the admin API, served only when {@code server.admin-token} is set; may be null
     * @param metrics       served at {@code /metrics}; may be null
     */
    public StatusPageServer(Vertx vertx, Server server, StatusPage page, Supplier<Map<String, Object>> healthDetails,
                            AdminApi admin, RunMetrics metrics) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.config = Objects.requireNonNull(server, "server");
        this.page = Objects.requireNonNull(page, "page");
        this.healthDetails = Objects.requireNonNull(healthDetails, "healthDetails");
        this.admin = admin;
        this.metrics = metrics;
    }

    /** Serves the SLA reports too ({@code /reports…}); call before {@link #start()}. */
    public StatusPageServer withReports(ReportPages reports) {
        this.reports = reports;
        return this;
    }

    /**
     * The HTTP surface. Public pages are whatever {@link StatusPage} rendered, by path: {@code /},
     * {@code /components/{id}}, {@code /incidents/{id}}, {@code /history[/YYYY-MM]},
     * {@code /maintenance}, {@code /feed.atom}, {@code /badge/{id}.svg}, the {@code /api/v2/*}
     * JSON, {@code /favicon.ico}, {@code /favicon.svg} and {@code /robots.txt}; anything else is
     * the 404 page.
     */
    Router router() {
        Router r = Router.router(vertx);
        r.route("/health").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::health);
        if (metrics != null) {
            r.route("/metrics").method(HttpMethod.GET).handler(this::metrics);
        }
        if (admin != null && config.adminEnabled()) {
            // no token, no admin routes at all: /api/admin/* is then an ordinary 404
            admin.routes(r, vertx, config.adminToken());
        }
        if (reports != null) {
            reports.routes(r, vertx, config.adminToken());
        }
        r.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::prerendered);
        r.route().handler(ctx -> write(ctx.request(), page.pages().notFound(), false));
        r.route().failureHandler(StatusPageServer::clientError);
        return r;
    }

    /**
     * Client errors Vert.x raises itself (HTTP/1.1 without a Host header: 400; a body over a
     * limit: 413) are the client's, not ours: answered plainly with a debug line, where left
     * unhandled they would be logged as "ERROR Unhandled exception in router". Anything else
     * (an exception in a handler) goes on to Vert.x, which logs it and answers 500.
     */
    private static void clientError(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status < 400 || status > 499 || ctx.response().ended()) {
            ctx.next();
            return;
        }
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        log.debug("answered {} {} to {} {}", status, ctx.failure() == null ? reason : ctx.failure().getMessage(),
                ctx.request().method(), ControlCharacters.visible(ctx.request().uri()));
        MultiMap h = ctx.response().headers();
        securityHeaders(h, Resource.CSP_NONE);
        h.set(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
        h.set(HttpHeaders.CACHE_CONTROL, "no-store");
        send(ctx.request(), ctx.response(), status, (reason + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Pre-rendered pages are answered before routing: the hot path of a status page under load is
     * one map lookup and the write of a prepared buffer. Everything else goes through the router.
     */
    private Handler<HttpServerRequest> handler(Router router) {
        return req -> {
            HttpMethod method = req.method();
            if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && answered(req, req.path())) {
                return;
            }
            router.handle(req);
        };
    }

    /**
     * Answers with the pre-rendered resource at {@code path}; false when there is none. A
     * component's page or badge not rendered yet is rendered on a worker (a template render
     * would hold up every connection of the event loop), then kept for the requests after it.
     */
    private boolean answered(HttpServerRequest req, String path) {
        Pages pages = page.pages();
        // Status widgets on other sites read the JSON from the browser (docs/statuspage-api.md).
        boolean api = path.startsWith(API);
        Resource r = pages.ready(path);
        if (r != null) {
            write(req, r, api);
            return true;
        }
        LazyResource lazy = pages.lazy(path);
        if (lazy == null) {
            return false;
        }
        vertx.executeBlocking(lazy::get, false).onComplete(ar -> {
            if (ar.succeeded()) {
                write(req, ar.result(), api);
            } else {
                log.warn("cannot render {}: {}", ControlCharacters.visible(path), ar.cause().toString());
                req.response().setStatusCode(500).end();
            }
        });
        return true;
    }

    /**
     * Binds {@code server.host():server.port()} (port 0 picks a free port) and blocks until
     * listening. Throws {@link IllegalStateException} naming the address when it cannot bind.
     */
    public void start() {
        if (server != null) {
            throw new IllegalStateException("Status page server already started on port " + port());
        }
        String where = config.host() + ":" + config.port();
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                // No HTTP/1.1 → HTTP/2 cleartext upgrade: RFC 9113 dropped it, browsers never used it,
                // and the JDK's HttpClient (which asks for it by default) loses the response now and
                // then when it comes right behind the 101 (2 % of fresh connections, measured).
                .setHttp2ClearTextEnabled(false)
                // No bytes either way for this long: a kept-alive connection between requests, a
                // client that stopped reading.
                .setIdleTimeout((int) config.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        Connections limits = new Connections(config);
        Handler<HttpServerRequest> handler = handler(router());
        try {
            server = vertx.createHttpServer(options)
                    .connectionHandler(limits::opened)
                    .requestHandler(req -> {
                        limits.request(req);
                        handler.handle(req);
                    })
                    .listen()
                    .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            connections = limits;
            policing = limits.police(vertx, policeEvery(config));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String hint = cause instanceof BindException || String.valueOf(cause.getMessage()).contains("in use")
                    ? " (the port is taken: stop the other process or change server.port)" : "";
            throw new IllegalStateException("Status page could not listen on " + where + ": " + cause.getMessage() + hint, cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Status page did not start listening on " + where + " within "
                    + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the status page on " + where, e);
        }
        log.info("Status page listening on http://{}:{}/", config.host(), port());
    }

    /** How often the header timeout is checked: a tenth of it, between 50 ms and 1 s. */
    static Duration policeEvery(Server config) {
        return Duration.ofMillis(Math.max(50, Math.min(1_000, config.headerTimeout().toMillis() / 10)));
    }

    /** Open connections and their cap, for {@code /health}; null before {@link #start()}. */
    Connections connections() {
        return connections;
    }

    /** The port actually bound (useful with port 0); -1 before {@link #start()}. */
    public int port() {
        HttpServer s = server;
        return s == null ? -1 : s.actualPort();
    }

    @Override
    public void close() {
        HttpServer s = server;
        if (s == null) {
            return;
        }
        server = null;
        vertx.cancelTimer(policing);
        try {
            s.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Status page server on port {} did not close cleanly", s.actualPort(), e);
        }
    }

    private void prerendered(RoutingContext ctx) {
        if (!answered(ctx.request(), ctx.normalizedPath())) {
            write(ctx.request(), page.pages().notFound(), false);
        }
    }

    private void metrics(RoutingContext ctx) {
        HttpServerResponse res = ctx.response();
        MultiMap h = res.headers();
        securityHeaders(h, Resource.CSP_NONE);
        h.set(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        h.set(HttpHeaders.CACHE_CONTROL, "no-cache");
        if (ctx.request().method() == HttpMethod.HEAD) {
            res.end();
            return;
        }
        // About 2.7 KB a target: written on a worker, a piece at a time, each when the last has
        // left (so that the text is never held whole, however many targets there are).
        res.setChunked(true);
        pump(res, metrics.exposition());
    }

    /** Writes the exposition's next piece (made on a worker), then the one after when the connection has taken it. */
    private void pump(HttpServerResponse res, RunMetrics.Exposition exposition) {
        vertx.executeBlocking(exposition::next, false).onComplete(ar -> {
            if (res.closed()) {
                return; // the scraper went away
            }
            if (ar.failed()) {
                log.warn("cannot write the metrics: {}", ar.cause().toString());
                if (res.headWritten()) {
                    res.reset(); // the client sees a broken response, not a short one taken as whole
                } else {
                    res.setStatusCode(500).end();
                }
                return;
            }
            byte[] piece = ar.result();
            if (piece == null) {
                res.end();
                return;
            }
            res.write(Buffer.buffer(piece));
            if (res.writeQueueFull()) {
                res.drainHandler(v -> pump(res, exposition));
            } else {
                pump(res, exposition);
            }
        });
    }

    private static void write(HttpServerRequest req, Resource r, boolean publicApi) {
        HttpServerResponse res = req.response();
        Resource.Wire w = r.wire();
        boolean gzip = w.gzip() != null && Negotiation.acceptsGzip(req.getHeader(HttpHeaders.ACCEPT_ENCODING));
        MultiMap h = res.headers();
        h.set(NOSNIFF_NAME, NOSNIFF);
        h.set(CSP_NAME, w.csp());
        h.set(REFERRER_NAME, NO_REFERRER);
        h.set(HttpHeaders.CONTENT_TYPE, w.contentType());
        h.set(HttpHeaders.CACHE_CONTROL, w.cacheControl());
        h.set(HttpHeaders.VARY, ACCEPT_ENCODING);
        if (publicApi) {
            h.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, STAR);
        }
        if (r.status() == 200) {
            h.set(HttpHeaders.ETAG, gzip ? w.gzipEtag() : w.etag());
            h.set(HttpHeaders.LAST_MODIFIED, w.lastModified());
            if (notModified(req, r)) {
                res.setStatusCode(304).end();
                return;
            }
        }
        if (gzip) {
            h.set(HttpHeaders.CONTENT_ENCODING, GZIP);
        }
        res.setStatusCode(r.status());
        if (req.method() == HttpMethod.HEAD) {
            // Vert.x would write the body of a HEAD response too, corrupting keep-alive connections.
            res.putHeader(HttpHeaders.CONTENT_LENGTH, gzip ? w.gzipLength() : w.identityLength()).end();
        } else {
            res.end(gzip ? w.gzip() : w.identity());
        }
    }

    private static void send(HttpServerRequest req, HttpServerResponse res, int status, byte[] body) {
        res.setStatusCode(status);
        if (req.method() == HttpMethod.HEAD) {
            res.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length)).end();
        } else {
            res.end(Buffer.buffer(body));
        }
    }

    /** If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2); either ETag of this version matches. */
    private static boolean notModified(HttpServerRequest req, Resource r) {
        String inm = req.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (inm != null) {
            return Negotiation.etagMatches(inm, r.etag(), r.gzipEtag());
        }
        String ims = req.getHeader(HttpHeaders.IF_MODIFIED_SINCE);
        if (ims != null) {
            try {
                return !r.lastModified().isAfter(Instant.from(HTTP_DATE.parse(ims.trim())));
            } catch (DateTimeParseException ignored) {
                return false; // an unparseable date is ignored, as RFC 9110 says
            }
        }
        return false;
    }

    private void health(RoutingContext ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("page_rendered_at", Format.iso(page.pages().renderedAt()));
        Connections c = connections;
        if (c != null) {
            body.put("connections", Map.of("open", c.open(), "cap", c.cap()));
        }
        int status = 200;
        try {
            body.putAll(healthDetails.get());
        } catch (RuntimeException e) {
            log.warn("Health details failed; /health answers 503", e);
            body.put("status", "error");
        }
        if (!"ok".equals(String.valueOf(body.get("status")).toLowerCase(Locale.ROOT))) {
            status = 503;
        }
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            log.warn("Health details could not be written as JSON", e);
            bytes = "{\"status\":\"error\"}".getBytes(StandardCharsets.UTF_8);
            status = 503;
        }
        MultiMap h = ctx.response().headers();
        securityHeaders(h, Resource.CSP_NONE);
        h.set(HttpHeaders.CONTENT_TYPE, Resource.JSON);
        h.set(HttpHeaders.CACHE_CONTROL, "no-cache");
        send(ctx.request(), ctx.response(), status, bytes);
    }

    private static void securityHeaders(MultiMap h, String csp) {
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", csp);
        h.set("Referrer-Policy", "no-referrer");
    }
}
