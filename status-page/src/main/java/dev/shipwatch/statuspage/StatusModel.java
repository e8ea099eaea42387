package dev.shipwatch.statuspage;

import dev.shipwatch.config.Site;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the public pages show, read from the store in one pass. Views (HTML, JSON) are
 * rendered from this and never read the store themselves.
 *
 * @param renderedAt when the store was read
 * @param updatedAt  when the newest run shown finished ({@code startedAt} of the page when there
 *                   is none), so that JSON stays byte-identical between runs
 * @param overall    the worst status of the components that have data; {@code NO_DATA} when none has
 */
record StatusModel(Site site, Instant renderedAt, Instant updatedAt, Instant startedAt,
                   ComponentStatus overall, List<Component> components) {

    /** Runs read per target to find the latest one that counts for status (skipping aborted/skipped). */
    static final int RECENT_RUNS = 20;

    /**
     * One status page component: the targets configured with the same {@code component} name.
     *
     * @param id            stable slug of the name, unique on the page
     * @param position      1-based, in config order
     * @param lastCheckedAt when the newest run of any of its targets finished, or null
     * @param earliestRunAt when the oldest run read for it started, or null
     */
    record Component(String id, String name, int position, ComponentStatus status,
                     Instant lastCheckedAt, Instant earliestRunAt, List<TargetRuns> targets) {}

    /**
     * @param lastRun     the newest finished run of any outcome, or null when there is none
     * @param statusRun   the newest run that decides status (not aborted, not skipped), or null
     * @param earliestRunAt when the oldest run read started, or null
     */
    record TargetRuns(Target target, ProbeRun lastRun, ProbeRun statusRun, Instant earliestRunAt) {}

    static StatusModel read(Site site, List<Target> targets, RunStore runs, Instant now, Instant startedAt) {
        Map<String, List<TargetRuns>> byComponent = new LinkedHashMap<>();
        for (Target target : targets) {
            List<ProbeRun> recent = runs.recent(target.name(), RECENT_RUNS);
            ProbeRun last = recent.isEmpty() ? null : recent.get(0);
            ProbeRun decisive = recent.stream().filter(StatusModel::countsForStatus).findFirst().orElse(null);
            byComponent.computeIfAbsent(componentName(target), k -> new ArrayList<>())
                    .add(new TargetRuns(target, last, decisive,
                            recent.isEmpty() ? null : recent.get(recent.size() - 1).startedAt()));
        }
        return of(site, byComponent, now, startedAt);
    }

    /** Builds the model from runs already read; the seam the tests use for status rules. */
    static StatusModel of(Site site, Map<String, List<TargetRuns>> byComponent, Instant now, Instant startedAt) {
        List<Component> components = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        ComponentStatus overall = ComponentStatus.NO_DATA;
        Instant updatedAt = null;
        for (Map.Entry<String, List<TargetRuns>> e : byComponent.entrySet()) {
            List<TargetRuns> members = List.copyOf(e.getValue());
            ComponentStatus status = status(members);
            Instant lastChecked = members.stream().map(TargetRuns::lastRun).filter(Objects::nonNull)
                    .map(StatusModel::finished).max(Comparator.naturalOrder()).orElse(null);
            if (lastChecked != null && (updatedAt == null || lastChecked.isAfter(updatedAt))) {
                updatedAt = lastChecked;
            }
            Instant earliest = members.stream().map(TargetRuns::earliestRunAt).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null);
            overall = ComponentStatus.worse(overall, status);
            components.add(new Component(uniqueSlug(e.getKey(), ids), e.getKey(), components.size() + 1,
                    status, lastChecked, earliest, members));
        }
        return new StatusModel(site, now, updatedAt == null ? startedAt : updatedAt, startedAt, overall,
                List.copyOf(components));
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

    static boolean countsForStatus(ProbeRun run) {
        return run.outcome() == Outcome.SUCCESS || run.outcome() == Outcome.DEGRADED || run.outcome() == Outcome.FAILED;
    }

    static Instant finished(ProbeRun run) {
        return Optional.ofNullable(run.finishedAt()).orElse(run.startedAt());
    }

    static String componentName(Target target) {
        return target.component() == null || target.component().isBlank() ? target.name() : target.component();
    }

    /** Lower-case ASCII letters and digits joined by single dashes; "-2", "-3" … on collision. */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "component" : s;
    }

    private static String uniqueSlug(String name, Set<String> taken) {
        String base = slug(name);
        String id = base;
        for (int n = 2; !taken.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }
}
