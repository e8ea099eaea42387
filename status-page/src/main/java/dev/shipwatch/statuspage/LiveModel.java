package dev.shipwatch.statuspage;

import dev.shipwatch.config.Site;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model the pages are rendered from, kept in memory and updated piece by piece: a target's
 * data when it was read again, the context when incidents or maintenance were, and each
 * component's evaluation when its inputs (or the time) changed. A {@link #snapshot} is the
 * {@link StatusModel} of the current pieces. Guarded by the page's refresh lock, except
 * {@link #createdAt}, which the admin API reads from its own threads.
 */
final class LiveModel {
    private final Site site;
    private final StatusPageConfig config;
    private final Layout layout;
    private final Instant startedAt;
    /** Each component's targets' data, parallel to {@code layout.targetsOf()}. */
    private final StatusModel.TargetData[][] data;
    private final StatusModel.Component[] components;
    private StatusModel.Context context;
    /**
     * Each component's (and group's) {@code created_at}: the earliest run start seen, or when
     * the page started, only ever moving earlier, so the JSON stays stable as old runs fall out
     * of the window read.
     */
    final Map<String, Instant> createdAt = new ConcurrentHashMap<>();

    /** Every component without data, evaluated at {@code startedAt}: what the page shows before the first read. */
    LiveModel(Site site, StatusPageConfig config, Layout layout, Instant startedAt) {
        this.site = site;
        this.config = config;
        this.layout = layout;
        this.startedAt = startedAt;
        this.data = new StatusModel.TargetData[layout.size()][];
        for (int i = 0; i < layout.size(); i++) {
            data[i] = layout.targetsOf().get(i).stream().map(StatusModel.TargetData::none)
                    .toArray(StatusModel.TargetData[]::new);
        }
        this.components = new StatusModel.Component[layout.size()];
        this.context = StatusModel.Context.none(startedAt);
        for (int i = 0; i < layout.size(); i++) {
            evaluate(i, startedAt);
        }
    }

    /** Replaces a target's data; returns its component's index, or -1 for a target the page does not show. */
    int target(Target t, StatusModel.TargetData d) {
        Integer i = layout.targetIndex().get(t.name());
        if (i == null) {
            return -1;
        }
        data[i][layout.targetsOf().get(i).indexOf(t)] = d;
        return i;
    }

    void context(StatusModel.Context c) {
        this.context = c;
    }

    StatusModel.Context context() {
        return context;
    }

    StatusModel.Component component(int i) {
        return components[i];
    }

    /** Evaluates component {@code i} from its current pieces at {@code now}. */
    StatusModel.Component evaluate(int i, Instant now) {
        StatusModel.Component c = StatusModel.component(layout, i, Arrays.asList(data[i]), context, now);
        StatusModel.Component old = components[i];
        boolean sameUptime = old != null && old.uptime().equals(c.uptime());
        boolean sameLatency = old != null && old.latency().equals(c.latency());
        if (sameUptime || sameLatency) {
            // the same days as before (most evaluations): keep one copy, which the renderer and
            // a page not yet rendered hold too
            c = new StatusModel.Component(c.id(), c.name(), c.description(), c.groupId(), c.position(), c.derived(),
                    c.status(), c.lastCheckedAt(), c.earliestRunAt(), c.targets(), sameUptime ? old.uptime() : c.uptime(),
                    sameLatency ? old.latency() : c.latency(), c.quorums());
        }
        components[i] = c;
        Instant first = c.earliestRunAt() == null || c.earliestRunAt().isAfter(startedAt) ? startedAt : c.earliestRunAt();
        createdAt.merge(c.id(), first, LiveModel::earlier);
        if (c.groupId() != null) {
            createdAt.merge(c.groupId(), first, LiveModel::earlier);
        }
        return c;
    }

    StatusModel snapshot(Instant now) {
        return StatusModel.assemble(site, config, layout, now, startedAt, List.of(components), context);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    List<Target> targets(int i) {
        return layout.targetsOf().get(i);
    }
}
