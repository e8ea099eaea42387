package dev.shipwatch.statuspage;

import dev.shipwatch.config.Site;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.AffectedComponent;
import dev.shipwatch.store.ComponentState;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentDraft;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStatus;
import dev.shipwatch.store.IncidentStore;
import dev.shipwatch.store.IncidentUpdateDraft;
import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.MaintenanceStore;
import dev.shipwatch.store.RunStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The public status pages, pre-rendered into memory; the server only ever writes out the bytes
 * of the latest complete set, so request handling never touches the database and stays fast
 * when things are down.
 *
 * <p>A run never waits for the page. Whoever stores a run calls {@link #runStored} (it only
 * marks the target and wakes the page's own refresher thread); whoever changes incidents or
 * maintenance calls {@link #changed}. The refresher re-reads only what changed — a run: that
 * target's recent runs and its bar's rollups; a change: the incidents and maintenance — into an
 * in-memory model, and re-renders only the pages whose views changed, stitching the large shared
 * documents from per-component fragments. Refreshes are coalesced: never more than one runs,
 * and the runs of many targets that finish together are covered by one. Once a minute it
 * re-reads incidents and maintenance and re-evaluates every component at the new time
 * (maintenance starting and ending, the bars' day changing, runs going stale). A failing store
 * leaves the previous pages served; the refresher logs it and tries again on the next wake-up
 * or minute.
 *
 * <p>Until the first refresh every component shows "No data" on the home page and in the JSON,
 * and component pages and badges are not there yet (the stores are not read in the constructor,
 * so constructing the page never blocks or fails; call {@link #refresh()} before serving).
 */
public final class StatusPage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusPage.class);

    /** Paths of the pre-rendered resources. */
    static final String HOME = "/";
    static final String STATUS_JSON = "/api/v2/status.json";
    static final String COMPONENTS_JSON = "/api/v2/components.json";
    static final String SUMMARY_JSON = "/api/v2/summary.json";
    static final String INCIDENTS_JSON = "/api/v2/incidents.json";
    static final String UNRESOLVED_JSON = "/api/v2/incidents/unresolved.json";
    static final String MAINTENANCES_JSON = "/api/v2/scheduled-maintenances.json";
    static final String UPCOMING_JSON = "/api/v2/scheduled-maintenances/upcoming.json";
    static final String ACTIVE_JSON = "/api/v2/scheduled-maintenances/active.json";
    static final String HISTORY = "/history";
    static final String MAINTENANCE = "/maintenance";
    static final String FEED = "/feed.atom";
    /** History pages kept: this month and the eleven before. */
    static final int HISTORY_MONTHS = 12;
    /** How often time-dependent parts are evaluated again. */
    static final Duration TICK = Duration.ofMinutes(1);
    /**
     * The least time between the starts of two refreshes for runs: a burst of runs waits at most
     * this long and is then shown by one refresh, so the page's cost stays bounded however many
     * runs land. Callers of {@link #awaitRefreshed} do not wait for it.
     */
    static final Duration PACE = Duration.ofMillis(250);
    /** How long {@link #awaitRefreshed} waits before giving up. */
    static final Duration AWAIT = Duration.ofSeconds(60);

    private final StatusPageConfig config;
    private final Layout layout;
    private final RunStore runs;
    private final IncidentStore incidents;
    private final MaintenanceStore maintenance;
    private final Clock clock;
    private final Duration tick;
    private final StatusJson json = new StatusJson();
    private final LiveModel live;
    private final PageRenderer renderer;
    private volatile Pages pages;
    private volatile StatusModel model;

    /** Held while refreshing: never more than one refresh, whoever runs it. */
    private final ReentrantLock refreshing = new ReentrantLock();
    /** Targets with a run stored since they were last read. */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    /** Incidents or maintenance changed since they were last read. */
    private final AtomicBoolean contextDirty = new AtomicBoolean();
    /** Counts {@link #runStored} and {@link #changed} calls; a refresh covers those counted before it began reading. */
    private final AtomicLong requested = new AtomicLong();
    /** Guards {@code covered}, {@code failedFor} and {@code failure}; waiters of {@link #awaitRefreshed} wait on it. */
    private final Object progress = new Object();
    private long covered;
    private long failedFor = -1;
    private RuntimeException failure;
    /** Wakes the refresher; a permit per wake-up, drained before each refresh, so many wake-ups make one refresh. */
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean urgent;
    private volatile boolean closed;
    private volatile Thread refresher;
    private final AtomicLong refreshes = new AtomicLong();
    /** Durations of completed refreshes ({@code shipwatch_page_refresh_seconds}); null until bound. */
    private volatile Timer refreshTimer;
    private static final Duration[] REFRESH_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /**
     * @param config     components and groups (ids, names, order) and options such as auto-incidents
     * @param targets    the targets feeding them
     */
    public StatusPage(Site site, StatusPageConfig config, List<Target> targets, RunStore runs, IncidentStore incidents,
                      MaintenanceStore maintenance, Clock clock) {
        this(site, config, targets, runs, incidents, maintenance, clock, false);
    }

    /**
     * @param reportsLinked whether the navigation links {@code /reports}: where the SLA reports
     *                      are public (behind the token a link would only lead to a 401)
     */
    public StatusPage(Site site, StatusPageConfig config, List<Target> targets, RunStore runs, IncidentStore incidents,
                      MaintenanceStore maintenance, Clock clock, boolean reportsLinked) {
        this(site, config, targets, runs, incidents, maintenance, clock, TICK, reportsLinked);
    }

    /** @param tick how often time-dependent parts are evaluated again ({@link #TICK}; tests choose) */
    StatusPage(Site site, StatusPageConfig config, List<Target> targets, RunStore runs, IncidentStore incidents,
               MaintenanceStore maintenance, Clock clock, Duration tick, boolean reportsLinked) {
        Objects.requireNonNull(site, "site");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.config = Objects.requireNonNull(config, "config");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.layout = Layout.of(site, config, List.copyOf(targets));
        Instant startedAt = clock.instant();
        this.live = new LiveModel(site, config, layout, startedAt);
        this.renderer = new PageRenderer(site, layout, new Templates(), json, live.createdAt, reportsLinked);
        BitSet all = new BitSet();
        all.set(0, layout.size());
        this.model = live.snapshot(startedAt);
        this.pages = renderer.render(model, all, true, null);
    }

    // --- what the app calls ----------------------------------------------------------------------

    /**
     * A run of {@code target} was stored: the page shows it soon. Never blocks and never throws;
     * call it from any thread (the probe workers do). Before {@link #start()}, the change waits
     * for the next {@link #refresh()} or {@link #awaitRefreshed()}.
     */
    public void runStored(String target) {
        try {
            if (!layout.targetIndex().containsKey(target)) {
                return; // a target that feeds no component of this page
            }
            dirty.add(target);
            requested.incrementAndGet();
            wake.release();
        } catch (RuntimeException e) {
            log.warn("status page not told of a run of target={}: {}", target, e.toString());
        }
    }

    /**
     * Something not tied to one target changed (incidents, maintenance): the next refresh reads
     * incidents and maintenance again and re-renders what shows them. Never blocks.
     */
    public void changed() {
        contextDirty.set(true);
        requested.incrementAndGet();
        wake.release();
    }

    /**
     * Anything may have changed (the store's change feed missed some while it reconnected): the
     * next refresh reads every target, incidents and maintenance again. Never blocks.
     */
    public void everythingChanged() {
        dirty.addAll(layout.targetIndex().keySet());
        changed();
    }

    /**
     * Blocks until the pages show every change announced (by {@link #runStored} or
     * {@link #changed}) before this call: what lets an admin answer mean "the public page shows
     * it". Call it off the event loop. Without a running refresher it refreshes on the calling
     * thread. Throws {@link IllegalStateException} when the refresh that would show the change
     * failed (the cause attached), when the page closes, or after {@link #AWAIT}.
     */
    public void awaitRefreshed() {
        long want = requested.get();
        Thread t = refresher;
        if (t == null || closed) {
            refreshing.lock();
            try {
                if (covered() < want) {
                    refreshLocked(false);
                }
            } finally {
                refreshing.unlock();
            }
            return;
        }
        urgent = true;
        wake.release();
        long deadline = System.nanoTime() + AWAIT.toNanos();
        synchronized (progress) {
            while (covered < want) {
                if (failedFor >= want) {
                    throw new IllegalStateException("the status page could not be refreshed: " + failure, failure);
                }
                long left = deadline - System.nanoTime();
                if (closed || left <= 0) {
                    throw new IllegalStateException(closed ? "the status page is closed"
                            : "the status page did not refresh within " + AWAIT.toSeconds() + " s");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the status page", e);
                }
            }
        }
    }

    /**
     * Reads every target and the incidents and maintenance from the stores and renders what
     * changed, on the calling thread: for start-up, tests and export-static. Blocking; thread-safe
     * (it waits for a refresh under way). When a store fails, the exception propagates and the
     * previous pages stay served. With {@code status-page.auto-incidents}, opens and resolves
     * automatic incidents first.
     */
    public void refresh() {
        refreshing.lock();
        try {
            refreshLocked(true);
        } finally {
            refreshing.unlock();
        }
    }

    /** Exports how long each refresh takes: what a run's wait to be shown is made of. */
    public void bindTo(MeterRegistry registry) {
        refreshTimer = Timer.builder("shipwatch.page.refresh")
                .description("Time one status page refresh took (reading what changed, rendering its pages)")
                .serviceLevelObjectives(REFRESH_BUCKETS).register(registry);
    }

    /** Starts the refresher thread: refreshes on {@link #runStored}, {@link #changed} and once a minute. */
    public synchronized void start() {
        if (refresher != null) {
            throw new IllegalStateException("the status page refresher is already started");
        }
        if (closed) {
            throw new IllegalStateException("the status page is closed");
        }
        Thread t = new Thread(this::refreshLoop, "status-page-refresher");
        t.setDaemon(true);
        refresher = t;
        t.start();
    }

    /**
     * Stops the refresher after the refresh under way, if any (never by interrupting it: it may be
     * inside JDBC, and H2 closes its file when a thread reading it is interrupted). The pages stay
     * served as they are.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = refresher;
        }
        wake.release();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(AWAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                log.warn("status page refresher still busy after {} s; left to finish on its own", AWAIT.toSeconds());
            }
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    // --- what the server and the admin API read ----------------------------------------------------

    /** The current complete set of pages; what the server serves and export-static writes. */
    Pages pages() {
        return pages;
    }

    /** The model the current pages were rendered from. */
    StatusModel model() {
        return model;
    }

    StatusPageConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    /** Refreshes completed (of any kind); for tests and benchmarks. */
    long refreshes() {
        return refreshes.get();
    }

    /** The paths the last refresh made anew (the others were served as they were); for tests. */
    Set<String> lastRendered() {
        return renderer.rendered();
    }

    /** A JSON answer of the admin API, in the Statuspage shape of the public endpoints. */
    byte[] incidentJson(Incident i) {
        return json.incident(model, i, live.createdAt);
    }

    byte[] maintenanceJson(Maintenance m) {
        return json.maintenance(model, m, live.createdAt);
    }

    StatusJson json() {
        return json;
    }

    /** Each component's and group's {@code created_at}. */
    Map<String, Instant> createdAt() {
        return live.createdAt;
    }

    // --- refreshing --------------------------------------------------------------------------------

    private long covered() {
        synchronized (progress) {
            return covered;
        }
    }

    private void refreshLoop() {
        long nextTick = System.nanoTime() + tick.toNanos();
        long lastStart = System.nanoTime() - PACE.toNanos();
        boolean backingOff = false;
        while (!closed) {
            long now = System.nanoTime();
            boolean tickDue = now - nextTick >= 0;
            // a request counted after a refresh began, whose target that refresh already read, leaves
            // nothing marked: it still needs a refresh that counts it, or its waiter would wait in vain
            boolean pending = !dirty.isEmpty() || contextDirty.get() || requested.get() > covered();
            long wait;
            if (tickDue) {
                wait = 0;
            } else if (pending && !backingOff) {
                wait = urgent ? 0 : lastStart + PACE.toNanos() - now;
            } else {
                wait = nextTick - now;
            }
            if (wait > 0) {
                try {
                    if (wake.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                        wake.drainPermits();
                        backingOff = false; // a new change: worth another try
                    }
                } catch (InterruptedException e) {
                    log.warn("status page refresher interrupted; it stops");
                    return;
                }
                continue;
            }
            wake.drainPermits();
            if (tickDue) {
                contextDirty.set(true);
                nextTick = now + tick.toNanos();
            }
            urgent = false;
            lastStart = now;
            refreshing.lock();
            try {
                refreshLocked(false);
                backingOff = false;
            } catch (RuntimeException e) {
                log.warn("status page not refreshed, still serving the previous one (trying again on the next change or "
                        + "minute): {}", e.toString());
                backingOff = true;
            } catch (Error e) {
                log.error("status page refresh failed", e);
                backingOff = true;
            } finally {
                refreshing.unlock();
            }
        }
    }

    /**
     * One refresh: {@code full} reads every target and the context; otherwise the targets marked
     * dirty and, when marked, the context. Reads happen before anything in memory changes, so a
     * failing store leaves the model and pages as they were (and the marks in place).
     */
    private void refreshLocked(boolean full) {
        long t0 = System.nanoTime();
        long covering = requested.get();
        boolean context = contextDirty.getAndSet(false) || full;
        List<String> names = new ArrayList<>(dirty);
        dirty.removeAll(names); // read after unmarking: a run stored meanwhile marks its target again
        Instant now = clock.instant();
        try {
            StatusModel.Context ctx = context ? StatusModel.Context.read(incidents, maintenance, now) : null;
            Map<Target, StatusModel.TargetData> read = new HashMap<>();
            if (full) {
                for (int i = 0; i < layout.size(); i++) {
                    for (int k = 0; k < live.targets(i).size(); k++) {
                        read(read, i, k, now);
                    }
                }
            } else {
                for (String name : names) {
                    int i = layout.targetIndex().get(name);
                    for (int k = 0; k < live.targets(i).size(); k++) {
                        if (live.targets(i).get(k).name().equals(name)) {
                            read(read, i, k, now);
                        }
                    }
                }
            }

            BitSet evaluated = new BitSet(layout.size());
            if (ctx != null) {
                live.context(ctx);
                evaluated.set(0, layout.size());
            }
            read.forEach((t, d) -> {
                int i = live.target(t, d);
                if (i >= 0) {
                    evaluated.set(i);
                }
            });
            for (int i = evaluated.nextSetBit(0); i >= 0; i = evaluated.nextSetBit(i + 1)) {
                live.evaluate(i, now);
            }
            if (config.autoIncidents() && autoIncidents(evaluated, now)) {
                live.context(StatusModel.Context.read(incidents, maintenance, now));
                context = true;
                evaluated.set(0, layout.size());
                for (int i = 0; i < layout.size(); i++) {
                    live.evaluate(i, now);
                }
            }
            StatusModel m = live.snapshot(now);
            Pages p = renderer.render(m, evaluated, context, pages);
            model = m;
            pages = p;
            refreshes.incrementAndGet();
            Timer timer = refreshTimer;
            if (timer != null) {
                timer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
            synchronized (progress) {
                covered = Math.max(covered, covering);
                progress.notifyAll();
            }
            log.debug("Status page refreshed: {} targets read, {} components evaluated, {} pages rendered in {} ms",
                    read.size(), evaluated.cardinality(), renderer.rendered().size(), (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException | Error e) {
            dirty.addAll(names);
            // what was read may be half applied: the next refresh evaluates everything again
            contextDirty.set(true);
            synchronized (progress) {
                failedFor = Math.max(failedFor, covering);
                failure = e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
                progress.notifyAll();
            }
            throw e;
        }
    }

    private void read(Map<Target, StatusModel.TargetData> into, int component, int k, Instant now) {
        Target t = live.targets(component).get(k);
        into.put(t, StatusModel.TargetData.read(runs, t, layout.holds().get(component).get(k), now));
    }

    /**
     * Opens an incident for each component (of those evaluated) whose runs say major outage
     * outside maintenance, and resolves the automatic incident of each that recovered. True when
     * it changed anything.
     */
    private boolean autoIncidents(BitSet evaluated, Instant now) {
        boolean changed = false;
        StatusModel.Context ctx = live.context();
        for (int i = evaluated.nextSetBit(0); i >= 0; i = evaluated.nextSetBit(i + 1)) {
            StatusModel.Component c = live.component(i);
            Incident open = ctx.unresolved().stream().filter(x -> c.id().equals(x.autoComponent())).findFirst().orElse(null);
            boolean inMaintenance = ctx.notEnded().stream().anyMatch(mt -> mt.covers(c.id(), now));
            if (open == null && c.derived() == ComponentStatus.MAJOR_OUTAGE && !inMaintenance) {
                ComponentState old = StatusModel.shownState(c.status());
                incidents.create(new IncidentDraft(c.name() + ": major outage", IncidentStatus.INVESTIGATING,
                        IncidentImpact.MAJOR, "Every recent check of " + c.name() + " failed. We are investigating.",
                        Map.of(c.id(), ComponentState.MAJOR_OUTAGE),
                        List.of(new AffectedComponent(c.id(), c.name(), old, ComponentState.MAJOR_OUTAGE)), c.id()), now);
                log.warn("component={} reached major outage: automatic incident opened", c.id());
                changed = true;
            } else if (open != null && (c.derived() == ComponentStatus.OPERATIONAL
                    || c.derived() == ComponentStatus.DEGRADED_PERFORMANCE)) {
                ComponentState now2 = ComponentState.valueOf(c.derived().name());
                incidents.update(open.id(), new IncidentUpdateDraft(IncidentStatus.RESOLVED,
                        c.name() + " has recovered: checks pass again.", Map.of(c.id(), now2),
                        List.of(new AffectedComponent(c.id(), c.name(), ComponentState.MAJOR_OUTAGE, now2))), now);
                log.info("component={} recovered: automatic incident {} resolved", c.id(), open.id());
                changed = true;
            }
        }
        return changed;
    }
}
