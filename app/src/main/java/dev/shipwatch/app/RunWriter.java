package dev.shipwatch.app;

import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import dev.shipwatch.store.RunStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes runs to the store and keeps them when it cannot: a finished run whose write fails (a
 * full disk, a database restart) waits in memory, in order, and a thread of its own writes it
 * as soon as the store takes writes again — no restart needed. While runs wait, the store is
 * failing: {@link #health()} says so (and {@code /health} answers 503), a gauge counts them, and
 * every failure is logged. A run that started but whose start could not be written is still
 * stored when it finishes.
 *
 * <p>Runs are kept up to {@link #MAX_KEPT}; beyond that the oldest is dropped, logged at ERROR
 * and counted, so that a store that never comes back cannot exhaust the monitor's memory.
 */
final class RunWriter implements AutoCloseable, MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(RunWriter.class);
    static final int MAX_KEPT = 100_000;
    static final Duration RETRY = Duration.ofSeconds(2);

    private record Kept(ProbeRun run, Duration hold) {}

    private final RunStore store;
    private final Clock clock;
    private final Duration retry;
    private final Thread thread;
    /** Guarded by {@code this}. */
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    private String error;
    private Instant failingSince;
    private boolean closed;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    RunWriter(RunStore store, Clock clock) {
        this(store, clock, RETRY);
    }

    RunWriter(RunStore store, Clock clock, Duration retry) {
        this.store = store;
        this.clock = clock;
        this.retry = retry;
        this.thread = new Thread(this::retryLoop, "run-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Records a run as running (durable when the store returns); a failure is logged and the run goes on. */
    void started(RunStarted run) {
        try {
            store.started(run);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            log.error("the start of run {} of target={} is not stored ({}); it will be stored when it finishes",
                    run.id(), run.target(), e.getMessage());
        }
    }

    /** Stores a finished run now, or keeps it until the store takes writes again. Never throws. */
    void finished(ProbeRun run, Duration hold) {
        synchronized (this) {
            if (!kept.isEmpty()) {
                keep(run, hold); // runs are written in order: this one waits behind those kept
                return;
            }
        }
        try {
            store.finished(run, hold);
        } catch (RuntimeException e) {
            failed(e);
            log.error("run {} of target={} ({}) is not stored ({}); kept in memory and written when the store is back",
                    run.id(), run.target(), run.outcome().wire(), e.getMessage());
            synchronized (this) {
                keep(run, hold);
            }
        }
    }

    private void keep(ProbeRun run, Duration hold) {
        kept.addLast(new Kept(run, hold));
        if (kept.size() > MAX_KEPT) {
            Kept lost = kept.removeFirst();
            dropped.incrementAndGet();
            log.error("run {} of target={} is LOST: {} runs wait for the store, which still fails ({})",
                    lost.run().id(), lost.run().target(), MAX_KEPT, error);
        }
        notifyAll();
    }

    private synchronized void failed(RuntimeException e) {
        failures.incrementAndGet();
        error = e.getMessage();
        if (failingSince == null) {
            failingSince = clock.instant();
        }
    }

    private void retryLoop() {
        while (true) {
            Kept next;
            synchronized (this) {
                while (kept.isEmpty() && !closed) {
                    waitQuietly(0);
                }
                if (kept.isEmpty()) {
                    return;
                }
                next = kept.peekFirst();
            }
            if (!writeKept(next)) {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    waitQuietly(retry.toMillis());
                }
            }
        }
    }

    /** Tries to write the oldest kept run; true when it is stored. */
    private boolean writeKept(Kept k) {
        try {
            store.finished(k.run(), k.hold());
        } catch (RuntimeException e) {
            failed(e);
            log.warn("the store still fails ({}); {} run(s) wait, next try in {} s", e.getMessage(), waiting(),
                    retry.toSeconds());
            return false;
        }
        synchronized (this) {
            kept.remove(k);
            if (kept.isEmpty()) {
                log.warn("the store takes writes again: every kept run is stored (failing since {})", failingSince);
                failingSince = null;
                error = null;
            }
        }
        return true;
    }

    private void waitQuietly(long ms) {
        try {
            wait(ms);
        } catch (InterruptedException e) {
            // never interrupted by the monitor; a stop sets closed and notifies
        }
    }

    synchronized int waiting() {
        return kept.size();
    }

    /** Whether the store failed its last write and runs wait for it. */
    synchronized boolean failing() {
        return failingSince != null;
    }

    /** For {@code /health}: the store's state, its last error and how many runs wait. No database access. */
    synchronized Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", failingSince == null ? "ok" : "failing");
        h.put("unstored_runs", kept.size());
        if (failingSince != null) {
            h.put("failing_since", failingSince.toString());
            h.put("error", error);
        }
        h.put("lost_runs", dropped.get());
        return h;
    }

    /**
     * {@code shipwatch_runs_unstored} (runs waiting in memory), {@code shipwatch_run_store_failures_total}
     * (failed writes) and {@code shipwatch_runs_lost_total} (kept runs dropped at the limit).
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("shipwatch.runs.unstored", this, RunWriter::waiting)
                .description("Finished runs kept in memory because the store failed to write them").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("shipwatch.run.store.failures", failures, AtomicLong::get)
                .description("Writes of runs the store failed").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("shipwatch.runs.lost", dropped, AtomicLong::get)
                .description("Kept runs dropped because too many waited for a failing store").register(registry);
    }

    /** Writes what it can of the kept runs once more, then stops; what is still kept is logged as lost. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Kept k;
        while ((k = peek()) != null && writeKept(k)) {
            // written
        }
        synchronized (this) {
            for (Kept lost : kept) {
                log.error("run {} of target={} is LOST: the store failed until the monitor stopped ({})",
                        lost.run().id(), lost.run().target(), error);
            }
        }
    }

    private synchronized Kept peek() {
        return kept.peekFirst();
    }
}
