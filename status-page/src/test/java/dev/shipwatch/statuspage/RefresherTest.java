package dev.shipwatch.statuspage;

import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.IncidentStore;
import dev.shipwatch.store.MaintenanceDraft;
import dev.shipwatch.store.MaintenanceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.shipwatch.statuspage.Fixtures.NOW;
import static dev.shipwatch.statuspage.Fixtures.SITE;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The page's own refresher: a run never waits for the page, refreshes coalesce, a failing store
 * leaves the pages served, time-dependent parts follow the clock, and closing never interrupts.
 */
class RefresherTest {
    private final PageDb db = new PageDb();
    private final GatedRunStore runs = new GatedRunStore(db.db.runs());
    private final MovableClock clock = new MovableClock(NOW);
    private final List<Target> targets = List.of(target("a", "Alpha"), target("b", "Beta"), target("c", "Gamma"));
    private StatusPage page;

    @AfterEach
    void close() {
        runs.release();
        if (page != null) {
            page.close();
        }
        db.close();
    }

    private StatusPage page(Duration tick) {
        return page(tick, db.db.incidents(), db.db.maintenance());
    }

    private StatusPage page(Duration tick, IncidentStore incidents, MaintenanceStore maintenance) {
        page = new StatusPage(SITE, StatusPageConfig.derive(targets), targets, runs, incidents, maintenance, clock, tick, false);
        page.refresh();
        page.start();
        return page;
    }

    private String text(String path) {
        return new String(page.pages().get(path).identity(), StandardCharsets.UTF_8);
    }

    /** Runs {@code call} on another thread and fails (instead of hanging) when it does not return in time. */
    private static void returnsPromptly(Runnable call) throws Exception {
        CompletableFuture.runAsync(call).get(10, TimeUnit.SECONDS);
    }

    @Test
    void runStoredReturnsWhileARefreshIsHeldInsideTheStore() throws Exception {
        page(Duration.ofDays(1));
        runs.hold();
        db.add(success("a", 1));
        page.runStored("a");
        runs.awaitHeldRead(); // the refresher is now inside the store, and stays there

        db.add(success("b", 1));
        returnsPromptly(() -> page.runStored("b"));
        returnsPromptly(() -> page.runStored("no-such-target"));
        returnsPromptly(page::changed);
        assertThat(text("/")).as("the previous pages stay served meanwhile").contains("No data yet");

        runs.release();
        page.awaitRefreshed();
        assertThat(text("/components/alpha")).contains("1 Jul 2026, 11:59 CEST");
        assertThat(text("/components/beta")).contains("1 Jul 2026, 11:59 CEST");
    }

    @Test
    void runsStoredDuringARefreshAreCoveredByOneMoreRefresh() throws Exception {
        page(Duration.ofDays(1));
        long before = page.refreshes();
        runs.hold();
        db.add(success("a", 3));
        page.runStored("a");
        runs.awaitHeldRead();

        db.add(success("b", 2)).add(success("c", 2));
        for (int i = 0; i < 20; i++) {
            page.runStored(i % 2 == 0 ? "b" : "c");
        }
        runs.release();
        page.awaitRefreshed();

        assertThat(page.refreshes() - before).as("the held refresh and one more for all twenty runs").isEqualTo(2);
        assertThat(text("/components/beta")).contains("Operational");
        assertThat(text("/components/gamma")).contains("Operational");
    }

    @Test
    void aFailingStoreLeavesThePagesServedAndTheNextWakeUpTriesAgain() throws Exception {
        page(Duration.ofDays(1));
        byte[] before = page.pages().get("/").identity();
        db.add(success("a", 1));
        runs.failing(true);
        page.runStored("a");

        assertThatThrownBy(page::awaitRefreshed).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be refreshed").hasRootCauseMessage("the database is down (GatedRunStore)");
        assertThat(page.pages().get("/").identity()).isEqualTo(before);

        runs.failing(false);
        db.add(success("b", 1));
        page.runStored("b");
        page.awaitRefreshed();
        assertThat(text("/components/alpha")).as("the failed target is read again too").contains("Operational");
        assertThat(text("/components/beta")).contains("Operational");
    }

    @Test
    void theMinuteTickStartsAndEndsMaintenanceOnItsOwn() throws Exception {
        db.db.maintenance().create(new MaintenanceDraft("Upgrade", "", NOW.plusSeconds(600), NOW.plusSeconds(1200),
                List.of("alpha")), NOW.minusSeconds(60));
        CountingIncidents incidents = new CountingIncidents(db.db.incidents());
        page(Duration.ofMillis(20), incidents, db.db.maintenance());
        assertThat(text("/api/v2/components.json")).doesNotContain("under_maintenance");

        clock.set(NOW.plusSeconds(660));
        // Refreshes run one at a time: when the third read from now begins, the second has finished,
        // and it began after the first read from now, so after the clock moved.
        incidents.awaitReads(3);
        assertThat(text("/components/alpha")).contains("Under maintenance");
        assertThat(text("/maintenance")).contains("In progress");

        clock.set(NOW.plusSeconds(1260));
        incidents.awaitReads(3);
        assertThat(text("/components/alpha")).doesNotContain("Under maintenance");
    }

    @Test
    void closeWaitsForTheRefreshInsideTheStoreWithoutInterruptingIt() throws Exception {
        page(Duration.ofDays(1));
        runs.hold();
        db.add(success("a", 1));
        page.runStored("a");
        runs.awaitHeldRead();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(page::close);
        runs.release();
        closing.get(30, TimeUnit.SECONDS);

        assertThat(runs.interrupted).as("the held read was never interrupted").hasValue(0);
        assertThat(text("/components/alpha")).as("close returned after the refresh under way finished").contains("Operational");
        assertThatThrownBy(page::start).isInstanceOf(IllegalStateException.class);
    }

    /** Counts the context reads (each refresh that re-reads incidents asks for the unresolved ones once). */
    private static final class CountingIncidents implements IncidentStore {
        private final IncidentStore store;
        private volatile CountDownLatch reads = new CountDownLatch(0);

        CountingIncidents(IncidentStore store) {
            this.store = store;
        }

        void awaitReads(int n) throws InterruptedException {
            CountDownLatch latch = new CountDownLatch(n);
            reads = latch;
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the page did not re-read incidents " + n + " times within 30 s");
            }
        }

        @Override
        public List<dev.shipwatch.store.Incident> unresolved() {
            reads.countDown();
            return store.unresolved();
        }

        @Override
        public dev.shipwatch.store.Incident create(dev.shipwatch.store.IncidentDraft draft, java.time.Instant at) {
            return store.create(draft, at);
        }

        @Override
        public java.util.Optional<dev.shipwatch.store.Incident> update(String id, dev.shipwatch.store.IncidentUpdateDraft draft,
                                                                     java.time.Instant at) {
            return store.update(id, draft, at);
        }

        @Override
        public java.util.Optional<dev.shipwatch.store.Incident> find(String id) {
            return store.find(id);
        }

        @Override
        public List<dev.shipwatch.store.Incident> recent(int limit) {
            return store.recent(limit);
        }

        @Override
        public List<dev.shipwatch.store.Incident> createdBetween(java.time.Instant from, java.time.Instant to) {
            return store.createdBetween(from, to);
        }

        @Override
        public java.util.Optional<dev.shipwatch.store.Incident> openAutomatic(String componentId) {
            return store.openAutomatic(componentId);
        }
    }
}
