package dev.shipwatch.statuspage;

import dev.shipwatch.store.DailyRollup;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import dev.shipwatch.store.RunStore;
import dev.shipwatch.store.StoreException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real run store whose reads a test can hold (they wait until released) or fail, to see what
 * the page does while its store is slow or down. Writes always pass.
 */
final class GatedRunStore implements RunStore {
    private final RunStore store;
    private volatile CountDownLatch release;
    private volatile CountDownLatch entered = new CountDownLatch(1);
    private volatile boolean failing;
    /** Reads that returned after being interrupted while held: the page must never interrupt its refresher. */
    final AtomicInteger interrupted = new AtomicInteger();
    final AtomicInteger rollupReads = new AtomicInteger();

    GatedRunStore(RunStore store) {
        this.store = store;
    }

    /** From now on every read waits until {@link #release()}. */
    void hold() {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch r = release;
        release = null;
        if (r != null) {
            r.countDown();
        }
    }

    /** Waits until some read is held. */
    void awaitHeldRead() throws InterruptedException {
        if (!entered.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no read reached the held store within 30 s");
        }
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    private void gate() {
        if (failing) {
            throw new StoreException("the database is down (GatedRunStore)", null);
        }
        CountDownLatch r = release;
        if (r != null) {
            entered.countDown();
            try {
                if (!r.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("a held read was never released");
                }
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public List<ProbeRun> recent(String target, int limit) {
        gate();
        return store.recent(target, limit);
    }

    @Override
    public List<ProbeRun> between(String target, Instant from, Instant to) {
        gate();
        return store.between(target, from, to);
    }

    @Override
    public List<ProbeRun> recentOnPlatform(String platform, int limit) {
        gate();
        return store.recentOnPlatform(platform, limit);
    }

    @Override
    public List<ProbeRun> unfinished(String node) {
        return store.unfinished(node);
    }

    @Override
    public List<DailyRollup> rollups(String target, LocalDate from, LocalDate to) {
        gate();
        rollupReads.incrementAndGet();
        return store.rollups(target, from, to);
    }

    @Override
    public void started(RunStarted run) {
        store.started(run);
    }

    @Override
    public void finished(ProbeRun run, Duration maxHold) {
        store.finished(run, maxHold);
    }

    @Override
    public List<ProbeRun> abortUnfinished(String node, Instant now) {
        return store.abortUnfinished(node, now);
    }

    @Override
    public Optional<ProbeRun> find(String runId) {
        return store.find(runId);
    }

    @Override
    public Optional<ProbeRun> latest(String target) {
        return store.latest(target);
    }

    @Override
    public List<String> targets() {
        return store.targets();
    }
}
