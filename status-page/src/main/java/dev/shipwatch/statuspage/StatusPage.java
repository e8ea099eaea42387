package dev.shipwatch.statuspage;

import dev.shipwatch.config.Site;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.ComponentState;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentDraft;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStatus;
import dev.shipwatch.store.IncidentStore;
import dev.shipwatch.store.IncidentUpdateDraft;
import dev.shipwatch.store.AffectedComponent;
import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.MaintenanceStatus;
import dev.shipwatch.store.MaintenanceStore;
import dev.shipwatch.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The public status pages, pre-rendered into memory. {@link #refresh()} reads the stores and
 * re-renders everything; the server only ever writes out the bytes of the latest complete set,
 * so request handling never touches the database and stays fast when things are down.
 *
 * <p>Until the first refresh every component shows "No data" (the stores are not read in the
 * constructor, so constructing the page never blocks or fails).
 */
public final class StatusPage {
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

    private final Site site;
    private final StatusPageConfig config;
    private final List<Target> targets;
    private final RunStore runs;
    private final IncidentStore incidents;
    private final MaintenanceStore maintenance;
    private final Clock clock;
    private final Instant startedAt;
    private final Templates templates = new Templates();
    private final StatusJson json = new StatusJson();
    /**
     * Each component's (and group's) {@code created_at}: the earliest run start seen, or when
     * this page started, only ever moving earlier, so the JSON stays stable as old runs fall out
     * of the window read. Guarded by {@code this}.
     */
    private final Map<String, Instant> createdAt = new HashMap<>();
    private volatile Pages pages;
    private volatile StatusModel model;
    /**
     * Refreshes are coalesced: runs of many targets finishing together each ask for one, but a
     * refresh that starts after a request covers it. {@code requested} counts requests;
     * {@code startedFor} (guarded by {@code this}) is the count the running or last refresh covers.
     */
    private final AtomicLong requested = new AtomicLong();
    private long startedFor;

    /**
     * @param config     components and groups (ids, names, order) and options such as auto-incidents
     * @param targets    the targets feeding them
     */
    public StatusPage(Site site, StatusPageConfig config, List<Target> targets, RunStore runs, IncidentStore incidents,
                      MaintenanceStore maintenance, Clock clock) {
        this.site = Objects.requireNonNull(site, "site");
        this.config = Objects.requireNonNull(config, "config");
        this.targets = List.copyOf(targets);
        this.runs = Objects.requireNonNull(runs, "runs");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedAt = clock.instant();
        this.model = noDataYet();
        this.pages = render(model, null);
    }

    /**
     * Re-reads the stores and re-renders every page into memory. Called by the app after each
     * stored run, after each admin change and once a minute ("last checked N min ago",
     * maintenance starting and ending). Blocking: call it off the event loop. Thread-safe;
     * readers always see a complete set of pages; calls that arrive while a refresh runs are
     * served by one more refresh, not one each. When a store fails, the exception propagates
     * and the previous pages stay served. With {@code status-page.auto-incidents}, opens and
     * resolves automatic incidents first.
     */
    public void refresh() {
        long mine = requested.incrementAndGet();
        // Serialised so that a slow refresh can never overwrite the pages of a newer one.
        synchronized (this) {
            if (startedFor >= mine) {
                return; // a refresh that began reading after this call was made has already run: it saw this change
            }
            startedFor = requested.get();
            long t0 = System.nanoTime();
            StatusModel m = read();
            if (config.autoIncidents() && autoIncidents(m)) {
                m = read();
            }
            model = m;
            pages = render(m, pages);
            log.debug("Status page rendered: {} components, {} in {} ms", m.components().size(),
                    m.overall().description(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    // --- refreshing on the page's own thread ------------------------------------------

    /** How often the page is refreshed with nothing else changing: time moves ("N min ago", maintenance starting). */
    static final long TICK_MS = 60_000;
    private final Object wake = new Object();
    private boolean dirty; // guarded by wake
    private boolean closing; // guarded by wake
    private Thread refresher;

    /** A run of {@code target} was stored: the page refreshes soon, on its own thread. Never blocks, never throws. */
    public void runStored(String target) {
        changed();
    }

    /** Something the page shows changed (incidents, maintenance): the page refreshes soon. Never blocks, never throws. */
    public void changed() {
        synchronized (wake) {
            dirty = true;
            wake.notifyAll();
        }
    }

    /**
     * Starts the page's refresher: one thread that refreshes when told of a change (requests
     * that arrive during a refresh are served by one more) and once a minute. Runs never wait
     * for it; it is never interrupted (it reads the database).
     */
    public synchronized void start() {
        if (refresher != null) {
            return;
        }
        refresher = new Thread(this::refreshLoop, "status-page-refresh");
        refresher.setDaemon(true);
        refresher.start();
    }

    private void refreshLoop() {
        while (true) {
            synchronized (wake) {
                long until = System.currentTimeMillis() + TICK_MS;
                while (!dirty && !closing) {
                    long left = until - System.currentTimeMillis();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        wake.wait(left);
                    } catch (InterruptedException e) {
                        // never interrupted by the monitor; close() sets closing
                    }
                }
                if (closing) {
                    return;
                }
                dirty = false;
            }
            try {
                refresh();
            } catch (RuntimeException e) {
                log.warn("status page not refreshed, still serving the previous one: {}", e.toString());
            }
        }
    }

    /** Stops the refresher after the refresh in progress. */
    public void close() {
        Thread t;
        synchronized (this) {
            t = refresher;
        }
        synchronized (wake) {
            closing = true;
            wake.notifyAll();
        }
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

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

    /** A JSON answer of the admin API, in the Statuspage shape of the public endpoints. */
    synchronized byte[] incidentJson(Incident i) {
        return json.incident(model, i, createdAt);
    }

    synchronized byte[] maintenanceJson(Maintenance m) {
        return json.maintenance(model, m, createdAt);
    }

    StatusJson json() {
        return json;
    }

    private StatusModel read() {
        return StatusModel.read(site, config, targets, runs, incidents, maintenance, clock.instant(), startedAt);
    }

    private StatusModel noDataYet() {
        List<StatusModel.Component> components = new ArrayList<>();
        for (var spec : config.components()) {
            List<StatusModel.TargetRuns> members = config.targetsByComponent(targets).getOrDefault(spec.id(), List.of())
                    .stream().map(t -> StatusModel.TargetRuns.of(t, List.of())).toList();
            Instant barStart = java.time.LocalDate.ofInstant(startedAt, java.time.ZoneOffset.UTC)
                    .minusDays(StatusModel.BAR_DAYS - 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            components.add(new StatusModel.Component(spec.id(), spec.name(), spec.description(), spec.groupId(),
                    components.size() + 1, ComponentStatus.NO_DATA, ComponentStatus.NO_DATA, null, null, members,
                    Uptime.compute(List.of(), members.size(), List.of(), barStart, startedAt),
                    StatusModel.latency(List.of(), java.time.LocalDate.ofInstant(startedAt, java.time.ZoneOffset.UTC))));
        }
        return StatusModel.assemble(site, config, startedAt, startedAt, components, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of());
    }

    /**
     * Opens an incident for each component whose runs say major outage (outside maintenance)
     * and resolves the automatic incident of each that recovered. True when it changed anything.
     */
    private boolean autoIncidents(StatusModel m) {
        boolean changed = false;
        Instant now = clock.instant();
        for (StatusModel.Component c : m.components()) {
            Incident open = m.unresolved().stream().filter(i -> c.id().equals(i.autoComponent())).findFirst().orElse(null);
            boolean inMaintenance = m.notEnded().stream().anyMatch(mt -> mt.covers(c.id(), now));
            if (open == null && c.derived() == ComponentStatus.MAJOR_OUTAGE && !inMaintenance) {
                ComponentState old = m.shownState(c.id());
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

    private synchronized Pages render(StatusModel m, Pages previous) {
        Instant at = m.renderedAt();
        for (StatusModel.Component c : m.components()) {
            Instant first = c.earliestRunAt() == null || c.earliestRunAt().isAfter(startedAt) ? startedAt : c.earliestRunAt();
            createdAt.merge(c.id(), first, (a, b) -> a.isBefore(b) ? a : b);
            if (c.groupId() != null) {
                createdAt.merge(c.groupId(), first, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Map<String, Resource> byPath = new LinkedHashMap<>();
        Map<String, Object> common = new HashMap<>();
        common.put("siteName", site.name());
        common.put("timeZone", site.timeZone().getId());
        common.put("renderedAt", Views.time(at, site.timeZone()));

        // JSON
        byPath.put(STATUS_JSON, Resource.json(json.status(m), at));
        byPath.put(COMPONENTS_JSON, Resource.json(json.components(m, createdAt), at));
        byPath.put(SUMMARY_JSON, Resource.json(json.summary(m, createdAt), at));
        byPath.put(INCIDENTS_JSON, Resource.json(json.incidents(m, m.recentIncidents(), createdAt), at));
        byPath.put(UNRESOLVED_JSON, Resource.json(json.incidents(m, m.unresolved(), createdAt), at));
        byPath.put(MAINTENANCES_JSON, Resource.json(json.maintenances(m, m.recentMaintenance(), createdAt), at));
        byPath.put(UPCOMING_JSON, Resource.json(json.maintenances(m, m.notEnded().stream()
                .filter(mt -> mt.statusAt(at) == MaintenanceStatus.SCHEDULED).toList(), createdAt), at));
        byPath.put(ACTIVE_JSON, Resource.json(json.maintenances(m, m.notEnded().stream()
                .filter(mt -> mt.statusAt(at).isActive()).toList(), createdAt), at));

        // HTML
        List<Views.IncidentView> active = m.unresolved().stream().map(i -> Views.incident(m, i)).toList();
        List<Views.MaintenanceView> upcoming = m.notEnded().stream().map(mt -> Views.maintenance(m, mt)).toList();
        byPath.put(HOME, html("index", common, Map.of("banner", Views.banner(m.overall()), "sections", Views.sections(m),
                "incidents", active, "maintenance", upcoming), at));
        for (StatusModel.Component c : m.components()) {
            Map<String, Object> vars = new HashMap<>();
            vars.put("component", Views.component(m, c));
            vars.put("group", c.groupId() == null ? null : m.groups().stream().filter(g -> g.id().equals(c.groupId()))
                    .map(StatusModel.Group::name).findFirst().orElse(null));
            vars.put("chart", Chart.of(c.latency()));
            vars.put("targets", Views.targets(m, c, 10));
            vars.put("inside", InsideView.of(m, c));
            vars.put("incidents", m.pastYear().stream().filter(i -> i.components().containsKey(c.id())).limit(10)
                    .map(i -> Views.incident(m, i)).toList());
            byPath.put(Links.component(c.id()), html("component", common, vars, at));
            byPath.put(Links.badge(c.id()), Resource.svg(Badge.svg(c.name(), c.status()), at));
        }
        Map<String, Incident> allIncidents = new LinkedHashMap<>();
        for (Incident i : concat(m.unresolved(), m.recentIncidents(), m.pastYear())) {
            allIncidents.putIfAbsent(i.id(), i);
        }
        for (Incident i : allIncidents.values()) {
            byPath.put(Links.incident(i.id()), html("incident", common, Map.of("incident", Views.incident(m, i)), at));
        }
        Map<String, Maintenance> allMaintenance = new LinkedHashMap<>();
        for (Maintenance mt : concat(m.notEnded(), m.recentMaintenance())) {
            allMaintenance.putIfAbsent(mt.id(), mt);
        }
        for (Maintenance mt : allMaintenance.values()) {
            byPath.put(Links.incident(mt.id()), html("maintenance-detail", common, Map.of("m", Views.maintenance(m, mt)), at));
        }
        List<Views.MaintenanceView> past = m.recentMaintenance().stream()
                .filter(mt -> mt.statusAt(at) == MaintenanceStatus.COMPLETED).map(mt -> Views.maintenance(m, mt)).toList();
        byPath.put(MAINTENANCE, html("maintenance", common, Map.of("upcoming", upcoming, "past", past), at));
        history(m, common, byPath, at);
        byPath.put(FEED, Resource.atom(templates.renderXml("feed", Map.of("feed", Feed.of(m))), at));

        Resource notFound = html(404, "not-found", common, Map.of(), at);
        if (previous != null) {
            byPath.replaceAll((path, r) -> r.since(previous.get(path)));
            notFound = notFound.since(previous.notFound());
        }
        return new Pages(byPath, notFound, at);
    }

    /** {@code /history} (this month, in the page's zone) and one page per earlier month. */
    private void history(StatusModel m, Map<String, Object> common, Map<String, Resource> byPath, Instant at) {
        ZoneId zone = site.timeZone();
        YearMonth current = YearMonth.from(at.atZone(zone));
        for (int k = 0; k < HISTORY_MONTHS; k++) {
            YearMonth month = current.minusMonths(k);
            Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
            Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
            List<Views.IncidentView> inMonth = m.pastYear().stream()
                    .filter(i -> !i.createdAt().isBefore(from) && i.createdAt().isBefore(to))
                    .map(i -> Views.incident(m, i)).toList();
            List<Views.MaintenanceView> maintenanceInMonth = m.recentMaintenance().stream()
                    .filter(mt -> !mt.scheduledFor().isBefore(from) && mt.scheduledFor().isBefore(to))
                    .sorted(Comparator.comparing(Maintenance::scheduledFor).reversed())
                    .map(mt -> Views.maintenance(m, mt)).toList();
            Map<String, Object> vars = new HashMap<>();
            vars.put("month", month.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
                    + " " + month.getYear());
            vars.put("incidents", inMonth);
            vars.put("maintenance", maintenanceInMonth);
            vars.put("newer", k == 0 ? null : Links.history(month.plusMonths(1), current));
            vars.put("older", k == HISTORY_MONTHS - 1 ? null : Links.history(month.minusMonths(1), current));
            byPath.put(Links.history(month, current), html("history", common, vars, at));
        }
    }

    private Resource html(String template, Map<String, Object> common, Map<String, Object> vars, Instant at) {
        return html(200, template, common, vars, at);
    }

    private Resource html(int status, String template, Map<String, Object> common, Map<String, Object> vars, Instant at) {
        Map<String, Object> all = new HashMap<>(common);
        all.putAll(vars);
        return Resource.html(status, templates.render(template, all), at);
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> out = new ArrayList<>();
        for (List<T> l : lists) {
            out.addAll(l);
        }
        return out;
    }
}
