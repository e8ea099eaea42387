package dev.shipwatch.statuspage;

import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.GroupSpec;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.ComponentState;
import dev.shipwatch.store.DailyRollup;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStore;
import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.MaintenanceStore;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.QuorumVerdict;
import dev.shipwatch.store.RunStore;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * Everything the public pages show at one moment. Views (HTML, JSON, Atom, badges) are rendered
 * from this and never read a store themselves.
 *
 * <p>It is assembled from parts that are read and evaluated apart, so that a refresh re-reads
 * only what changed: each target's {@link TargetData} (its recent runs and the bar's rollups),
 * the {@link Context} (incidents and maintenance, bounded queries), and each {@link Component}
 * evaluated from its targets' data and the context at a time. {@link #read} does all of it in
 * one pass.
 *
 * @param renderedAt  when this model was assembled (the time the components were evaluated at,
 *                    except components not re-evaluated since an earlier refresh)
 * @param updatedAt   when anything shown last changed (a run finished, an incident or
 *                    maintenance changed or started or ended); the page's start when nothing has
 * @param components  in config order
 * @param context     incidents and maintenance
 * @param index       component index by id
 */
record StatusModel(Site site, StatusPageConfig config, Instant renderedAt, Instant updatedAt, Instant startedAt,
                   Overall overall, List<Component> components, List<Group> groups, Context context,
                   Map<String, Integer> index) {

    /** Runs read per target: the latest that counts for status (skipping aborted/skipped), and the "last runs" table. */
    static final int RECENT_RUNS = 20;
    /** Runs shown per target on the component page (and kept in memory). */
    static final int TABLE_RUNS = 10;
    static final int BAR_DAYS = 90;
    static final int CHART_DAYS = 30;
    static final int LIST_LIMIT = 50;
    static final Duration HISTORY = Duration.ofDays(366);

    /** Open incidents, newest first. */
    List<Incident> unresolved() {
        return context.unresolved();
    }

    /** The {@value #LIST_LIMIT} newest incidents, resolved included. */
    List<Incident> recentIncidents() {
        return context.recentIncidents();
    }

    /** Incidents created in the last year (history pages, bars), newest first. */
    List<Incident> pastYear() {
        return context.pastYear();
    }

    /** Upcoming and active maintenance, soonest first. */
    List<Maintenance> notEnded() {
        return context.notEnded();
    }

    /** The {@value #LIST_LIMIT} latest-starting maintenance windows. */
    List<Maintenance> recentMaintenance() {
        return context.recentMaintenance();
    }

    /**
     * @param worst       the worst component status among components with data ({@code NO_DATA} when none has)
     * @param indicator   Statuspage's page indicator: the worst of the components' and the open incidents' impacts
     * @param description the banner text
     */
    record Overall(ComponentStatus worst, ComponentStatus.Indicator indicator, String description) {}

    /**
     * One status page component and the targets feeding it.
     *
     * @param derived       the status its runs give
     * @param status        what the page shows: an open incident's status for it, else under
     *                      maintenance during a window, else {@code derived}
     * @param position      1-based, in config order
     * @param lastCheckedAt when the newest run of any of its targets finished, or null
     * @param earliestRunAt when the oldest run read for it started, or null
     * @param uptime        the uptime bar's days, oldest first
     * @param latency       daily averages of the last {@value #CHART_DAYS} days, oldest first
     * @param quorums       the verdict of each of its targets that runs in several locations, by target name
     */
    record Component(String id, String name, String description, String groupId, int position,
                     ComponentStatus derived, ComponentStatus status, Instant lastCheckedAt, Instant earliestRunAt,
                     List<TargetRuns> targets, Uptime.Result uptime, List<LatencyDay> latency,
                     Map<String, QuorumVerdict> quorums) {
        Component {
            quorums = Map.copyOf(quorums);
        }
    }

    /** A group; its status is the worst of its members' (no data only when all have none). */
    record Group(String id, String name, String description, int position, ComponentStatus status,
                 List<String> members, Instant updatedAt) {}

    /**
     * @param recent    the newest finished runs, newest first, at most {@value #TABLE_RUNS}
     * @param lastRun   the newest finished run of any outcome, or null when there is none
     * @param statusRun the newest run that decides status (not aborted, not skipped), or null
     * @param located   for a target in several locations: the newest run that decides status of
     *                  each location that has one, newest first (what its quorum verdict reads); else empty
     */
    record TargetRuns(Target target, List<ProbeRun> recent, ProbeRun lastRun, ProbeRun statusRun, Instant earliestRunAt,
                      List<ProbeRun> located) {
        /** From the runs read (newest first); keeps the {@value #TABLE_RUNS} the page shows, not all. */
        static TargetRuns of(Target target, List<ProbeRun> read) {
            List<ProbeRun> located = new ArrayList<>();
            if (target.multiLocation()) {
                for (String location : target.locations()) {
                    read.stream().filter(r -> location.equals(r.location()) && countsForStatus(r)).findFirst()
                            .ifPresent(located::add);
                }
                located.sort(Comparator.comparing(ProbeRun::startedAt).reversed());
            }
            return new TargetRuns(target, List.copyOf(read.subList(0, Math.min(TABLE_RUNS, read.size()))),
                    read.isEmpty() ? null : read.get(0),
                    read.stream().filter(StatusModel::countsForStatus).findFirst().orElse(null),
                    read.isEmpty() ? null : read.get(read.size() - 1).startedAt(), List.copyOf(located));
        }

        /**
         * The quorum verdict at {@code now}: a location whose newest run is older than {@code hold}
         * (twice the schedule's gap: no node there ran it lately) has no data.
         */
        QuorumVerdict quorum(Duration hold, Instant now) {
            return QuorumVerdict.of(target.locations(), target.quorum(), located, now.minus(hold));
        }
    }

    /**
     * What the store holds for one target, as the page needs it.
     *
     * @param rollups the rollups of the bar's days as read; days before a later bar's first day
     *                are ignored by the evaluation, so a read stays valid across midnight until
     *                the target's next run is stored
     */
    record TargetData(TargetRuns runs, RollupDays rollups) {
        static TargetData none(Target t) {
            return new TargetData(TargetRuns.of(t, List.of()), RollupDays.of(List.of()));
        }

        /** Two bounded index range reads: the newest runs and the bar's rollups. */
        static TargetData read(RunStore runs, Target t, Duration hold, Instant now) {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            return new TargetData(TargetRuns.of(t, recentRuns(runs, t, hold, now)),
                    RollupDays.of(runs.rollups(t.name(), today.minusDays(BAR_DAYS - 1), today)));
        }
    }

    /**
     * A target's daily rollups as the page keeps them: only the fields it uses, in arrays, a
     * third of the memory of the records (it holds 90 days of every target).
     *
     * @param first   the first day, or null when there is none
     * @param present per day from {@code first}: whether the store had a rollup for it
     * @param ms      per day: success, degraded, failed and skipped time
     * @param sums    per day: summed build, deploy, cold start and warm p95 milliseconds
     * @param counts  per day: the runs each sum is over
     */
    record RollupDays(LocalDate first, boolean[] present, long[] ms, double[] sums, int[] counts) {
        static RollupDays of(List<DailyRollup> rollups) {
            if (rollups.isEmpty()) {
                return new RollupDays(null, new boolean[0], new long[0], new double[0], new int[0]);
            }
            LocalDate first = rollups.get(0).day();
            LocalDate last = first;
            for (DailyRollup r : rollups) {
                first = r.day().isBefore(first) ? r.day() : first;
                last = r.day().isAfter(last) ? r.day() : last;
            }
            int n = (int) (last.toEpochDay() - first.toEpochDay()) + 1;
            boolean[] present = new boolean[n];
            long[] ms = new long[n * 4];
            double[] sums = new double[n * 4];
            int[] counts = new int[n * 4];
            for (DailyRollup r : rollups) {
                int d = (int) (r.day().toEpochDay() - first.toEpochDay());
                present[d] = true;
                ms[d * 4] = r.successMs();
                ms[d * 4 + 1] = r.degradedMs();
                ms[d * 4 + 2] = r.failedMs();
                ms[d * 4 + 3] = r.skippedMs();
                sums[d * 4] = r.sumBuildMs();
                sums[d * 4 + 1] = r.sumDeployMs();
                sums[d * 4 + 2] = r.sumColdStartMs();
                sums[d * 4 + 3] = r.sumWarmP95Ms();
                counts[d * 4] = r.buildCount();
                counts[d * 4 + 1] = r.deployCount();
                counts[d * 4 + 2] = r.coldStartCount();
                counts[d * 4 + 3] = r.warmCount();
            }
            return new RollupDays(first, present, ms, sums, counts);
        }

        /** The rollups again, oldest first, with the fields the page does not use at zero. */
        List<DailyRollup> list(String target) {
            List<DailyRollup> out = new ArrayList<>(present.length);
            for (int d = 0; d < present.length; d++) {
                if (present[d]) {
                    int at = d * 4;
                    out.add(new DailyRollup(target, first.plusDays(d), 0, 0, 0, 0, 0, 0, ms[at], ms[at + 1], ms[at + 2], 0,
                            ms[at + 3], counts[at], sums[at], counts[at + 1], sums[at + 1], counts[at + 2], sums[at + 2], 0,
                            counts[at + 3], sums[at + 3]));
                }
            }
            return out;
        }
    }

    /**
     * The incidents and maintenance the pages show, read together (a handful of bounded queries),
     * with each component's share indexed so evaluating one component never scans the others'.
     *
     * @param readAt            when it was read
     * @param unresolved        open incidents, newest first
     * @param recentIncidents   the {@value #LIST_LIMIT} newest incidents, resolved included
     * @param pastYear          incidents created in the last year (history pages, bars), newest first
     * @param notEnded          upcoming and active maintenance, soonest first
     * @param recentMaintenance the {@value #LIST_LIMIT} latest-starting maintenance windows
     * @param barMaintenance    maintenance overlapping the uptime bars' days
     * @param incidentsOf       {@code pastYear} by component id, newest first
     * @param maintenanceOf     {@code barMaintenance} by component id
     */
    record Context(Instant readAt, List<Incident> unresolved, List<Incident> recentIncidents, List<Incident> pastYear,
                   List<Maintenance> notEnded, List<Maintenance> recentMaintenance, List<Maintenance> barMaintenance,
                   Map<String, List<Incident>> incidentsOf, Map<String, List<Maintenance>> maintenanceOf) {

        static Context of(Instant readAt, List<Incident> unresolved, List<Incident> recentIncidents, List<Incident> pastYear,
                          List<Maintenance> notEnded, List<Maintenance> recentMaintenance, List<Maintenance> barMaintenance) {
            Map<String, List<Incident>> incidentsOf = new HashMap<>();
            for (Incident i : pastYear) {
                for (String id : i.components().keySet()) {
                    incidentsOf.computeIfAbsent(id, k -> new ArrayList<>()).add(i);
                }
            }
            Map<String, List<Maintenance>> maintenanceOf = new HashMap<>();
            for (Maintenance m : barMaintenance) {
                for (String id : m.components()) {
                    maintenanceOf.computeIfAbsent(id, k -> new ArrayList<>()).add(m);
                }
            }
            incidentsOf.replaceAll((k, v) -> List.copyOf(v));
            maintenanceOf.replaceAll((k, v) -> List.copyOf(v));
            return new Context(readAt, List.copyOf(unresolved), List.copyOf(recentIncidents), List.copyOf(pastYear),
                    List.copyOf(notEnded), List.copyOf(recentMaintenance), List.copyOf(barMaintenance),
                    Map.copyOf(incidentsOf), Map.copyOf(maintenanceOf));
        }

        static Context none(Instant at) {
            return of(at, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }

        static Context read(IncidentStore incidents, MaintenanceStore maintenance, Instant now) {
            Instant barStart = barFrom(now).atStartOfDay(ZoneOffset.UTC).toInstant();
            return of(now, incidents.unresolved(), incidents.recent(LIST_LIMIT),
                    incidents.createdBetween(now.minus(HISTORY), now.plusMillis(1)), maintenance.notEndedAt(now),
                    maintenance.recent(LIST_LIMIT), maintenance.overlapping(barStart, now.plusMillis(1)));
        }

        /** Incidents of the last year touching this component, newest first. */
        List<Incident> incidentsOf(String componentId) {
            return incidentsOf.getOrDefault(componentId, List.of());
        }
    }

    /** A day's mean phase times across the component's targets; null where no run measured it. */
    record LatencyDay(LocalDate day, Double buildMs, Double deployMs, Double coldStartMs, Double warmP95Ms) {}

    /** Everything in one pass: every target's data and the context, each component evaluated at {@code now}. */
    static StatusModel read(Site site, StatusPageConfig config, List<Target> targets, RunStore runs,
                            IncidentStore incidents, MaintenanceStore maintenance, Instant now, Instant startedAt) {
        Layout layout = Layout.of(site, config, targets);
        Context context = Context.read(incidents, maintenance, now);
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < layout.size(); i++) {
            List<TargetData> members = new ArrayList<>();
            for (int k = 0; k < layout.targetsOf().get(i).size(); k++) {
                members.add(TargetData.read(runs, layout.targetsOf().get(i).get(k), layout.holds().get(i).get(k), now));
            }
            components.add(component(layout, i, members, context, now));
        }
        return assemble(site, config, layout, now, startedAt, components, context);
    }

    /** The first UTC day of the uptime bar at {@code now}. */
    static LocalDate barFrom(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(BAR_DAYS - 1);
    }

    /** One component from its targets' data (parallel to {@code layout.targetsOf()}) and the context, at {@code now}. */
    static Component component(Layout layout, int index, List<TargetData> data, Context context, Instant now) {
        ComponentSpec spec = layout.components().get(index);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate barFrom = barFrom(now);
        Instant barStart = barFrom.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<TargetRuns> members = new ArrayList<>(data.size());
        List<DailyRollup> rollups = new ArrayList<>();
        for (int k = 0; k < data.size(); k++) {
            TargetRuns tr = data.get(k).runs();
            members.add(tr);
            rollups.addAll(withOpenTail(data.get(k).rollups().list(tr.target().name()), tr.lastRun(),
                    layout.holds().get(index).get(k), barFrom, now));
        }
        Map<String, QuorumVerdict> quorums = new java.util.LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>(members.size());
        for (int k = 0; k < members.size(); k++) {
            TargetRuns tr = members.get(k);
            if (tr.target().multiLocation()) {
                QuorumVerdict v = tr.quorum(layout.holds().get(index).get(k), now);
                quorums.put(tr.target().name(), v);
                outcomes.add(v.outcome());
            } else {
                outcomes.add(tr.statusRun() == null ? null : tr.statusRun().outcome());
            }
        }
        ComponentStatus derived = statusOf(outcomes);
        ComponentStatus status = derived;
        if (context.notEnded().stream().anyMatch(m -> m.covers(spec.id(), now))) {
            status = ComponentStatus.UNDER_MAINTENANCE;
        }
        Optional<ComponentStatus> override = context.unresolved().stream()
                .map(i -> i.overrides().get(spec.id())).filter(Objects::nonNull)
                .map(ComponentStatus::of).reduce(ComponentStatus::worse);
        if (override.isPresent()) {
            status = override.get();
        }
        Instant lastChecked = members.stream().map(TargetRuns::lastRun).filter(Objects::nonNull)
                .map(StatusModel::finished).max(Comparator.naturalOrder()).orElse(null);
        Instant earliest = members.stream().map(TargetRuns::earliestRunAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        List<Uptime.Window> windows = context.maintenanceOf().getOrDefault(spec.id(), List.of()).stream()
                .map(m -> new Uptime.Window(m.scheduledFor(), m.end())).toList();
        Uptime.Result uptime = Uptime.compute(rollups, members.size(), windows, barStart, now);
        return new Component(spec.id(), spec.name(), spec.description(), spec.groupId(), index + 1, derived, status,
                lastChecked, earliest, List.copyOf(members), uptime, latency(rollups, today), quorums);
    }

    /**
     * The target's {@value #RECENT_RUNS} newest runs, newest first, whenever it is asked: what a
     * page read incrementally and one read in full must agree on. Read as a time range first
     * ({@code between} is an index range scan, whatever the history's size), falling back to
     * {@code recent} only when that range holds fewer (a new target, one that ran rarely lately,
     * a monitor back after a long stop): on H2, {@code recent} sorts every run the target ever had.
     */
    static List<ProbeRun> recentRuns(RunStore runs, Target t, Duration hold, Instant now) {
        List<ProbeRun> window = runs.between(t.name(), now.minus(hold.multipliedBy(RECENT_RUNS)), now.plusMillis(1));
        if (window.size() < RECENT_RUNS) {
            return runs.recent(t.name(), RECENT_RUNS);
        }
        List<ProbeRun> newest = new ArrayList<>(window.subList(window.size() - RECENT_RUNS, window.size()));
        java.util.Collections.reverse(newest);
        return newest;
    }

    /** How long a run's outcome holds with no next run: twice the gap between runs, as the runner stores it. */
    static Duration hold(Target t, Site site) {
        return t.schedule() == null ? Duration.ofMinutes(10)
                : t.schedule().shortestGap(site.timeZone()).orElse(Duration.ofMinutes(5)).multipliedBy(2);
    }

    /**
     * The rollups plus the latest run's interval, which no rollup holds yet (it closes when the
     * next run lands): its outcome holds from its start until now, at most {@code hold}. Without
     * this the newest run would not count until the next one, and a first run would show no data.
     */
    static List<DailyRollup> withOpenTail(List<DailyRollup> rollups, ProbeRun last, Duration hold, LocalDate from, Instant now) {
        if (last == null || last.outcome() == Outcome.RUNNING) {
            return rollups;
        }
        Instant end = last.startedAt().plus(hold);
        end = end.isAfter(now) ? now : end;
        List<DailyRollup> out = new ArrayList<>(rollups);
        Instant t = last.startedAt();
        while (t.isBefore(end)) {
            LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
            Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant until = dayEnd.isBefore(end) ? dayEnd : end;
            long ms = until.toEpochMilli() - t.toEpochMilli();
            if (!day.isBefore(from)) {
                int i = indexOf(out, day);
                DailyRollup base = i < 0 ? new DailyRollup(last.target(), day, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 0, 0, 0, 0, 0, 0, 0, 0) : out.get(i);
                DailyRollup plus = plus(base, last.outcome(), ms);
                if (i < 0) {
                    out.add(plus);
                } else {
                    out.set(i, plus);
                }
            }
            t = until;
        }
        return out;
    }

    private static int indexOf(List<DailyRollup> rollups, LocalDate day) {
        for (int i = 0; i < rollups.size(); i++) {
            if (rollups.get(i).day().equals(day)) {
                return i;
            }
        }
        return -1;
    }

    private static DailyRollup plus(DailyRollup r, Outcome o, long ms) {
        return new DailyRollup(r.target(), r.day(), r.runs(), r.success(), r.degraded(), r.failed(), r.aborted(), r.skipped(),
                r.successMs() + (o == Outcome.SUCCESS ? ms : 0), r.degradedMs() + (o == Outcome.DEGRADED ? ms : 0),
                r.failedMs() + (o == Outcome.FAILED ? ms : 0), r.abortedMs() + (o == Outcome.ABORTED ? ms : 0),
                r.skippedMs() + (o == Outcome.SKIPPED ? ms : 0), r.buildCount(), r.sumBuildMs(), r.deployCount(),
                r.sumDeployMs(), r.coldStartCount(), r.sumColdStartMs(), r.maxColdStartMs(), r.warmCount(), r.sumWarmP95Ms());
    }

    /**
     * The model from components already evaluated and the context: groups, the overall status
     * and {@code updatedAt}. Linear in the number of components (it runs on every refresh).
     */
    static StatusModel assemble(Site site, StatusPageConfig config, Layout layout, Instant now, Instant startedAt,
                                List<Component> components, Context context) {
        List<Group> groups = new ArrayList<>(layout.groups().size());
        for (int g = 0; g < layout.groups().size(); g++) {
            GroupSpec spec = layout.groups().get(g);
            ComponentStatus status = ComponentStatus.NO_DATA;
            Instant updated = null;
            List<Integer> members = layout.groupMembers().get(g);
            for (int i : members) {
                Component c = components.get(i);
                if (c.status() != ComponentStatus.NO_DATA) {
                    status = status == ComponentStatus.NO_DATA ? c.status() : ComponentStatus.worse(status, c.status());
                }
                if (c.lastCheckedAt() != null && (updated == null || c.lastCheckedAt().isAfter(updated))) {
                    updated = c.lastCheckedAt();
                }
            }
            // members are in page order: the first has the lowest position
            int position = members.isEmpty() ? components.size() + groups.size() + 1 : members.get(0) + 1;
            groups.add(new Group(spec.id(), spec.name(), spec.description(), position, status,
                    layout.groupMemberIds().get(g), updated));
        }
        Instant updatedAt = null;
        for (Component c : components) {
            updatedAt = latest(updatedAt, c.lastCheckedAt(), now);
        }
        for (Incident i : context.recentIncidents()) {
            updatedAt = latest(updatedAt, i.updatedAt(), now);
        }
        for (Incident i : context.unresolved()) {
            updatedAt = latest(updatedAt, i.updatedAt(), now);
        }
        for (List<Maintenance> list : List.of(context.notEnded(), context.recentMaintenance())) {
            for (Maintenance m : list) {
                updatedAt = latest(latest(latest(updatedAt, m.updatedAt(), now), m.scheduledFor(), now), m.end(), now);
            }
        }
        return new StatusModel(site, config, now, updatedAt == null ? startedAt : updatedAt, startedAt,
                overall(components, context.unresolved()), List.copyOf(components), List.copyOf(groups), context,
                layout.indexById());
    }

    /** The later of {@code a} and {@code t}, ignoring {@code t} when null or after {@code now}. */
    private static Instant latest(Instant a, Instant t, Instant now) {
        if (t == null || t.isAfter(now)) {
            return a;
        }
        return a == null || t.isAfter(a) ? t : a;
    }

    /**
     * The worst component status sets the indicator, raised by the impact of any open incident
     * (Statuspage does the same); all components without data and nothing open is "No data yet".
     */
    static Overall overall(List<Component> components, List<Incident> unresolved) {
        ComponentStatus worst = ComponentStatus.NO_DATA;
        for (Component c : components) {
            if (c.status() != ComponentStatus.NO_DATA) {
                worst = worst == ComponentStatus.NO_DATA ? c.status() : ComponentStatus.worse(worst, c.status());
            }
        }
        ComponentStatus.Indicator indicator = worst.indicator();
        for (Incident i : unresolved) {
            indicator = ComponentStatus.Indicator.worse(indicator, impact(i.impact()));
        }
        String description;
        if (indicator != ComponentStatus.Indicator.NONE) {
            description = indicator.description;
        } else if (worst == ComponentStatus.UNDER_MAINTENANCE) {
            description = "Service Under Maintenance";
        } else if (worst == ComponentStatus.NO_DATA) {
            description = "No data yet";
        } else {
            description = indicator.description;
        }
        return new Overall(worst, indicator, description);
    }

    static ComponentStatus.Indicator impact(IncidentImpact impact) {
        return ComponentStatus.Indicator.valueOf(impact.name());
    }

    /**
     * Failed runs make an outage: major when every target with data failed, partial otherwise;
     * else degraded, else operational. Targets without a decisive run do not count either way.
     */
    static ComponentStatus status(List<TargetRuns> members) {
        return statusOf(members.stream().map(t -> t.statusRun() == null ? null : t.statusRun().outcome()).toList());
    }

    /**
     * {@link #status(List)} from each target's outcome: its newest deciding run's, or, for a target
     * in several locations, its quorum verdict's (failing in fewer locations than the quorum is
     * degraded); null for no data.
     */
    static ComponentStatus statusOf(List<Outcome> perTarget) {
        List<Outcome> outcomes = perTarget.stream().filter(Objects::nonNull).toList();
        if (outcomes.isEmpty()) {
            return ComponentStatus.NO_DATA;
        }
        long failed = outcomes.stream().filter(o -> o == Outcome.FAILED).count();
        if (failed == outcomes.size()) {
            return ComponentStatus.MAJOR_OUTAGE;
        }
        if (failed > 0) {
            return ComponentStatus.PARTIAL_OUTAGE;
        }
        if (outcomes.contains(Outcome.DEGRADED)) {
            return ComponentStatus.DEGRADED_PERFORMANCE;
        }
        return ComponentStatus.OPERATIONAL;
    }

    /** Daily means over the last {@value #CHART_DAYS} UTC days, every day present (nulls where nothing ran). */
    static List<LatencyDay> latency(List<DailyRollup> rollups, LocalDate today) {
        LocalDate first = today.minusDays(CHART_DAYS - 1);
        // per day: sums and counts of build, deploy, cold start, warm p95 (loops: this runs for every component every minute)
        double[] sums = new double[CHART_DAYS * 4];
        int[] counts = new int[CHART_DAYS * 4];
        for (DailyRollup r : rollups) {
            long d = r.day().toEpochDay() - first.toEpochDay();
            if (d >= 0 && d < CHART_DAYS) {
                int at = (int) d * 4;
                sums[at] += r.sumBuildMs();
                counts[at] += r.buildCount();
                sums[at + 1] += r.sumDeployMs();
                counts[at + 1] += r.deployCount();
                sums[at + 2] += r.sumColdStartMs();
                counts[at + 2] += r.coldStartCount();
                sums[at + 3] += r.sumWarmP95Ms();
                counts[at + 3] += r.warmCount();
            }
        }
        List<long[]> days = new ArrayList<>(CHART_DAYS);
        for (int d = 0; d < CHART_DAYS; d++) {
            long[] means = new long[4];
            for (int k = 0; k < 4; k++) {
                int at = d * 4 + k;
                means[k] = Double.doubleToLongBits(counts[at] == 0 ? Double.NaN : sums[at] / counts[at]);
            }
            days.add(means);
        }
        return new LatencyDays(first, AlikeRows.of(days, 4));
    }

    /**
     * The chart's days, each {@link LatencyDay} made when asked for (the records, their dates and
     * boxed means took 3.6 KB a component, and the page keeps every component's); alike days
     * (nothing ran) held once ({@link AlikeRows}).
     */
    private static final class LatencyDays extends AbstractList<LatencyDay> implements RandomAccess {
        private final LocalDate first;
        /** Per day: the bits of the build, deploy, cold start and warm p95 means; NaN where nothing ran. */
        private final AlikeRows means;

        LatencyDays(LocalDate first, AlikeRows means) {
            this.first = first;
            this.means = means;
        }

        @Override
        public LatencyDay get(int d) {
            Objects.checkIndex(d, size());
            return new LatencyDay(first.plusDays(d), mean(d, 0), mean(d, 1), mean(d, 2), mean(d, 3));
        }

        @Override
        public int size() {
            return means.size();
        }

        /**
         * The same days as a list of any kind; between two of these, without making a
         * {@link LatencyDay} (the inherited hash code is the elements', as lists agree on).
         */
        @Override
        public boolean equals(Object o) {
            if (o instanceof LatencyDays d) {
                return first.equals(d.first) && means.equals(d.means);
            }
            return super.equals(o);
        }

        private Double mean(int d, int k) {
            double m = Double.longBitsToDouble(means.get(d, k));
            return Double.isNaN(m) ? null : m;
        }
    }

    Optional<Component> component(String id) {
        Integer i = index.get(id);
        return i == null ? Optional.empty() : Optional.of(components.get(i));
    }

    /** The component statuses an incident update would change, by id; for {@code affected_components}. */
    ComponentState shownState(String componentId) {
        return shownState(component(componentId).map(Component::status).orElse(ComponentStatus.OPERATIONAL));
    }

    static ComponentState shownState(ComponentStatus s) {
        return s == ComponentStatus.NO_DATA ? ComponentState.OPERATIONAL : ComponentState.valueOf(s.name());
    }

    static boolean countsForStatus(ProbeRun run) {
        return run.outcome() == Outcome.SUCCESS || run.outcome() == Outcome.DEGRADED || run.outcome() == Outcome.FAILED;
    }

    static Instant finished(ProbeRun run) {
        return Optional.ofNullable(run.finishedAt()).orElse(run.startedAt());
    }
}
