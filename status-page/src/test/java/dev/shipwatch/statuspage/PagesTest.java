package dev.shipwatch.statuspage;

import dev.shipwatch.config.Target;
import dev.shipwatch.store.ComponentState;
import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.FsProfile;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.OutboundTimings;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.Workload;
import dev.shipwatch.store.IncidentDraft;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStatus;
import dev.shipwatch.store.MaintenanceDraft;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.shipwatch.statuspage.Fixtures.NOW;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTML pages beyond the home page, the uptime bar, the feed, the badge and the static export. */
class PagesTest {
    private static Vertx vertx;
    private PageHarness h;
    private final List<Target> targets = List.of(target("api-probe", "API"));

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
        h.close();
    }

    private void seed() {
        h = new PageHarness(vertx);
        // Yesterday (30 June, UTC) two runs 5 minutes apart: 5 min, then the last one holds for twice its 1-minute
        // schedule: 7 min up; nothing before, nothing today.
        h.add(success("api-probe", 24 * 60 + 5)).add(success("api-probe", 24 * 60));
        h.db.db.incidents().create(new IncidentDraft("June outage", IncidentStatus.RESOLVED, IncidentImpact.MAJOR, "Over.",
                Map.of("api", ComponentState.MAJOR_OUTAGE), List.of(), null), NOW.minus(Duration.ofDays(1)));
        h.db.db.maintenance().create(new MaintenanceDraft("Network work", "Brief blips.", NOW.plus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(1)).plusSeconds(3600), List.of("api")), NOW.minusSeconds(60));
        h.serve(targets);
    }

    @Test
    void theUptimeBarDrawsDaysWithoutRunsAsNoDataAndGivesEachDayItsFiguresAndIncidents() throws Exception {
        seed();
        String page = h.text("/components/api");

        assertThat(page.split("<rect ", -1)).as("90 day cells on the component page").hasSize(91);
        assertThat(page).contains("aria-label=\"Uptime over the last 90 days: 100% uptime; 89 days without data\"")
                .contains("<title>30 Jun: 100% up, 23 h 53 min no data; 1 incident: June outage</title>")
                .contains("<title>1 Jul: no data</title>")
                .contains("class=\"c-none\"").contains("class=\"c-ok\"");
    }

    @Test
    void theHomePageDrawsTheBarAsOnePathPerKindOfDayWithoutDayDetail() throws Exception {
        seed();
        String home = h.text("/");

        // day 88 (yesterday) up; days 0-87 and 89 (today) without data, short, at the bottom
        assertThat(home).contains("aria-label=\"Uptime over the last 90 days: 100% uptime; 89 days without data\"")
                .contains("<path class=\"c-ok\" d=\"M88 0h1\"/><path class=\"c-none\" d=\"M0 13h88m1 0h1\"/>")
                .contains("<span>100% uptime</span> · <span>89 days without data</span>")
                .doesNotContain("<rect ");
    }

    @Test
    void aTargetInTwoLocationsHasATableOfItsLocationsAndTheComponentPageNamesTheFailingOne() throws Exception {
        h = new PageHarness(vertx);
        Target t = Fixtures.target("api-probe", "api");
        Target located = new Target(t.name(), t.component(), t.platform(), t.canary(), t.schedule(), t.requests(), t.timeouts(),
                t.slo(), List.of("eu-west", "us-east"), 2);
        h.add(success("api-probe", 1).at("eu-west"))
                .add(Fixtures.failed("api-probe", 1, dev.shipwatch.store.Phase.DEPLOY, dev.shipwatch.store.FailureClass.DEPLOY_FAILED,
                        "<b>boom</b>").at("us-east"));
        h.serve(List.of(located));
        String html = h.text("/components/api");

        assertThat(html).contains("Degraded performance")
                .contains("Failing in us-east (an outage takes 2 of 2 locations)")
                .contains("role=\"region\" aria-label=\"Locations of api-probe\"")
                .contains("<th scope=\"row\">eu-west</th>").contains("<th scope=\"row\">us-east</th>")
                .contains("<strong>Up</strong>").contains("<strong>Failing</strong>")
                .doesNotContain("<b>boom</b>");
    }

    @Test
    void theComponentPageHasALatencyChartAndItsFiguresAsATable() throws Exception {
        seed();
        String html = h.text("/components/api");

        assertThat(html).contains("<svg class=\"chart\"").contains("class=\"s-build\"").contains("<polyline")
                .contains("<title>Build, 30 Jun: 812 ms</title>").contains("<title>Warm p95, 30 Jun: 0.9 ms</title>")
                .contains("<th scope=\"row\">30 Jun</th><td>812 ms</td>")
                .contains("Recent incidents").contains("June outage");
    }

    @Test
    void theComponentPageSaysWhatTheCanaryMeasuredInsideThePlatformAndWhatGotWorse() throws Exception {
        h = new PageHarness(vertx);
        ProbeRun plain = success("api-probe", 10);
        FigureShift slower = new FigureShift(LatencyFigure.COLD_START, 2.345, Instant.parse("2026-07-01T07:05:00Z"),
                600.0, 1407.0, 2016, 12);
        h.add(plain).add(new ProbeRun(plain.id() + "-b", plain.target(), plain.platform(), plain.component(),
                plain.startedAt().plusSeconds(300), plain.finishedAt().plusSeconds(300), Outcome.SUCCESS, null, plain.phases(),
                plain.firstRequest(), plain.warm(),
                new Workload(3962.4, 111.0, 25.5, new FsProfile(77_717.2, 484_961.0, 239.0, 40_218.0),
                        new OutboundTimings(4.2, 1.3, null, 15.0)),
                true, plain.canaryStartedAt(), List.of(), List.of(slower)));
        h.serve(targets);

        String html = h.text("/components/api");

        assertThat(html).contains("<h2 id=\"inside\">Inside the platform</h2>")
                // Berlin: 07:05 UTC is 09:05 CEST
                .contains("<strong>Regression:</strong>\n        <span>Cold start 2.3 × slower than the 7 days before, since 1 Jul 2026, 09:05 CEST</span>")
                .contains("<th scope=\"row\">File opens</th>\n          <td>77,717 /s</td>")
                .contains("<th scope=\"row\">Missing-file stats</th>\n          <td>484,961 /s</td>")
                .contains("<th scope=\"row\">Synced writes</th>\n          <td>239 /s</td>")
                .contains("<th scope=\"row\">Directory listings</th>\n          <td>40,218 /s</td>")
                .contains("<th scope=\"row\">Outbound DNS</th>\n          <td>4.2 ms</td>")
                .contains("<th scope=\"row\">Outbound first byte</th>\n          <td>15 ms</td>")
                .doesNotContain("Outbound TLS");
    }

    @Test
    void aComponentWhoseCanaryMeasuredNothingInsideHasNoSuchSection() throws Exception {
        seed();
        assertThat(h.text("/components/api")).doesNotContain("Inside the platform");
    }

    @Test
    void historyHasOnePagePerMonthInThePageTimeZone() throws Exception {
        seed();
        // 30 June 10:00 UTC is June in Berlin too; the page's "now" is 1 July.
        assertThat(h.text("/history")).contains("History: <span>July 2026</span>").contains("No incidents this month.")
                .contains("href=\"/history/2026-06\"");
        assertThat(h.text("/history/2026-06")).contains("June outage").contains("href=\"/history\"")
                .contains("href=\"/history/2026-05\"");
        assertThat(h.get("/history/2025-07").statusCode()).as("twelve months are kept").isEqualTo(404);
        assertThat(h.get("/history/2025-08").statusCode()).isEqualTo(200);
        assertThat(h.text("/maintenance")).contains("Network work").contains("Brief blips.").contains("No past maintenance.");
    }

    @Test
    void theAtomFeedIsValidXmlWithAnEntryPerIncidentAndMaintenance() throws Exception {
        seed();
        var r = h.get("/feed.atom");

        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/atom+xml; charset=utf-8");
        Document feed = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(r.body()));
        assertThat(feed.getDocumentElement().getNamespaceURI()).isNull(); // not namespace-aware: plain parse
        assertThat(feed.getDocumentElement().getTagName()).isEqualTo("feed");
        assertThat(feed.getElementsByTagName("entry").getLength()).isEqualTo(2);
        String text = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("<title type=\"text\">June outage</title>")
                .contains("<title type=\"text\">Maintenance: Network work</title>")
                .contains("Resolved (30 Jun 2026, 12:00 CEST): Over.")
                .contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://status.example.com/incidents/");
    }

    @Test
    void theBadgeSaysTheStatusInWords() throws Exception {
        seed();
        var r = h.get("/badge/api.svg");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("aria-label=\"API: operational\"");
        assertThat(h.get("/badge/nope.svg").statusCode()).isEqualTo(404);
    }

    @Test
    void everyHtmlPageHasOneDescriptionOfItsOwnAndLinksTheFavicons() throws Exception {
        h = new PageHarness(vertx).withReports();
        h.add(success("api-probe", 24 * 60 + 5));
        h.serve(targets);
        List<String> paths = new java.util.ArrayList<>(h.page.pages().byPath().entrySet().stream()
                .filter(e -> e.getValue().contentType().startsWith("text/html")).map(Map.Entry::getKey).toList());
        paths.addAll(List.of("/reports", "/reports/2026-06"));
        assertThat(paths).contains("/", "/components/api", "/history", "/history/2026-06", "/maintenance");

        java.util.Set<String> descriptions = new java.util.HashSet<>();
        for (String path : paths) {
            String html = h.text(path);
            java.util.regex.Matcher m = DESCRIPTION.matcher(html);
            assertThat(m.find()).as(path + ": a description").isTrue();
            String description = m.group(1);
            assertThat(description).as(path).contains("Example Status").hasSizeGreaterThan(30);
            assertThat(m.find()).as(path + ": one description").isFalse();
            assertThat(html).as(path).contains("<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"16x16\">")
                    .contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">");
            descriptions.add(description);
        }
        assertThat(descriptions).as("each page says what it is").hasSize(paths.size());
        var missing = h.get("/no-such-page");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body(), java.nio.charset.StandardCharsets.UTF_8)).containsPattern(DESCRIPTION);
    }

    private static final java.util.regex.Pattern DESCRIPTION = java.util.regex.Pattern.compile("<meta name=\"description\" content=\"([^\"]*)\">");

    /** What axe's scrollable-region-focusable and empty-table-header ask, checked without a browser too. */
    @Test
    void everyTableThatMayScrollSitsInAFocusableNamedRegionAndNoHeaderCellIsEmpty() throws Exception {
        h = new PageHarness(vertx).withReports();
        h.add(success("api-probe", 24 * 60 + 5));
        h.serve(targets);
        for (String path : List.of("/components/api", "/reports/2026-06")) {
            String html = h.text(path);
            java.util.regex.Matcher wrapper = java.util.regex.Pattern.compile("<div class=\"scroll\"[^>]*>").matcher(html);
            int regions = 0;
            while (wrapper.find()) {
                assertThat(wrapper.group()).as(path).contains(" tabindex=\"0\"").contains(" role=\"region\"")
                        .containsPattern(" aria-label=\"[^\"]+\"");
                regions++;
            }
            assertThat(regions).as(path + ": every table is in a region").isPositive()
                    .isEqualTo(html.split("<table>", -1).length - 1);
            assertThat(html).as(path).doesNotContainPattern("<th[^>]*></th>");
        }
    }

    @Test
    void theNavigationLinksTheReportsWhereTheyArePublicOnly() throws Exception {
        h = new PageHarness(vertx).withReports();
        h.add(success("api-probe", 24 * 60 + 5));
        h.serve(targets);
        String link = "<li><a href=\"/reports\">Reports</a></li>";
        for (String path : List.of("/", "/components/api", "/history", "/maintenance", "/reports", "/reports/2026-06")) {
            assertThat(h.text(path)).as(path).contains(link);
        }
        assertThat(new String(h.get("/nope").body(), java.nio.charset.StandardCharsets.UTF_8)).contains(link);
        h.close();

        h = new PageHarness(vertx); // no public reports: no link to a 401 or a 404
        h.add(success("api-probe", 24 * 60 + 5));
        h.serve(targets);
        for (String path : List.of("/", "/components/api", "/history", "/maintenance")) {
            assertThat(h.text(path)).as(path).contains("<li><a href=\"/maintenance\">Maintenance</a></li>").doesNotContain(link);
        }
    }

    @Test
    void faviconsAndRobotsTxtAreServedNotThe404Page() throws Exception {
        seed();
        var ico = h.get("/favicon.ico");
        assertThat(ico.statusCode()).isEqualTo(200);
        assertThat(ico.headers().firstValue("Content-Type")).hasValue("image/x-icon");
        assertThat(ico.headers().firstValue("Content-Security-Policy")).hasValue(Resource.CSP_NONE);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(ico.body()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // ICONDIR: reserved 0, type 1 (icon), 1 image; its entry: 16×16, 32 bits, the image's length and offset
        assertThat(List.of(b.getShort(0), b.getShort(2), b.getShort(4))).containsExactly((short) 0, (short) 1, (short) 1);
        assertThat(List.of(ico.body()[6], ico.body()[7])).containsExactly((byte) 16, (byte) 16);
        assertThat(b.getShort(12)).isEqualTo((short) 32);
        int length = b.getInt(14);
        int offset = b.getInt(18);
        assertThat(offset + length).as("the image ends the file").isEqualTo(ico.body().length);
        assertThat(b.getInt(offset)).as("a BITMAPINFOHEADER").isEqualTo(40);
        assertThat(List.of(b.getInt(offset + 4), b.getInt(offset + 8))).as("16 wide, twice 16 high (colour and mask)")
                .containsExactly(16, 32);
        // the centre pixel (row 8 of the bottom-up rows) is opaque, the corner transparent
        int pixels = offset + 40;
        assertThat(ico.body()[pixels + (8 * 16 + 8) * 4 + 3]).isEqualTo((byte) 0xff);
        assertThat(ico.body()[pixels + 3]).isEqualTo((byte) 0);

        var svg = h.get("/favicon.svg");
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        Document icon = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.body()));
        assertThat(icon.getDocumentElement().getTagName()).isEqualTo("svg");

        var robots = h.get("/robots.txt");
        assertThat(robots.statusCode()).isEqualTo(200);
        assertThat(robots.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(new String(robots.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("User-agent: *\nAllow: /\n");
    }

    @Test
    void aMaintenanceWindowCreatedAfterItsStartShowsInProgressFromItsStartNeverScheduled() throws Exception {
        h = new PageHarness(vertx);
        h.add(success("api-probe", 5));
        // created at 10:00 UTC (12:00 CEST) for a window that began a minute before
        String id = h.db.db.maintenance().create(new MaintenanceDraft("Hotfix", "Restarting the API.", NOW.minusSeconds(60),
                NOW.plusSeconds(1800), List.of("api")), NOW).id();
        h.serve(targets);

        for (String path : List.of("/incidents/" + id, "/maintenance", "/")) {
            String html = h.text(path);
            assertThat(html).as(path).contains("<strong>In progress</strong> ·\n")
                    .contains("class=\"when\" datetime=\"2026-07-01T09:59:00.000Z\">1 Jul 2026, 11:59 CEST</time>\n")
                    .contains("Restarting the API.").doesNotContain("<strong>Scheduled</strong>")
                    .doesNotContain(Timeline.STARTED);
        }
        var updates = h.json("/api/v2/scheduled-maintenances/active.json").path("scheduled_maintenances").get(0)
                .path("incident_updates");
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).path("status").asText()).isEqualTo("in_progress");
        assertThat(updates.get(0).path("body").asText()).isEqualTo("Restarting the API.");
        assertThat(updates.get(0).path("display_at").asText()).isEqualTo("2026-07-01T09:59:00.000Z");

        // once over, the completion follows the start
        h.clock.advance(Duration.ofHours(1));
        h.page.changed();
        h.page.awaitRefreshed();
        String page = h.text("/incidents/" + id);
        assertThat(page.indexOf("<strong>Completed</strong>")).isPositive().isLessThan(page.indexOf("<strong>In progress</strong>"));
        assertThat(page).doesNotContain("<strong>Scheduled</strong>");
    }

    @Test
    void theStaticExportWritesTheSameBytesTheServerSends(@TempDir Path dir) throws Exception {
        seed();
        Map<String, Integer> files = StaticExport.write(h.page, dir);

        assertThat(files).containsKeys("index.html", "components/api.html", "api/v2/summary.json", "feed.atom",
                "badge/api.svg", "history.html", "history/2026-06.html", "maintenance.html", "404.html", "favicon.ico",
                "favicon.svg", "robots.txt");
        assertThat(Files.readAllBytes(dir.resolve("index.html"))).isEqualTo(h.get("/").body());
        assertThat(Files.readAllBytes(dir.resolve("api/v2/summary.json"))).isEqualTo(h.get("/api/v2/summary.json").body());
        assertThat(Files.readAllBytes(dir.resolve("components/api.html"))).isEqualTo(h.get("/components/api").body());
    }
}
