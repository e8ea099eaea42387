package dev.shipwatch.statuspage;

import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.GroupSpec;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.ComponentState;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentDraft;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStatus;
import dev.shipwatch.store.IncidentUpdateDraft;
import dev.shipwatch.store.MaintenanceDraft;
import dev.shipwatch.store.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.shipwatch.statuspage.Fixtures.NOW;
import static dev.shipwatch.statuspage.Fixtures.SITE;
import static dev.shipwatch.statuspage.Fixtures.degraded;
import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incremental path against the full one: after any series of runs, incident and maintenance
 * changes and ticks, the pages are byte for byte (identity and gzip bodies, validators, CSP)
 * what a page rendering everything from the store at that moment gives; and a run re-renders
 * its component's pages and the shared documents, nothing else.
 */
class IncrementalRenderTest {
    private final PageDb db = new PageDb();
    private final MovableClock clock = new MovableClock(NOW);
    private final List<Target> targets = List.of(target("a1", "Alpha"), target("a2", "Alpha"), target("b", "Beta"),
            target("g", "Gamma"), target("d", "Delta"), target("e", "Epsilon"));
    private final StatusPageConfig config = new StatusPageConfig(
            List.of(new GroupSpec("deploys", "Deploys", "Where apps go"), new GroupSpec("regions", "Regions", null)),
            List.of(new ComponentSpec("alpha", "Alpha", "Two targets", "deploys"), new ComponentSpec("gamma", "Gamma", null, "regions"),
                    new ComponentSpec("beta", "Beta", null, "deploys"), new ComponentSpec("delta", "Delta", null, "regions"),
                    new ComponentSpec("epsilon", "Epsilon", "On its own", null)), false);
    private final Instant startedAt = NOW;
    private StatusPage page;

    @AfterEach
    void close() {
        db.close();
    }

