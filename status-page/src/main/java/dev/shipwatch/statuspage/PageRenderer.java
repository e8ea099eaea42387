package dev.shipwatch.statuspage;

import dev.shipwatch.config.Site;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.MaintenanceStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Renders the pages from a model, keeping each rendered piece with the view it was rendered from:
 * a piece is rendered again only when its view changed. Views are cheap records of display
 * strings; rendering (templates, gzip, hashes) is what costs.
 *
 * <ul>
 *   <li>Per component: its home page entry (a fragment), its page, its badge and its
 *       {@code components[]} element (a fragment), for the components the caller re-evaluated
 *       (the JSON element for every component: it may show the page's {@code updated_at}). The
 *       page and the badge are rendered when first requested ({@link LazyResource}), from the
 *       parts they were made from.</li>
 *   <li>The home page, {@code components.json} and {@code summary.json} are stitched from the
 *       fragments ({@link Stitched}) on every render.</li>
 *   <li>Pages of incidents and maintenance (incident pages, history, maintenance, the feed) when
 *       the context changed; the small JSON documents on every render.</li>
 * </ul>
 *
 * A first render and a render after one change take the same path and differ only in what is
 * already kept, so both give the same bytes for the same model. Not thread-safe: the page renders
 * under its refresh lock.
 */
final class PageRenderer {
    /** Where the home page's template leaves room for the components. */
    static final String COMPONENTS_MARK = "<!--components-->";
    /** Where a group's fragment leaves room for its members. */
    static final String MEMBERS_MARK = "<!--members-->";
    private static final Stitched.Part COMMA = Stitched.Part.of(",");

    private final Site site;
    private final Layout layout;
    private final Templates templates;
    private final StatusJson json;
    private final Map<String, Instant> createdAt;
    private final Map<String, Object> common;

    private final Kept[] kept;
    /** The components whose {@code components[]} element shows the page's {@code updated_at}. */
    private final BitSet showsPageUpdatedAt = new BitSet();
    private final KeptGroup[] keptGroups;
    /** Pages of incidents and maintenance, with the views they were rendered from, by path. */
    private Map<String, Memo> contextPages = Map.of();
    private Map<String, Views.IncidentView> incidentViews = Map.of();
    private List<Views.IncidentView> activeIncidents = List.of();
    private List<Views.MaintenanceView> notEnded = List.of();
    private final Stitched home = new Stitched();
    /** components.json and summary.json share their middle segments, so one instance serves both. */
    private final Stitched componentLists = new Stitched();
    private final Resource notFound;
    /** The favicons and robots.txt: made on the first render, the same bytes ever after. */
    private Map<String, Resource> siteFiles;
    private Set<String> rendered = Set.of();

    /** What was last rendered for one component, with what it was rendered from. */
    private static final class Kept {
        Views.EntryView entry;
        Stitched.Part entryPart;
        PageKey page;
        /** Rendered when first requested: most pages change again before anyone asks for them. */
        LazyResource pageResource;
        ComponentStatus badgeStatus;
        /** Rendered when first requested, like the page (a badge is embedded elsewhere, and seldom). */
        LazyResource badge;
        JsonKey json;
        Stitched.Part jsonPart;
    }

    private static final class KeptGroup {
        Views.GroupView view;
        Stitched.Part open;
        Stitched.Part close;
        JsonKey json;
        Stitched.Part jsonPart;
    }

    /**
     * Everything a component page shows (name, description and targets' names are config),
     * compactly: the bar as numbers, and the lists the model holds anyway.
     */
    private record PageKey(ComponentStatus status, Instant lastCheckedAt, Views.BarKey bar, String group,
                           List<StatusModel.LatencyDay> latency, List<StatusModel.TargetRuns> targets,
                           List<Incident> incidents) {}

    /** What varies in a {@code components[]} element (the rest is config); null status: left out (no data). */
    private record JsonKey(ComponentStatus status, Instant createdAt, Instant updatedAt) {}

    private record Memo(Object key, Resource resource) {}

    PageRenderer(Site site, Layout layout, Templates templates, StatusJson json, Map<String, Instant> createdAt,
                 boolean reportsLinked) {
        this.site = site;
        this.layout = layout;
        this.templates = templates;
        this.json = json;
        this.createdAt = createdAt;
        this.common = Map.of("siteName", site.name(), "timeZone", site.timeZone().getId(), "reportsLinked", reportsLinked);
        this.kept = new Kept[layout.size()];
        Arrays.setAll(kept, i -> new Kept());
        this.keptGroups = new KeptGroup[layout.groups().size()];
        Arrays.setAll(keptGroups, i -> new KeptGroup());
        this.notFound = html(404, "not-found", Map.of(), Instant.EPOCH);
    }

    /**
     * The paths the last {@link #render} made anew (others it served as they were); a component's
     * page and badge among them are rendered at their first request.
     */
    Set<String> rendered() {
        return rendered;
    }

    /**
     * @param evaluated the components re-evaluated since the last render (all on the first)
     * @param context   whether the incidents and maintenance were read again (or time moved on)
     *                  since the last render; always on the first
     * @param previous  the pages served now, for Last-Modified of bytes that did not change; null on
     *                  the first, which leaves out the component pages and badges
     */
    Pages render(StatusModel m, BitSet evaluated, boolean context, Pages previous) {
        Set<String> fresh = new HashSet<>();
        Instant at = m.renderedAt();
        Map<String, Resource> byPath = new HashMap<>(previous == null ? 64 : previous.shared().size() * 4 / 3 + 16);
        LazyResource[] componentPages = new LazyResource[kept.length];
        LazyResource[] badges = new LazyResource[kept.length];

        if (context || previous == null) {
            context(m, at, fresh); // first: component pages show incident views made here
        }
        // The first render, before any read, leaves the component pages and badges to the first
        // refresh: a page per component is most of the cost, and all would say "No data".
        boolean pages = previous != null;
        for (int i = evaluated.nextSetBit(0); i >= 0; i = evaluated.nextSetBit(i + 1)) {
            component(m, i, at, pages, fresh);
        }
        // an element changes when its component was evaluated, or shows the page's updated_at
        BitSet elements = (BitSet) evaluated.clone();
        elements.or(showsPageUpdatedAt);
        for (int i = elements.nextSetBit(0); i >= 0; i = elements.nextSetBit(i + 1)) {
            componentJson(m, i);
        }
        for (int i = 0; i < kept.length; i++) {
            componentPages[i] = kept[i].pageResource;
            badges[i] = kept[i].badge;
        }
        for (int g = 0; g < keptGroups.length; g++) {
            group(m, g);
        }
        contextPages.forEach((path, memo) -> byPath.put(path, memo.resource()));
        if (siteFiles == null) {
            siteFiles = SiteFiles.resources(at);
        }
        byPath.putAll(siteFiles);

        byPath.put(StatusPage.HOME, home(m, at, previous).since(previous == null ? null : previous.get(StatusPage.HOME)));
        fresh.add(StatusPage.HOME);
        jsonDocuments(m, at, byPath, previous, fresh);
        rendered = Set.copyOf(fresh);
        return new Pages(byPath, componentPages, badges, layout.indexById(), notFound, at);
    }

    // --- one component -------------------------------------------------------------------------

    private void component(StatusModel m, int i, Instant at, boolean pages, Set<String> fresh) {
        StatusModel.Component c = m.components().get(i);
        Kept k = kept[i];
        boolean grouped = c.groupId() != null && layout.groupIndex().containsKey(c.groupId());
        Views.BarKey bar = Views.barKey(m, c);
        Views.EntryView entry = Views.entry(m, c, bar, grouped);
        if (!entry.equals(k.entry)) {
            k.entry = entry;
            k.entryPart = Stitched.Part.of(templates.renderFragment("home", "entry", Map.of("c", entry)));
        }
        if (!pages) {
            return;
        }
        Integer g = c.groupId() == null ? null : layout.groupIndex().get(c.groupId());
        List<Incident> incidents = m.context().incidentsOf(c.id());
        incidents = incidents.subList(0, Math.min(10, incidents.size()));
        PageKey page = new PageKey(c.status(), c.lastCheckedAt(), bar, g == null ? null : layout.groups().get(g).name(),
                c.latency(), c.targets(), incidents);
        String path = Links.component(c.id());
        if (!page.equals(k.page)) {
            // from immutable parts only (not the model, which would keep every snapshot alive)
            List<Views.IncidentView> shown = incidents.stream().map(x -> incidentView(m, x)).toList();
            Supplier<Resource> render = () -> componentPage(c, bar, page.group(), shown, at);
            k.page = page;
            k.pageResource = k.pageResource == null ? LazyResource.of(render) : k.pageResource.then(render);
            fresh.add(path);
        }
        if (c.status() != k.badgeStatus) {
            k.badgeStatus = c.status();
            String name = c.name();
            ComponentStatus status = c.status();
            Supplier<Resource> badge = () -> Resource.svg(Badge.svg(name, status), at);
            k.badge = k.badge == null ? LazyResource.of(badge) : k.badge.then(badge);
            fresh.add(Links.badge(c.id()));
        }
    }

    /** A component's page; thread-safe (it renders when first requested, on the request's worker). */
    private Resource componentPage(StatusModel.Component c, Views.BarKey bar, String group,
                                   List<Views.IncidentView> incidents, Instant at) {
        ZoneId zone = site.timeZone();
        Map<String, Object> vars = new HashMap<>(common);
        vars.put("component", Views.component(zone, c, bar));
        vars.put("group", group);
        vars.put("chart", Chart.of(c.latency()));
        vars.put("targets", Views.targets(zone, c, StatusModel.TABLE_RUNS));
        vars.put("inside", InsideView.of(zone, c)); // from c.targets(): the key covers it
        vars.put("incidents", incidents);
        return Resource.compressedHtml(templates.render("component", vars), at);
    }

    /** A component's {@code components[]} element; one with a status but no run shows the page's {@code updated_at}. */
    private void componentJson(StatusModel m, int i) {
        StatusModel.Component c = m.components().get(i);
        Kept k = kept[i];
        showsPageUpdatedAt.set(i, c.status() != ComponentStatus.NO_DATA && c.lastCheckedAt() == null);
        JsonKey key = c.status() == ComponentStatus.NO_DATA ? new JsonKey(null, null, null)
                : new JsonKey(c.status(), createdAt.getOrDefault(c.id(), m.startedAt()),
                c.lastCheckedAt() == null ? m.updatedAt() : c.lastCheckedAt());
        if (!key.equals(k.json)) {
            k.json = key;
            k.jsonPart = key.status() == null ? null : Stitched.Part.of(json.componentElement(m, c, createdAt));
        }
    }

    private void group(StatusModel m, int g) {
        StatusModel.Group group = m.groups().get(g);
        KeptGroup k = keptGroups[g];
        Views.GroupView view = Views.group(group, layout.size());
        if (!view.equals(k.view)) {
            k.view = view;
            String html = new String(templates.renderFragment("home", "group", Map.of("g", view)), StandardCharsets.UTF_8);
            int mark = html.indexOf(MEMBERS_MARK);
            k.open = Stitched.Part.of(html.substring(0, mark));
            k.close = Stitched.Part.of(html.substring(mark + MEMBERS_MARK.length()));
        }
        JsonKey key = group.status() == ComponentStatus.NO_DATA ? new JsonKey(null, null, null)
                : new JsonKey(group.status(), createdAt.getOrDefault(group.id(), m.startedAt()),
                group.updatedAt() == null ? m.updatedAt() : group.updatedAt());
        if (!key.equals(k.json)) {
            k.json = key;
            k.jsonPart = key.status() == null ? null : Stitched.Part.of(json.groupElement(m, group, createdAt));
        }
    }

    // --- the stitched documents ----------------------------------------------------------------

    private Resource home(StatusModel m, Instant at, Pages previous) {
        Map<String, Object> vars = new HashMap<>(common);
        vars.put("renderedAt", Views.time(at, site.timeZone()));
        vars.put("banner", Views.banner(m.overall()));
        vars.put("incidents", activeIncidents);
        vars.put("maintenance", notEnded);
        String shell = new String(templates.render("index", vars), StandardCharsets.UTF_8);
        int mark = shell.indexOf(COMPONENTS_MARK);
        if (mark < 0 || shell.indexOf(COMPONENTS_MARK, mark + 1) >= 0) {
            throw new IllegalStateException("index.html must hold " + COMPONENTS_MARK + " exactly once");
        }
        Stitched.Part top = Stitched.Part.of(shell.substring(0, mark));
        Stitched.Part bottom = Stitched.Part.of(shell.substring(mark + COMPONENTS_MARK.length()));

        List<Stitched.Part> middle = new ArrayList<>();
        for (Layout.Section s : layout.sections()) {
            if (s.group() >= 0) {
                middle.add(keptGroups[s.group()].open);
            }
            for (int i : s.members()) {
                middle.add(kept[i].entryPart);
            }
            if (s.group() >= 0) {
                middle.add(keptGroups[s.group()].close);
            }
        }
        List<List<Stitched.Part>> segments = new ArrayList<>();
        segments.add(List.of(top));
        segments.addAll(Stitched.segments(middle));
        segments.add(List.of(bottom));
        // the stylesheet is in the top part only: every other part is an escaped fragment of ours
        return Resource.html(home.build(segments), Resource.htmlCsp(top.bytes), at);
    }

    /**
     * The elements of {@code components[]} in page order (each group before its first member),
     * in segments of {@value Stitched#SEGMENT} components by config position, so that a component
     * gaining or losing data changes one segment.
     */
    private List<List<Stitched.Part>> componentElements() {
        List<List<Stitched.Part>> segments = new ArrayList<>();
        List<Stitched.Part> segment = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i < kept.length; i++) {
            if (i > 0 && i % Stitched.SEGMENT == 0) {
                segments.add(List.copyOf(segment));
                segment.clear();
            }
            Integer g = layout.components().get(i).groupId() == null ? null
                    : layout.groupIndex().get(layout.components().get(i).groupId());
            if (g != null && layout.groupMembers().get(g).get(0) == i && keptGroups[g].jsonPart != null) {
                if (!first) {
                    segment.add(COMMA);
                }
                segment.add(keptGroups[g].jsonPart);
                first = false;
            }
            if (kept[i].jsonPart != null) {
                if (!first) {
                    segment.add(COMMA);
                }
                segment.add(kept[i].jsonPart);
                first = false;
            }
        }
        segments.add(List.copyOf(segment));
        return segments;
    }

    private void jsonDocuments(StatusModel m, Instant at, Map<String, Resource> byPath, Pages previous, Set<String> fresh) {
        Map<String, Resource> docs = new LinkedHashMap<>();
        docs.put(StatusPage.STATUS_JSON, Resource.json(json.status(m), at));
        List<List<Stitched.Part>> elements = componentElements();
        docs.put(StatusPage.COMPONENTS_JSON, Resource.json(componentLists.build(around(json.componentsEnvelope(m), elements)), at));
        docs.put(StatusPage.SUMMARY_JSON, Resource.json(componentLists.build(around(json.summaryEnvelope(m, createdAt), elements)), at));
        docs.put(StatusPage.INCIDENTS_JSON, Resource.json(json.incidents(m, m.recentIncidents(), createdAt), at));
        docs.put(StatusPage.UNRESOLVED_JSON, Resource.json(json.incidents(m, m.unresolved(), createdAt), at));
        docs.put(StatusPage.MAINTENANCES_JSON, Resource.json(json.maintenances(m, m.recentMaintenance(), createdAt), at));
        docs.put(StatusPage.UPCOMING_JSON, Resource.json(json.maintenances(m, m.notEnded().stream()
                .filter(mt -> mt.statusAt(at) == MaintenanceStatus.SCHEDULED).toList(), createdAt), at));
        docs.put(StatusPage.ACTIVE_JSON, Resource.json(json.maintenances(m, m.notEnded().stream()
                .filter(mt -> mt.statusAt(at).isActive()).toList(), createdAt), at));
        docs.forEach((path, r) -> {
            byPath.put(path, r.since(previous == null ? null : previous.get(path)));
            fresh.add(path);
        });
    }

    private static List<List<Stitched.Part>> around(byte[][] envelope, List<List<Stitched.Part>> middle) {
        List<List<Stitched.Part>> segments = new ArrayList<>(middle.size() + 2);
        segments.add(List.of(Stitched.Part.of(envelope[0])));
        segments.addAll(middle);
        segments.add(List.of(Stitched.Part.of(envelope[1])));
        return segments;
    }

    // --- incidents and maintenance -------------------------------------------------------------

    private Views.IncidentView incidentView(StatusModel m, Incident i) {
        Views.IncidentView v = incidentViews.get(i.id());
        return v != null ? v : Views.incident(m, i);
    }

    /** The pages that follow the incidents and maintenance (and the clock), each rendered again only when its view changed. */
    private void context(StatusModel m, Instant at, Set<String> fresh) {
        Map<String, Views.IncidentView> views = new HashMap<>();
        for (List<Incident> list : List.of(m.unresolved(), m.recentIncidents(), m.pastYear())) {
            for (Incident i : list) {
                views.computeIfAbsent(i.id(), id -> Views.incident(m, i));
            }
        }
        incidentViews = Map.copyOf(views);
        activeIncidents = m.unresolved().stream().map(i -> incidentViews.get(i.id())).toList();
        notEnded = m.notEnded().stream().map(mt -> Views.maintenance(m, mt)).toList();

        Map<String, Memo> pages = new LinkedHashMap<>();
        Map<String, Incident> allIncidents = new LinkedHashMap<>();
        for (List<Incident> list : List.of(m.unresolved(), m.recentIncidents(), m.pastYear())) {
            list.forEach(i -> allIncidents.putIfAbsent(i.id(), i));
        }
        for (Incident i : allIncidents.values()) {
            page(pages, Links.incident(i.id()), "incident", Map.of("incident", incidentViews.get(i.id())), at, fresh);
        }
        Map<String, Maintenance> allMaintenance = new LinkedHashMap<>();
        for (List<Maintenance> list : List.of(m.notEnded(), m.recentMaintenance())) {
            list.forEach(mt -> allMaintenance.putIfAbsent(mt.id(), mt));
        }
        for (Maintenance mt : allMaintenance.values()) {
            page(pages, Links.incident(mt.id()), "maintenance-detail", Map.of("m", Views.maintenance(m, mt)), at, fresh);
        }
        List<Views.MaintenanceView> past = m.recentMaintenance().stream()
                .filter(mt -> mt.statusAt(at) == MaintenanceStatus.COMPLETED).map(mt -> Views.maintenance(m, mt)).toList();
        page(pages, StatusPage.MAINTENANCE, "maintenance", Map.of("upcoming", notEnded, "past", past), at, fresh);
        history(m, pages, at, fresh);
        Feed feed = Feed.of(m);
        Memo old = contextPages.get(StatusPage.FEED);
        if (old != null && old.key().equals(feed)) {
            pages.put(StatusPage.FEED, old);
        } else {
            pages.put(StatusPage.FEED, new Memo(feed, Resource.atom(templates.renderXml("feed", Map.of("feed", feed)), at)
                    .since(old == null ? null : old.resource())));
            fresh.add(StatusPage.FEED);
        }
        contextPages = pages;
    }

    /** {@code /history} (this month, in the page's zone) and one page per earlier month. */
    private void history(StatusModel m, Map<String, Memo> pages, Instant at, Set<String> fresh) {
        ZoneId zone = site.timeZone();
        YearMonth current = YearMonth.from(at.atZone(zone));
        for (int k = 0; k < StatusPage.HISTORY_MONTHS; k++) {
            YearMonth month = current.minusMonths(k);
            Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
            Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
            List<Views.IncidentView> inMonth = m.pastYear().stream()
                    .filter(i -> !i.createdAt().isBefore(from) && i.createdAt().isBefore(to))
                    .map(i -> incidentViews.get(i.id())).toList();
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
            vars.put("older", k == StatusPage.HISTORY_MONTHS - 1 ? null : Links.history(month.minusMonths(1), current));
            page(pages, Links.history(month, current), "history", vars, at, fresh);
        }
    }

    /** The page at {@code path}: kept when its variables equal those it was rendered from. */
    private void page(Map<String, Memo> pages, String path, String template, Map<String, Object> vars, Instant at,
                      Set<String> fresh) {
        Memo old = contextPages.get(path);
        if (old != null && old.key().equals(vars)) {
            pages.put(path, old);
            return;
        }
        pages.put(path, new Memo(vars, html(200, template, vars, at).since(old == null ? null : old.resource())));
        fresh.add(path);
    }

    private Resource html(int status, String template, Map<String, Object> vars, Instant at) {
        Map<String, Object> all = new HashMap<>(common);
        all.putAll(vars);
        return Resource.html(status, templates.render(template, all), at);
    }
}
