package dev.shipwatch.app;

import dev.shipwatch.alerting.Alerting;
import dev.shipwatch.alerting.MaintenanceCalendar;
import dev.shipwatch.config.AlertingConfig;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.ProbeRunner;
import dev.shipwatch.prober.platform.Platforms;
import dev.shipwatch.prober.platform.RunContext;
import dev.shipwatch.prober.platform.TargetPlatform;
import dev.shipwatch.prober.schedule.ProbeScheduler;
import dev.shipwatch.config.ReportAccess;
import dev.shipwatch.config.ReportConfig;
import dev.shipwatch.statuspage.AdminApi;
import dev.shipwatch.statuspage.ReportPages;
import dev.shipwatch.statuspage.report.Reports;
import dev.shipwatch.store.RunHistory;
import dev.shipwatch.statuspage.RunMetrics;
import dev.shipwatch.statuspage.StatusPage;
import dev.shipwatch.statuspage.StatusPageServer;
import dev.shipwatch.store.AlertStore;
import dev.shipwatch.store.Changes;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.Vendor;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running monitor, wired by hand: store, platforms, runner, scheduler and status page.
 * {@link #start()} first repairs what a crash left (orphan canaries, runs still marked
 * running), then serves the page and schedules the targets.
 *
 * <p>A run's path: a scheduler worker runs it; it is stored as it starts (durably, before the
 * canary is deployed) and when it ends, alerting hears of it, and the page is told — on that
 * worker, which never waits for the page (it re-renders on its own thread) and is never
 * interrupted (a stop reaches runs through {@link ProbeRunner#abortAll()}).
 */
final class Monitor implements AutoCloseable {
    /** Where runs keep their files (compiled canaries, logs, pid files). */
    static final Path DEFAULT_WORK_ROOT = Path.of("data", "runs");
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);
    /** The Quartz scheduler's name: every node of a cluster has it, or, with locations, every node of the default location. */
    static final String SCHEDULER = "shipwatch";

    private final ShipwatchConfig config;
    private final AlertingConfig alertingConfig;
    private final StatusPageConfig pageConfig;
    private final RunMetrics metrics;
    private final Platforms platforms;
    private final Path workRoot;
    private final String node;
    private final Clock clock;

    private Database db;
    private RunWriter writer;
    private Cluster cluster;
    private final Map<String, TargetPlatform> targetPlatforms = new LinkedHashMap<>();
    private ProbeRunner runner;
    private StatusPage page;
    private Vertx vertx;
    private StatusPageServer server;
    private ProbeScheduler scheduler;
    private Alerting alerting;
    private Regressions regressions;
    private boolean closed;
    private ReportConfig reportConfig = ReportConfig.DEFAULT;

    /** A monitor that pages no one, with the components its targets name. */
    Monitor(ShipwatchConfig config, Platforms platforms, Path workRoot, String node, Clock clock) {
        this(config, StatusPageConfig.derive(config.targets()), AlertingConfig.NONE, platforms, workRoot, node, clock);
    }

    /**
     * @param pageConfig     the status page's components, groups and options ({@code ConfigLoader.loadAll})
     * @param alertingConfig who to page and when ({@link AlertingConfig#NONE}: no one)
     */
    Monitor(ShipwatchConfig config, StatusPageConfig pageConfig, AlertingConfig alertingConfig, Platforms platforms,
            Path workRoot, String node, Clock clock) {
        this.config = config;
        this.pageConfig = pageConfig;
        this.alertingConfig = alertingConfig;
        // Every target's series exist from the start, before its first run (/metrics).
        this.metrics = new RunMetrics(config.targets());
        this.platforms = platforms;
        this.workRoot = workRoot.toAbsolutePath();
        this.node = node;
        this.clock = clock;
    }

    /** The SLA reports' settings ({@code ConfigLoader.loadReports}); call before {@link #start()}. */
    Monitor reports(ReportConfig reports) {
        this.reportConfig = reports;
        return this;
    }

    synchronized void start() throws Exception {
        db = Database.open(config.storage());
        writer = new RunWriter(db.runs(), clock);
        writer.bindTo(metrics.registry());
        for (Target t : config.targets()) {
            targetPlatforms.put(t.name(), platforms.factory(t.platform().type()).create(t, workRoot));
        }
        // This node's name first: its crash recovery aborts the runs recorded under it.
        cluster = new Cluster(db.cluster(), db.vendor() == Vendor.POSTGRESQL, db.runs(), node, Nodes.host(), config.node().location(), clock,
                this::tearDownLeftOf, this::nameLost);
        cluster.join();
        cluster.bindTo(metrics.registry());
        recoverFromCrash();
        // Up-now and last-run gauges from the stored runs, so a restart does not blank them.
        for (Target t : config.targets()) {
            metrics.seed(t.name(), t.platform().type(), db.runs().recent(t.name(), 10));
        }
        // Reconciles open alerts with the stored runs and starts the outbox sender; with no
        // routing key it says once that paging is off. A component in maintenance never pages.
        MaintenanceCalendar maintenance = MaintenanceCalendar.of(db.maintenance(), pageConfig::componentId, clock);
        alerting = Alerting.create(alertingConfig, config, pageConfig, db.runs(), AlertStore.of(db), maintenance, clock);
        alerting.meterBinder().bindTo(metrics.registry());
        alerting.start();
        regressions = new Regressions(db.runs());
        regressions.bindTo(metrics);
        runner = new ProbeRunner(workRoot, node, config.node().location(), clock);
        // the navigation links the SLA reports only where anyone may read them
        page = new StatusPage(config.site(), pageConfig, config.targets(), db.runs(), db.incidents(), db.maintenance(), clock,
                reportConfig.access() == ReportAccess.PUBLIC);
        page.bindTo(metrics.registry());
        try {
            page.refresh();
        } catch (RuntimeException e) {
            log.warn("status page not rendered at start-up, showing no data until the next refresh: {}", e.toString());
        }
        page.start();
        // Runs stored and incidents or maintenance changed, by this node or another: the page re-renders what they touch.
        db.changes().listen(change -> {
            String target = Changes.targetOf(change);
            if (target != null) {
                page.runStored(target);
            } else if (change.equals(Changes.EVERYTHING)) {
                page.everythingChanged();
            } else {
                page.changed();
            }
        });
        vertx = Vertx.vertx();
        server = new StatusPageServer(vertx, config.server(), page, this::health,
                new AdminApi(page, db.incidents(), db.maintenance(), this::probeNow), metrics)
                .withReports(new ReportPages(new Reports(config.site(), config.targets(), pageConfig, reportConfig, db.runs(),
                        new RunHistory(db.dataSource()), db.incidents(), db.maintenance(), clock), reportConfig.access(), config.site()));
        server.start();
        scheduler = new ProbeScheduler(new ProbeScheduler.Settings(schedulerName(), node, db.vendor().quartzDelegate(),
                db.vendor() == Vendor.POSTGRESQL, config.scheduling().maxConcurrentRuns(), config.scheduling().checkInInterval()),
                db.dataSource(), new ProbeScheduler.TargetRunner() {
                    @Override
                    public void run(String target, Instant scheduledAt) {
                        runTarget(target, scheduledAt);
                    }

                    @Override
                    public void abortAll() {
                        runner.abortAll();
                    }
                });
        // Each location's nodes write the jobs of the targets listed there, and only those.
        List<Target> here = config.targetsHere();
        if (here.isEmpty()) {
            log.warn("no target lists this node's location {} (locations: {}): this node runs no targets",
                    config.node().location(), String.join(", ", config.locations()));
        }
        scheduler.sync(here, config.scheduling().generation());
        scheduler.start();
    }

    /**
     * One Quartz scheduler per location in the shared tables (see {@link ProbeScheduler#nameFor}); a
     * config that names no location keeps every node on {@value #SCHEDULER}, whatever its location.
     */
    private String schedulerName() {
        return config.locations().isEmpty() ? SCHEDULER : ProbeScheduler.nameFor(SCHEDULER, config.node().location());
    }

    /** Removes canaries a crashed monitor left running and records its cut-off runs as aborted. */
    private void recoverFromCrash() {
        int swept = 0;
        for (TargetPlatform p : targetPlatforms.values()) {
            swept += p.sweepOrphans();
        }
        if (swept > 0) {
            log.warn("removed {} canary(ies) left behind by a monitor that stopped mid-run", swept);
        }
        for (ProbeRun aborted : db.runs().abortUnfinished(node, clock.instant())) {
            log.warn("run {} of target={} was cut off by a stop and is recorded as aborted", aborted.id(), aborted.target());
        }
    }

    /** One run of a target; called by the scheduler on its worker thread. */
    ProbeRun runTarget(String name, Instant scheduledAt) {
        Target target = config.target(name).orElse(null);
        if (target == null) {
            // A newer config on another node scheduled it (see ProbeScheduler.sync); this node's config has no such target.
            log.warn("target {} is scheduled by the cluster's newer config but not in this node's: run skipped", name);
            return null;
        }
        metrics.startLateness(Duration.between(scheduledAt, clock.instant()));
        Recorder recorder = new Recorder(writer, regressions::annotate, alerting::onRun);
        ProbeRun finished = runner.run(target, targetPlatforms.get(name), recorder, scheduledAt);
        ProbeRun run = recorder.recorded() != null ? recorder.recorded() : finished;
        metrics.record(run);
        return run;
    }

    /**
     * Removes what a dead node's run left, as far as this node reaches: the run's platform tears
     * down by run id (a shared container engine or PaaS; a child process only on this host).
     */
    private void tearDownLeftOf(ProbeRun run) {
        Target target = config.target(run.target()).orElse(null);
        TargetPlatform platform = targetPlatforms.get(run.target());
        if (target == null || platform == null) {
            return;
        }
        try {
            platform.teardown(new RunContext(run.id(), target, "", "", workRoot.resolve(run.id())), null, null);
        } catch (Exception e) {
            log.warn("could not remove what run {} of target={} left on {}: {}", run.id(), run.target(),
                    target.platform().type(), e.toString());
        }
    }

    /** Another process runs under this node's name: this one stops running targets (its page stays up). */
    private void nameLost() {
        if (scheduler != null) {
            scheduler.pause();
        }
    }

    /** The admin API's "probe now": queues a run of the target; false when there is no such target. */
    boolean probeNow(String name) {
        Target target = config.target(name).orElse(null);
        if (target == null) {
            return false;
        }
        if (!target.runsIn(config.node().location())) {
            // Only this location's scheduler is reachable from here: ask a node of one the target lists.
            throw new IllegalStateException("target " + name + " does not run in this node's location "
                    + config.node().location() + " (it runs in " + String.join(", ", target.locations()) + ")");
        }
        try {
            scheduler.triggerNow(name);
            return true;
        } catch (Exception e) {
            throw new IllegalStateException("cannot queue a run of target " + name + ": " + e.getMessage(), e);
        }
    }

    String pageUrl() {
        return "http://" + config.server().host() + ":" + server.port() + "/";
    }

    int port() {
        return server.port();
    }

    /** Paging: its outbox counts and {@link Alerting#meterBinder()} for {@code /metrics}. Null before {@link #start()}. */
    Alerting alerting() {
        return alerting;
    }

    private Map<String, Object> health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("node", node);
        boolean scheduling = scheduler != null && scheduler.isRunning();
        boolean storing = writer == null || !writer.failing();
        // Not scheduling (starting up or stopping) or not storing runs is unhealthy: /health answers 503.
        details.put("status", !scheduling ? "not_scheduling" : !storing ? "store_failing" : "ok");
        if (writer != null) {
            details.put("store", writer.health());
        }
        if (cluster != null) {
            details.put("cluster", cluster.health());
        }
        details.put("scheduler", scheduling ? "running" : "stopped");
        details.put("targets", config.targets().size());
        try {
            details.put("probing", scheduler == null ? List.of() : scheduler.running());
        } catch (Exception e) {
            details.put("probing", List.of());
        }
        if (alerting != null) {
            // paging on/off, outbox counts, rejected events (from memory: no database access here)
            details.put("alerting", alerting.health());
        }
        return details;
    }

    /**
     * Stops scheduling, makes the runs in progress end (torn down, recorded as aborted), then
     * closes the rest. No thread that may be inside the database is interrupted.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly("scheduler", scheduler);
        closeQuietly("cluster", cluster);
        // After the scheduler: runs that ended during the stop were handed to alerting already.
        closeQuietly("alerting", alerting);
        if (page != null) {
            page.close();
        }
        closeQuietly("status page", server);
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("closing the web server failed: {}", e.toString());
            }
        }
        closeQuietly("runner", runner);
        targetPlatforms.values().forEach(p -> closeQuietly("platform", p));
        closeQuietly("run writer", writer);
        closeQuietly("database", db);
        closeQuietly("metrics", metrics);
    }

    private static void closeQuietly(String what, AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing the {} failed: {}", what, e.toString());
        }
    }
}