    /** Some history: runs on earlier days with every outcome, a resolved incident, an upcoming window. */
    private void seed() {
        for (int day = 5; day >= 1; day--) {
            db.add(success("a1", day * 1440L + 30)).add(success("a2", day * 1440L + 20));
            db.add(day == 3 ? failed("b", day * 1440L, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x") : success("b", day * 1440L));
        }
        db.add(degraded("g", 2 * 1440L)).add(success("g", 1440L)).add(success("e", 90));
        db.db.incidents().update(db.db.incidents().create(new IncidentDraft("Old outage", IncidentStatus.INVESTIGATING,
                IncidentImpact.MAJOR, "Looking.", Map.of("beta", ComponentState.MAJOR_OUTAGE), List.of(), null),
                NOW.minus(Duration.ofDays(3))).id(), new IncidentUpdateDraft(IncidentStatus.RESOLVED, "Fixed.", Map.of(), List.of()),
                NOW.minus(Duration.ofDays(3)).plusSeconds(3600));
        db.db.maintenance().create(new MaintenanceDraft("Network work", "Brief blips.", NOW.plus(Duration.ofHours(5)),
                NOW.plus(Duration.ofHours(6)), List.of("gamma")), NOW.minusSeconds(600));
        // not started: awaitRefreshed refreshes on the test's thread, so every refresh is one the test made
        page = new StatusPage(SITE, config, targets, db.db.runs(), db.db.incidents(), db.db.maintenance(), clock);
        page.refresh();
    }

    private void stored(String target) {
        page.runStored(target);
        page.awaitRefreshed();
    }

    private void changed() {
        page.changed();
        page.awaitRefreshed();
    }

    private String text(String path) {
        return new String(page.pages().get(path).identity(), StandardCharsets.UTF_8);
    }

    /**
     * A new page started when this one did (and remembering the same {@code created_at}s),
     * rendering everything from the store now, gives the same pages.
     */
    private void assertSameAsAFullRender(String after) {
        Instant now = clock.instant();
        clock.set(startedAt);
        StatusPage full = new StatusPage(SITE, config, targets, db.db.runs(), db.db.incidents(), db.db.maintenance(), clock);
        clock.set(now);
        // created_at is memory, not data: the earliest run a page has seen, which a window read later may no longer hold
        full.createdAt().putAll(page.createdAt());
        full.refresh();

        Pages mine = page.pages();
        Pages theirs = full.pages();
        assertThat(mine.byPath().keySet()).as(after + ": paths").isEqualTo(theirs.byPath().keySet());
        for (String path : theirs.byPath().keySet()) {
            Resource a = mine.get(path);
            Resource b = theirs.get(path);
            String what = after + ": " + path;
            assertThat(a.identity()).as(what + ": first difference " + firstDifference(a.identity(), b.identity()))
                    .isEqualTo(b.identity());
            assertThat(a.gzip()).as(what + " (gzip)").isEqualTo(b.gzip());
            assertThat(a.etag()).as(what + " (ETag)").isEqualTo(b.etag());
            assertThat(a.gzipEtag()).as(what + " (gzip ETag)").isEqualTo(b.gzipEtag());
            assertThat(a.csp()).as(what + " (CSP)").isEqualTo(b.csp());
            assertThat(a.status()).as(what).isEqualTo(b.status());
            assertThat(a.contentType()).as(what).isEqualTo(b.contentType());
        }
        assertThat(mine.notFound().identity()).isEqualTo(theirs.notFound().identity());
        // and the stitched JSON is what Jackson writes for the whole document
        StatusModel m = page.model();
        assertThat(text(StatusPage.COMPONENTS_JSON)).as(after + ": components.json")
                .isEqualTo(new String(page.json().components(m, page.createdAt()), StandardCharsets.UTF_8));
        assertThat(text(StatusPage.SUMMARY_JSON)).as(after + ": summary.json")
                .isEqualTo(new String(page.json().summary(m, page.createdAt()), StandardCharsets.UTF_8));
    }

    /** Around the first byte where they differ, both ways, for a failure message one can read. */
    private static String firstDifference(byte[] a, byte[] b) {
        String x = new String(a, StandardCharsets.UTF_8);
        String y = new String(b, StandardCharsets.UTF_8);
        int i = 0;
        while (i < x.length() && i < y.length() && x.charAt(i) == y.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 120);
        return "at " + i + ":\n incremental: …" + x.substring(from, Math.min(x.length(), i + 120))
                + "\n full:        …" + y.substring(from, Math.min(y.length(), i + 120));
    }

    @Test
    void afterRunsIncidentsMaintenanceAndTicksThePagesAreThoseOfAFullRender() {
        seed();
        assertSameAsAFullRender("start");

        // delta has no runs: with an incident's status its JSON element shows the page's updated_at
        Incident incident = db.db.incidents().create(new IncidentDraft("Gamma down", IncidentStatus.IDENTIFIED,
                IncidentImpact.CRITICAL, "It is down.", Map.of("gamma", ComponentState.MAJOR_OUTAGE,
                "delta", ComponentState.DEGRADED_PERFORMANCE), List.of(), null), NOW.minusSeconds(600));
        changed();
        assertThat(text("/")).contains("Gamma down").contains("Major Service Outage");
        assertThat(text(StatusPage.COMPONENTS_JSON)).contains("\"id\":\"delta\"");
        assertSameAsAFullRender("an incident");

        db.add(success("b", 1)); // newer than the incident: the page's updated_at moves, so delta's element changes
        stored("b");
        assertSameAsAFullRender("a run of beta");

        db.add(failed("a1", 1, Phase.BUILD, FailureClass.BUILD_FAILED, "x"));
        stored("a1");
        assertThat(text("/components/alpha")).contains("Partial outage");
        assertSameAsAFullRender("one of alpha's targets failing");

        clock.set(NOW.plus(Duration.ofHours(2))); // the minute tick at a later time
        changed();
        assertSameAsAFullRender("two hours later");

        db.db.maintenance().create(new MaintenanceDraft("Epsilon upgrade", "", clock.instant().minusSeconds(60),
                clock.instant().plusSeconds(3600), List.of("epsilon")), clock.instant().minusSeconds(120));
        changed();
        assertThat(text("/components/epsilon")).contains("Under maintenance");
        assertSameAsAFullRender("maintenance under way");

        db.db.incidents().update(incident.id(), new IncidentUpdateDraft(IncidentStatus.RESOLVED, "Back.", Map.of(), List.of()),
                clock.instant());
        db.add(success("g", -119)).add(degraded("a2", -119)).add(success("d", -119));
        page.runStored("g");
        page.runStored("a2");
        page.runStored("d");
        page.changed();
        page.awaitRefreshed();
        assertThat(text("/components/delta")).contains("Operational");
        assertSameAsAFullRender("runs, delta's first, and a resolved incident in one refresh");

        clock.set(Instant.parse("2026-07-02T00:30:00Z")); // the bars' day changes
        changed();
        assertSameAsAFullRender("the next day");
        db.add(success("e", -(14 * 60 + 29)));
        stored("e");
        assertThat(text("/components/epsilon")).contains("2 Jul 2026, 02:29 CEST");
        assertSameAsAFullRender("a run after midnight");
    }

    @Test
    void aRunReRendersItsComponentsPagesAndTheSharedDocumentsButNoOtherComponentsPages() {
        seed();
        Pages before = page.pages();

        db.add(failed("b", 1, Phase.DEPLOY, FailureClass.QUOTA, "x"));
        stored("b");

        assertThat(page.lastRendered()).contains("/components/beta", "/badge/beta.svg", "/", StatusPage.COMPONENTS_JSON,
                StatusPage.SUMMARY_JSON, StatusPage.STATUS_JSON);
        assertThat(page.lastRendered()).as("other components, incidents, history, feed")
                .doesNotContain("/components/alpha", "/components/gamma", "/components/delta", "/components/epsilon",
                        "/badge/alpha.svg", "/badge/gamma.svg", StatusPage.FEED, StatusPage.HISTORY, StatusPage.MAINTENANCE);
        for (String path : List.of("/components/alpha", "/components/gamma", "/badge/gamma.svg", StatusPage.FEED,
                StatusPage.HISTORY)) {
            assertThat(page.pages().get(path)).as(path + " is the same object as before").isSameAs(before.get(path));
        }
        assertThat(text("/components/beta")).contains("Major outage");
        assertThat(text("/badge/beta.svg")).contains("major outage");
        assertThat(text("/")).contains("Major Service Outage");
    }

    @Test
    void aRunThatChangesNothingShownKeepsTheComponentsPagesAndTheirLastModified() {
        seed();
        Pages before = page.pages();

        clock.advance(Duration.ofSeconds(5));
        page.runStored("b"); // nothing new stored
        page.awaitRefreshed();

        assertThat(page.lastRendered()).doesNotContain("/components/beta", "/badge/beta.svg");
        assertThat(page.pages().get("/components/beta")).isSameAs(before.get("/components/beta"));
        assertThat(page.pages().get(StatusPage.COMPONENTS_JSON).lastModified())
                .as("the same bytes keep their Last-Modified").isEqualTo(before.get(StatusPage.COMPONENTS_JSON).lastModified());
    }

    @Test
    void aComponentsPageAndBadgeAreRenderedWhenFirstAskedForAndKeptForTheRequestsAfter() {
        seed();
        String beta = "/components/beta";
        Resource shown = page.pages().get(beta);

        db.add(failed("b", 1, Phase.DEPLOY, FailureClass.QUOTA, "x"));
        stored("b");
        db.add(success("b", 0));
        stored("b");

        assertThat(page.pages().ready(beta)).as("not rendered by the refreshes").isNull();
        assertThat(page.pages().ready("/badge/beta.svg")).as("nor the badge").isNull();
        assertThat(page.pages().ready("/")).as("the home page is").isNotNull();
        Resource now = page.pages().get(beta);
        assertThat(new String(now.identity(), StandardCharsets.UTF_8)).as("the newest run, not the one in between")
                .contains("Operational").doesNotContain("Major outage");
        assertThat(now).isNotSameAs(shown);
        assertThat(page.pages().ready(beta)).isSameAs(now);
        assertThat(page.pages().get(beta)).isSameAs(now);
        assertThat(text("/badge/beta.svg")).contains("operational");
        assertThat(page.pages().ready("/badge/beta.svg")).isNotNull();
    }
}
