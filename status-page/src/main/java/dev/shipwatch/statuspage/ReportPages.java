package dev.shipwatch.statuspage;

import dev.shipwatch.config.ReportAccess;
import dev.shipwatch.config.Site;
import dev.shipwatch.statuspage.report.Percentiles;
import dev.shipwatch.statuspage.report.ReportFormats;
import dev.shipwatch.statuspage.report.Reports;
import dev.shipwatch.statuspage.report.SlaReport;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SLA report routes: {@code /reports} (the months), {@code /reports/YYYY-MM} (HTML),
 * {@code .csv} and {@code .json}. Unlike the status pages these are computed per request on a
 * worker thread (they read the database), and are public or behind the admin token as
 * {@code status-page.reports} says; with {@code admin} and no token configured there are no
 * report routes at all.
 */
public final class ReportPages {
    private static final Logger log = LoggerFactory.getLogger(ReportPages.class);
    private static final Pattern MONTH = Pattern.compile("/reports/(\\d{4}-\\d{2})(\\.csv|\\.json)?");
    private static final DateTimeFormatter MONTH_NAME = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    private final Reports reports;
    private final ReportAccess access;
    private final Site site;
    private final Templates templates = new Templates();

    public ReportPages(Reports reports, ReportAccess access, Site site) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.access = Objects.requireNonNull(access, "access");
        this.site = Objects.requireNonNull(site, "site");
    }

    /** Whether the routes exist: public, or admin with a token to check. */
    boolean served(String adminToken) {
        return access == ReportAccess.PUBLIC || (adminToken != null && !adminToken.isEmpty());
    }

    void routes(Router r, Vertx vertx, String adminToken) {
        if (!served(adminToken)) {
            return;
        }
        if (access == ReportAccess.ADMIN) {
            byte[] expected = Resource.sha256(adminToken.getBytes(StandardCharsets.UTF_8));
            r.route("/reports").handler(ctx -> authorize(ctx, expected));
            r.route("/reports/*").handler(ctx -> authorize(ctx, expected));
        }
        r.route("/reports").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> blocking(vertx, ctx, this::index));
        r.route("/reports/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
            Matcher m = MONTH.matcher(ctx.normalizedPath());
            if (!m.matches()) {
                ctx.next(); // the 404 page
                return;
            }
            YearMonth month;
            try {
                month = YearMonth.parse(m.group(1));
            } catch (java.time.format.DateTimeParseException e) {
                ctx.next();
                return;
            }
            String suffix = m.group(2) == null ? "" : m.group(2);
            blocking(vertx, ctx, () -> month(month, suffix));
        });
    }

    /** A rendered answer. */
    record Answer(int status, String contentType, byte[] body) {}

    Answer index() {
        List<Map<String, String>> months = new ArrayList<>();
        for (YearMonth m : reports.months()) {
            months.add(Map.of("name", MONTH_NAME.format(m), "html", "/reports/" + m, "csv", "/reports/" + m + ".csv",
                    "json", "/reports/" + m + ".json"));
        }
        Map<String, Object> vars = common();
        vars.put("months", months);
        return new Answer(200, Resource.HTML, templates.render("reports", vars));
    }

    Answer month(YearMonth month, String suffix) {
        SlaReport report;
        try {
            report = reports.month(month);
        } catch (IllegalArgumentException e) {
            return new Answer(404, "text/plain; charset=utf-8", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return switch (suffix) {
            case ".csv" -> new Answer(200, "text/csv; charset=utf-8; header=present",
                    ReportFormats.csv(report).getBytes(StandardCharsets.UTF_8));
            case ".json" -> new Answer(200, Resource.JSON, ReportFormats.json(report).getBytes(StandardCharsets.UTF_8));
            default -> {
                Map<String, Object> vars = common();
                vars.put("month", MONTH_NAME.format(month));
                vars.put("label", month.toString());
                vars.put("header", ReportFormats.header(report));
                vars.put("rules", report.rules());
                vars.put("rows", report.rows().stream().map(ReportPages::view).toList());
                vars.put("inside", InsideTable.of(report));
                yield new Answer(200, Resource.HTML, templates.render("report", vars));
            }
        };
    }

    /** A row as display strings; {@code -} where there is nothing to show. */
    record RowView(String name, boolean component, String availability, String down, String maintenance, String noData,
                   String runs, String failed, String incidents, String mttr, String build, String deploy,
                   String coldStart, String request, List<String> objectives, String budget) {}

    private static RowView view(SlaReport.Row r) {
        SlaReport.IncidentStats i = r.incidents();
        List<String> objectives = r.objectives().stream().map(o -> o.key() + ": " + o.compliance().wire().replace('_', ' ')
                + (o.actual() == null ? "" : " (" + plain(o.actual()) + (o.key().equals("availability") ? " %" : " ms") + ")"))
                .toList();
        SlaReport.Budget b = r.budget();
        String budget = b == null ? "-" : plain(b.usedMinutes()) + " of " + plain(b.allowedMinutes()) + " min used, "
                + (b.leftPercent() == null ? "-" : plain(b.leftPercent()) + " % left");
        return new RowView(r.kind() == SlaReport.Kind.COMPONENT ? r.name() : r.id(), r.kind() == SlaReport.Kind.COMPONENT,
                r.availability() == null ? "no data" : plain(r.availability()) + " %",
                minutes(r.times().downMs()), minutes(r.times().maintenanceMs()), minutes(r.times().noDataMs()),
                Integer.toString(r.runs()), Integer.toString(r.failedRuns()),
                i.count() == 0 ? "0" : i.count() + " (" + minutes(i.totalMs()) + " min, longest " + minutes(i.longestMs()) + ")",
                i.mttrMs() == null ? "-" : minutes(i.mttrMs()),
                ms(r.latency().build()), ms(r.latency().deploy()), ms(r.latency().coldStart()), ms(r.latency().request()),
                objectives, budget);
    }

    /**
     * The medians of what the canary measured inside the platform: a column per figure some row
     * measured (none: no such table).
     */
    record InsideTable(List<String> head, List<InsideRow> rows) {
        record InsideRow(String name, boolean component, List<String> cells) {}

        static InsideTable of(SlaReport report) {
            List<dev.shipwatch.store.LatencyFigure> measured = SlaReport.INSIDE.stream()
                    .filter(f -> report.rows().stream().anyMatch(r -> r.inside().containsKey(f))).toList();
            List<String> head = measured.stream().map(f -> Character.toUpperCase(f.label().charAt(0)) + f.label().substring(1)).toList();
            List<InsideRow> rows = report.rows().stream().map(r -> new InsideRow(
                    r.kind() == SlaReport.Kind.COMPONENT ? r.name() : r.id(), r.kind() == SlaReport.Kind.COMPONENT,
                    measured.stream().map(f -> {
                        Double v = r.inside().get(f);
                        return v == null ? "-" : f.perSecond() ? InsideView.perSecond(v) : Format.millis(v);
                    }).toList())).toList();
            return new InsideTable(head, rows);
        }
    }

    private static String minutes(long ms) {
        return BigDecimal.valueOf(ms).divide(BigDecimal.valueOf(60_000), 1, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static String ms(Percentiles p) {
        return p.p50() == null ? "-" : Format.millis(p.p50()) + " / " + Format.millis(p.p95()) + " / " + Format.millis(p.p99());
    }

    private static String plain(BigDecimal v) {
        return v.toPlainString();
    }

    private Map<String, Object> common() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("siteName", site.name());
        vars.put("timeZone", site.timeZone().getId());
        vars.put("reportsLinked", access == ReportAccess.PUBLIC);
        vars.put("renderedAt", Views.time(Instant.now(), site.timeZone()));
        return vars;
    }

    private void blocking(Vertx vertx, RoutingContext ctx, java.util.concurrent.Callable<Answer> work) {
        vertx.<Answer>executeBlocking(work, false).onComplete(result -> {
            if (result.failed()) {
                log.warn("SLA report {} failed", ctx.normalizedPath(), result.cause());
                send(ctx, new Answer(500, "text/plain; charset=utf-8",
                        "the report could not be computed; see the monitor's log\n".getBytes(StandardCharsets.UTF_8)));
            } else {
                send(ctx, result.result());
            }
        });
    }

    private void send(RoutingContext ctx, Answer a) {
        MultiMap h = ctx.response().headers();
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", a.contentType().startsWith("text/html") ? Resource.htmlCsp(a.body()) : Resource.CSP_NONE);
        h.set(HttpHeaders.CONTENT_TYPE, a.contentType());
        // behind the token a report must never sit in a shared cache
        h.set(HttpHeaders.CACHE_CONTROL, access == ReportAccess.ADMIN ? "private, no-store" : "public, max-age=60");
        ctx.response().setStatusCode(a.status());
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(a.body().length)).end();
        } else {
            ctx.response().end(Buffer.buffer(a.body()));
        }
    }

    /** Missing or wrong token: 401, compared as the admin API does (hashes, constant time). */
    private static void authorize(RoutingContext ctx, byte[] expected) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (given != null && MessageDigest.isEqual(expected, Resource.sha256(given.getBytes(StandardCharsets.UTF_8)))) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"shipwatch-reports\"");
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        ctx.response().setStatusCode(401).end("reports need an Authorization: Bearer <admin token> header\n");
    }
}
