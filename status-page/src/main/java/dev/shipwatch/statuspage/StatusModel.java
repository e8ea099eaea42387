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
import dev.shipwatch.store.RunStore;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything the public pages show, read from the stores in one pass. Views (HTML, JSON, Atom,
 * badges) are rendered from this and never read a store themselves.
 *
 * @param renderedAt        when the stores were read
 * @param updatedAt         when anything shown last changed (a run finished, an incident or
 *                          maintenance changed or started or ended); the page's start when nothing has
 * @param components        in config order
 * @param unresolved        open incidents, newest first
 * @param recentIncidents   the {@value #LIST_LIMIT} newest incidents, resolved included
 * @param pastYear          incidents created in the last year (history pages, bars), newest first
 * @param notEnded          upcoming and active maintenance, soonest first
 * @param recentMaintenance the {@value #LIST_LIMIT} latest-starting maintenance windows
 * @param barMaintenance    maintenance overlapping the uptime bars' days
 */
record StatusModel(Site site, StatusPageConfig config, Instant renderedAt, Instant updatedAt, Instant startedAt,
                   Overall overall, List<Component> components, List<Group> groups,
                   List<Incident> unresolved, List<Incident> recentIncidents, List<Incident> pastYear,
                   List<Maintenance> notEnded, List<Maintenance> recentMaintenance, List<Maintenance> barMaintenance) {

    /** Runs read per target: the latest that counts for status (skipping aborted/skipped), and the "last runs" table. */
    static final int RECENT_RUNS = 20;
    static final int BAR_DAYS = 90;
    static final int CHART_DAYS = 30;
    static final int LIST_LIMIT = 50;
    static final Duration HISTORY = Duration.ofDays(366);

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
     */
    record Component(String id, String name, String description, String groupId, int position,
                     ComponentStatus derived, ComponentStatus status, Instant lastCheckedAt, Instant earliestRunAt,
                     List<TargetRuns> targets, Uptime.Result uptime, List<LatencyDay> latency) {}

    /** A group; its status is the worst of its members' (no data only when all have none). */
    record Group(String id, String name, String description, int position, ComponentStatus status,
                 List<String> members, Instant updatedAt) {}

    /**
     * @param recent    the newest finished runs, newest first
     * @param lastRun   the newest finished run of any outcome, or null when there is none
     * @param statusRun the newest run that decides status (not aborted, not skipped), or null
     */
    record TargetRuns(Target target, List<ProbeRun> recent, ProbeRun lastRun, ProbeRun statusRun, Instant earliestRunAt) {
        static TargetRuns of(Target target, List<ProbeRun> recent) {
            return new TargetRuns(target, List.copyOf(recent), recent.isEmpty() ? null : recent.get(0),
                    recent.stream().filter(StatusModel::countsForStatus).findFirst().orElse(null),
                    recent.isEmpty() ? null : recent.get(recent.size() - 1).startedAt());
        }
    }

    /** A day's mean phase times across the component's targets; null where no run measured it. */
    record LatencyDay(LocalDate day, Double buildMs, Double deployMs, Double coldStartMs, Double warmP95Ms) {}

    static StatusModel read(Site site, StatusPageConfig config, List<Target> targets, RunStore runs,
                            IncidentStore incidents, MaintenanceStore maintenance, Instant now, Instant startedAt) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate barFrom = today.minusDays(BAR_DAYS - 1);
        Instant barStart = barFrom.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Maintenance> barMaintenance = maintenance.overlapping(barStart, now.plusMillis(1));
        List<Maintenance> notEnded = maintenance.notEndedAt(now);
        List<Maintenance> recentMaintenance = maintenance.recent(LIST_LIMIT);
        List<Incident> unresolved = incidents.unresolved();
        List<Incident> recentIncidents = incidents.recent(LIST_LIMIT);
        List<Incident> pastYear = incidents.createdBetween(now.minus(HISTORY), now.plusMillis(1));

        List<Component> components = new ArrayList<>();
        Map<String, List<Target>> byComponent = config.targetsByComponent(targets);
        for (ComponentSpec spec : config.components()) {
            List<TargetRuns> members = new ArrayList<>();
            List<DailyRollup> rollups = new ArrayList<>();
            for (Target t : byComponent.getOrDefault(spec.id(), List.of())) {
                TargetRuns tr = TargetRuns.of(t, recentRuns(runs, t, hold(t, site), now));
                members.add(tr);
                rollups.addAll(withOpenTail(runs.rollups(t.name(), barFrom, today), tr.lastRun(),
                        hold(t, site), barFrom, now));
            }
            components.add(component(spec, components.size() + 1, members, rollups, unresolved, notEnded, barMaintenance,
                    barStart, now));
        }
        return assemble(site, config, now, startedAt, components, unresolved, recentIncidents, pastYear, notEnded,
                recentMaintenance, barMaintenance);
    }

    private static Component component(ComponentSpec spec, int position, List<TargetRuns> members, List<DailyRollup> rollups,
                                       List<Incident> unresolved, List<Maintenance> notEnded, List<Maintenance> barMaintenance,
                                       Instant barStart, Instant now) {
        ComponentStatus derived = status(members);
        ComponentStatus status = derived;
        if (notEnded.stream().anyMatch(m -> m.covers(spec.id(), now))) {
            status = ComponentStatus.UNDER_MAINTENANCE;
        }
        Optional<ComponentStatus> override = unresolved.stream()
                .map(i -> i.overrides().get(spec.id())).filter(Objects::nonNull)
                .map(ComponentStatus::of).reduce(ComponentStatus::worse);
        if (override.isPresent()) {
            status = override.get();
        }
        Instant lastChecked = members.stream().map(TargetRuns::lastRun).filter(Objects::nonNull)
                .map(StatusModel::finished).max(Comparator.naturalOrder()).orElse(null);
        Instant earliest = members.stream().map(TargetRuns::earliestRunAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        List<Uptime.Window> windows = barMaintenance.stream().filter(m -> m.components().contains(spec.id()))
                .map(m -> new Uptime.Window(m.scheduledFor(), m.end())).toList();
        Uptime.Result uptime = Uptime.compute(rollups, members.size(), windows, barStart, now);
        return new Component(spec.id(), spec.name(), spec.description(), spec.groupId(), position, derived, status,
                lastChecked, earliest, List.copyOf(members), uptime, latency(rollups, LocalDate.ofInstant(now, ZoneOffset.UTC)));
    }

    /**
     * The target's newest runs, newest first. Read as a time range first ({@code between} is an
     * index range scan, whatever the history's size), falling back to {@code recent} only when
     * that range holds no run (a new target, or a monitor back after a long stop): on H2,
     * {@code recent} sorts every run the target ever had.
     */
    static List<ProbeRun> recentRuns(RunStore runs, Target t, Duration hold, Instant now) {
        List<ProbeRun> window = runs.between(t.name(), now.minus(hold.multipliedBy(RECENT_RUNS)), now.plusMillis(1));
        if (window.isEmpty()) {
            return runs.recent(t.name(), RECENT_RUNS);
        }
        List<ProbeRun> newest = new ArrayList<>(window.subList(Math.max(0, window.size() - RECENT_RUNS), window.size()));
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

    /** Builds the model from components already read; the seam the tests use for status rules. */
    static StatusModel assemble(Site site, StatusPageConfig config, Instant now, Instant startedAt, List<Component> components,
                                List<Incident> unresolved, List<Incident> recentIncidents, List<Incident> pastYear,
                                List<Maintenance> notEnded, List<Maintenance> recentMaintenance, List<Maintenance> barMaintenance) {
        List<Group> groups = new ArrayList<>();
        for (GroupSpec g : config.groups()) {
            List<Component> members = components.stream().filter(c -> g.id().equals(c.groupId())).toList();
            ComponentStatus status = members.stream().map(Component::status).filter(s -> s != ComponentStatus.NO_DATA)
                    .reduce(ComponentStatus::worse).orElse(ComponentStatus.NO_DATA);
            Instant updated = members.stream().map(Component::lastCheckedAt).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
            int position = members.stream().mapToInt(Component::position).min().orElse(components.size() + groups.size() + 1);
            groups.add(new Group(g.id(), g.name(), g.description(), position, status,
                    members.stream().map(Component::id).toList(), updated));
        }
        Instant updatedAt = Stream.of(
                        components.stream().map(Component::lastCheckedAt),
                        recentIncidents.stream().map(Incident::updatedAt),
                        unresolved.stream().map(Incident::updatedAt),
                        Stream.concat(notEnded.stream(), recentMaintenance.stream())
                                .flatMap(m -> Stream.of(m.updatedAt(), m.scheduledFor(), m.end())))
                .flatMap(s -> s).filter(Objects::nonNull).filter(t -> !t.isAfter(now))
                .max(Comparator.naturalOrder()).orElse(startedAt);
        return new StatusModel(site, config, now, updatedAt, startedAt, overall(components, unresolved),
                List.copyOf(components), List.copyOf(groups), List.copyOf(unresolved), List.copyOf(recentIncidents),
                List.copyOf(pastYear), List.copyOf(notEnded), List.copyOf(recentMaintenance), List.copyOf(barMaintenance));
    }

    /**
     * The worst component status sets the indicator, raised by the impact of any open incident
     * (Statuspage does the same); all components without data and nothing open is "No data yet".
     */
    static Overall overall(List<Component> components, List<Incident> unresolved) {
        ComponentStatus worst = components.stream().map(Component::status).filter(s -> s != ComponentStatus.NO_DATA)
                .reduce(ComponentStatus::worse).orElse(ComponentStatus.NO_DATA);
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
        List<Outcome> outcomes = members.stream().map(TargetRuns::statusRun).filter(Objects::nonNull)
                .map(ProbeRun::outcome).toList();
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
        List<LatencyDay> days = new ArrayList<>();
        for (LocalDate d = today.minusDays(CHART_DAYS - 1); !d.isAfter(today); d = d.plusDays(1)) {
            LocalDate day = d;
            List<DailyRollup> of = rollups.stream().filter(r -> r.day().equals(day)).toList();
            days.add(new LatencyDay(day,
                    mean(of.stream().mapToDouble(DailyRollup::sumBuildMs).sum(), of.stream().mapToInt(DailyRollup::buildCount).sum()),
                    mean(of.stream().mapToDouble(DailyRollup::sumDeployMs).sum(), of.stream().mapToInt(DailyRollup::deployCount).sum()),
                    mean(of.stream().mapToDouble(DailyRollup::sumColdStartMs).sum(), of.stream().mapToInt(DailyRollup::coldStartCount).sum()),
                    mean(of.stream().mapToDouble(DailyRollup::sumWarmP95Ms).sum(), of.stream().mapToInt(DailyRollup::warmCount).sum())));
        }
        return List.copyOf(days);
    }

    private static Double mean(double sum, int count) {
        return count == 0 ? null : sum / count;
    }

    Optional<Component> component(String id) {
        return components.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The component statuses an incident update would change, by id; for {@code affected_components}. */
    ComponentState shownState(String componentId) {
        ComponentStatus s = component(componentId).map(Component::status).orElse(ComponentStatus.OPERATIONAL);
        return s == ComponentStatus.NO_DATA ? ComponentState.OPERATIONAL : ComponentState.valueOf(s.name());
    }

    static boolean countsForStatus(ProbeRun run) {
        return run.outcome() == Outcome.SUCCESS || run.outcome() == Outcome.DEGRADED || run.outcome() == Outcome.FAILED;
    }

    static Instant finished(ProbeRun run) {
        return Optional.ofNullable(run.finishedAt()).orElse(run.startedAt());
    }
}
