package dev.shipwatch.statuspage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The public status pages, pre-rendered into memory. {@link #refresh()} reads the store and
 * re-renders everything; the server only ever writes out the bytes of the latest complete set,
 * so request handling never touches the database and stays fast when things are down.
 *
 * <p>Until the first refresh every component shows "No data" (the store is not read in the
 * constructor, so constructing the page never blocks or fails).
 */
public final class StatusPage {
    private static final Logger log = LoggerFactory.getLogger(StatusPage.class);

    /** Paths of the pre-rendered resources; the server's route table serves exactly these. */
    static final String HOME = "/";
    static final String STATUS_JSON = "/api/v2/status.json";
    static final String COMPONENTS_JSON = "/api/v2/components.json";
    static final String SUMMARY_JSON = "/api/v2/summary.json";

    private final Site site;
    private final List<Target> targets;
    private final RunStore runs;
    private final Clock clock;
    private final Instant startedAt;
    private final Templates templates = new Templates();
    private final StatusJson json = new StatusJson(new ObjectMapper());
    /**
     * Statuspage's component {@code created_at}: the earliest run or start seen by this page,
     * only ever moving earlier, so the JSON stays stable as old runs fall out of the window read.
     * Guarded by {@code this}.
     */
    private final Map<String, Instant> createdAt = new HashMap<>();
    private volatile Pages pages;

    public StatusPage(Site site, List<Target> targets, RunStore runs, Clock clock) {
        this.site = Objects.requireNonNull(site, "site");
        this.targets = List.copyOf(targets);
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedAt = clock.instant();
        this.pages = render(noRunsYet(), null);
    }

    /**
     * Re-reads the latest run of every target from the store and re-renders every page into
     * memory. Called by the app after each stored run and once a minute (for "last checked N
     * min ago"); blocking, call it off the event loop. Thread-safe; readers always see a
     * complete set of pages. When the store fails, the exception propagates and the previous
     * pages stay served.
     */
    public void refresh() {
        // Serialised so that a slow refresh can never overwrite the pages of a newer one.
        synchronized (this) {
            long t0 = System.nanoTime();
            StatusModel model = StatusModel.read(site, targets, runs, clock.instant(), startedAt);
            pages = render(model, pages);
            log.debug("Status page rendered: {} components, overall {}, in {} ms", model.components().size(),
                    model.overall().wire(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** The current complete set of pages; what the server serves. */
    Pages pages() {
        return pages;
    }

    private StatusModel noRunsYet() {
        Map<String, List<StatusModel.TargetRuns>> byComponent = new LinkedHashMap<>();
        for (Target t : targets) {
            byComponent.computeIfAbsent(StatusModel.componentName(t), k -> new ArrayList<>())
                    .add(new StatusModel.TargetRuns(t, null, null, null));
        }
        return StatusModel.of(site, byComponent, startedAt, startedAt);
    }

    private synchronized Pages render(StatusModel model, Pages previous) {
        Instant at = model.renderedAt();
        for (StatusModel.Component c : model.components()) {
            Instant first = c.earliestRunAt() == null || c.earliestRunAt().isAfter(startedAt) ? startedAt : c.earliestRunAt();
            createdAt.merge(c.id(), first, (a, b) -> a.isBefore(b) ? a : b);
        }
        Map<String, Resource> byPath = new HashMap<>();
        byPath.put(HOME, Resource.html(200, templates.render("index",
                Map.of("page", HtmlView.of(model), "timeZone", site.timeZone().getId())), at));
        byPath.put(STATUS_JSON, Resource.json(json.status(model), at));
        byPath.put(COMPONENTS_JSON, Resource.json(json.components(model, createdAt), at));
        byPath.put(SUMMARY_JSON, Resource.json(json.summary(model, createdAt), at));
        Resource notFound = Resource.html(404, templates.render("not-found", Map.of("siteName", site.name())), at);
        if (previous != null) {
            byPath.replaceAll((path, r) -> r.since(previous.get(path)));
            notFound = notFound.since(previous.notFound());
        }
        return new Pages(byPath, notFound, at);
    }
}
