package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link AlertStore} must do, run once per database; each test starts from empty tables. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AlertStoreContract {
    static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

    Database db;
    AlertStore store;

    abstract Storage storage();

    @BeforeAll
    void openDatabase() {
        db = Database.open(storage());
        store = AlertStore.of(db);
    }

    @AfterAll
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM alert_outbox");
            s.executeUpdate("DELETE FROM alert_state");
            s.executeUpdate("DELETE FROM alert_sends");
        }
    }

    static AlertState opened(String key, Instant at) {
        return new AlertState(key, "target", key, true, "critical", at, key + " failed", "trigger", at, null, 0);
    }

    static OutboxMessage event(String key, String action) {
        return new OutboxMessage(key, action, "{\"dedup_key\":\"" + key + "\",\"event_action\":\"" + action + "\"}");
    }

    @Test
    void aStateChangeAndItsOutboxEventAreStoredTogether() {
        assertThat(store.change(opened("shipwatch/a", T0), 0, event("shipwatch/a", "trigger"), T0)).isTrue();

        AlertState state = store.state("shipwatch/a").orElseThrow();
        assertThat(state.open()).isTrue();
        assertThat(state.version()).isEqualTo(1);
        assertThat(state.openedAt()).isEqualTo(T0);
        assertThat(state.countFrom()).isNull();
        assertThat(store.open()).extracting(AlertState::dedupKey).containsExactly("shipwatch/a");
        assertThat(store.counts()).isEqualTo(new OutboxCounts(1, 0, 0));
        OutboxEntry entry = store.outbox(OutboxStatus.PENDING, 10).get(0);
        assertThat(entry.action()).isEqualTo("trigger");
        assertThat(entry.attempts()).isZero();
        assertThat(entry.nextAttemptAt()).isEqualTo(T0);
        assertThat(store.nextDue()).contains(T0);

        AlertState resolved = new AlertState("shipwatch/a", "target", "shipwatch/a", false, "critical", null, null,
                "resolve", T0.plusSeconds(60), T0.plusSeconds(50), 0);
        assertThat(store.change(resolved, 1, event("shipwatch/a", "resolve"), T0.plusSeconds(60))).isTrue();
        assertThat(store.state("shipwatch/a").orElseThrow().version()).isEqualTo(2);
        assertThat(store.state("shipwatch/a").orElseThrow().countFrom()).isEqualTo(T0.plusSeconds(50));
        assertThat(store.open()).isEmpty();
        assertThat(store.counts().pending()).isEqualTo(2);
    }

    @Test
    void aChangeDecidedOnAnOldVersionChangesNothing() {
        store.change(opened("shipwatch/b", T0), 0, event("shipwatch/b", "trigger"), T0);

        assertThat(store.change(opened("shipwatch/b", T0), 0, event("shipwatch/b", "trigger"), T0)).isFalse();
        assertThat(store.change(opened("shipwatch/b", T0), 7, event("shipwatch/b", "trigger"), T0)).isFalse();
        assertThat(store.counts().pending()).as("no event without its state change").isEqualTo(1);
        assertThat(store.state("shipwatch/b").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void eventsOfOneKeyGoOutInOrderAndARetryingEventHoldsBackOnlyItsOwnKey() {
        store.change(opened("shipwatch/x", T0), 0, event("shipwatch/x", "trigger"), T0);
        AlertState resolved = new AlertState("shipwatch/x", "target", "x", false, null, null, null, "resolve", T0, T0, 0);
        store.change(resolved, 1, event("shipwatch/x", "resolve"), T0);
        store.change(opened("shipwatch/y", T0), 0, event("shipwatch/y", "trigger"), T0);

        List<String> seen = new ArrayList<>();
        // x's trigger fails for now: retry in a minute
        assertThat(store.deliverNext(T0, e -> {
            seen.add(e.dedupKey() + " " + e.action());
            return Delivery.retryAt(T0.plusSeconds(60), "HTTP 503");
        })).isTrue();
        // x's resolve must wait for x's trigger; y is not held back
        assertThat(store.deliverNext(T0, e -> {
            seen.add(e.dedupKey() + " " + e.action());
            return Delivery.sent(T0);
        })).isTrue();
        assertThat(store.deliverNext(T0, e -> Delivery.sent(T0))).as("nothing else is due").isFalse();
        assertThat(store.nextDue()).contains(T0.plusSeconds(60));

        Instant later = T0.plusSeconds(61);
        store.deliverNext(later, e -> {
            seen.add(e.dedupKey() + " " + e.action() + " attempt " + (e.attempts() + 1) + " after " + e.lastError());
            return Delivery.failed("400 Event object is invalid");
        });
        store.deliverNext(later, e -> {
            seen.add(e.dedupKey() + " " + e.action());
            return Delivery.sent(later);
        });
        assertThat(seen).containsExactly("shipwatch/x trigger", "shipwatch/y trigger",
                "shipwatch/x trigger attempt 2 after HTTP 503", "shipwatch/x resolve");
        assertThat(store.counts()).isEqualTo(new OutboxCounts(0, 1, 2));
        OutboxEntry failed = store.outbox(OutboxStatus.FAILED, 5).get(0);
        assertThat(failed.lastError()).isEqualTo("400 Event object is invalid");
        assertThat(failed.attempts()).isEqualTo(2);
        // newest (highest id) first: y's trigger was written after x's resolve
        assertThat(store.outbox(OutboxStatus.SENT, 5)).extracting(OutboxEntry::sentAt).containsExactly(T0, later);
        assertThat(store.nextDue()).isEmpty();
    }

    @Test
    void theMinutesBudgetCountsEveryAttemptAndFreesUpAMinuteAfterTheOldest() {
        for (String key : List.of("shipwatch/a", "shipwatch/b", "shipwatch/c")) {
            store.change(opened(key, T0), 0, event(key, "trigger"), T0);
        }
        // A 503 counts: PagerDuty counted the request.
        assertThat(store.deliverNext(T0, 2, e -> Delivery.retryAt(T0.plusSeconds(1), "HTTP 503"))).isEqualTo(AlertStore.Sent.ONE);
        assertThat(store.deliverNext(T0.plusSeconds(5), 2, e -> Delivery.sent(T0.plusSeconds(5)))).isEqualTo(AlertStore.Sent.ONE);
        assertThat(store.deliverNext(T0.plusSeconds(10), 2, e -> Delivery.sent(T0.plusSeconds(10))))
                .as("two attempts in the last minute").isEqualTo(AlertStore.Sent.BUDGET_SPENT);
        assertThat(store.budgetFreesAt(T0.plusSeconds(10))).contains(T0.plusSeconds(60));

        assertThat(store.deliverNext(T0.plusSeconds(61), 2, e -> Delivery.sent(T0.plusSeconds(61)))).isEqualTo(AlertStore.Sent.ONE);
        assertThat(store.counts().pending()).isEqualTo(1); // the 503'd one, due again
    }

    @Test
    void sentEventsArePrunedAfterTheirRetentionAndTheOthersStay() {
        store.change(opened("shipwatch/a", T0), 0, event("shipwatch/a", "trigger"), T0);
        store.change(opened("shipwatch/b", T0), 0, event("shipwatch/b", "trigger"), T0);
        store.deliverNext(T0, e -> e.dedupKey().equals("shipwatch/a") ? Delivery.sent(T0) : Delivery.failed("400"));
        store.deliverNext(T0, e -> e.dedupKey().equals("shipwatch/a") ? Delivery.sent(T0) : Delivery.failed("400"));

        assertThat(store.pruneSent(T0.minusSeconds(1))).as("not old enough").isZero();
        assertThat(store.pruneSent(T0.plusSeconds(1))).isEqualTo(1);
        assertThat(store.counts()).isEqualTo(new OutboxCounts(0, 1, 0));
        assertThat(store.state("shipwatch/a")).as("the alert's state stays").isPresent();
    }

    @Test
    void anAttemptThatThrowsLeavesTheEventAsItWas() {
        store.change(opened("shipwatch/c", T0), 0, event("shipwatch/c", "trigger"), T0);
        assertThatThrownBy(() -> store.deliverNext(T0, e -> {
            throw new IllegalStateException("sender bug");
        })).isInstanceOf(IllegalStateException.class);
        OutboxEntry entry = store.outbox(OutboxStatus.PENDING, 1).get(0);
        assertThat(entry.attempts()).isZero();
        assertThat(store.deliverNext(T0, e -> Delivery.sent(T0))).isTrue();
    }

    /**
     * Three senders on three connections drain 24 events of 4 keys. Two of them are made to hold
     * their claims at the same time, so SKIP LOCKED is really exercised: no event goes out twice,
     * and each key's events go out in the order they were written.
     */
    @Test
    void concurrentSendersNeverSendAnEventTwiceNorOutOfOrderPerKey() throws Exception {
        Map<String, Long> version = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            String key = "shipwatch/k" + (i % 4);
            long v = version.getOrDefault(key, 0L);
            assertThat(store.change(opened(key, T0), v, event(key, "trigger"), T0)).isTrue();
            version.put(key, v + 1);
        }
        List<OutboxEntry> delivered = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier overlap = new CyclicBarrier(2);
        AtomicBoolean overlapped = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                workers.add(pool.submit(() -> {
                    while (store.deliverNext(T0, e -> {
                        if (!overlapped.get()) {
                            try {
                                overlap.await(5, TimeUnit.SECONDS); // two claims held at once
                                overlapped.set(true);
                            } catch (InterruptedException | BrokenBarrierException | TimeoutException ignored) {
                                // the other workers drained everything first: no overlap to wait for
                            }
                        }
                        delivered.add(e);
                        return Delivery.sent(T0);
                    })) {
                        // next
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlapped).as("two senders held claims at the same time").isTrue();
        assertThat(delivered).hasSize(24);
        Set<Long> ids = new HashSet<>();
        delivered.forEach(e -> assertThat(ids.add(e.id())).as("event %d sent once", e.id()).isTrue());
        Map<String, Long> lastId = new HashMap<>();
        List<OutboxEntry> inOrder;
        synchronized (delivered) {
            inOrder = List.copyOf(delivered);
        }
        for (OutboxEntry e : inOrder) {
            Long before = lastId.put(e.dedupKey(), e.id());
            assertThat(before == null || before < e.id()).as("%s: event %d after %s", e.dedupKey(), e.id(), before).isTrue();
        }
        assertThat(store.counts()).isEqualTo(new OutboxCounts(0, 0, 24));
    }
}
