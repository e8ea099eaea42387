package dev.shipwatch.app;

import dev.shipwatch.store.ClusterStore;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * This node among the nodes sharing the database. It holds its node name (no two live processes
 * may run under one: they would record each other's runs as aborted), and, every few seconds,
 * finishes what a dead node left: a node the cluster says is gone (Quartz's check-ins) whose
 * runs are still marked running gets them torn down where a survivor can reach them (a shared
 * container engine, a PaaS; not a child process on the dead host) and recorded as aborted.
 * Quartz itself moves the dead node's targets to the living.
 *
 * <p>Threading: {@link #join} on the caller's thread, the rest on a thread of its own; nothing
 * here interrupts anything.
 */
final class Cluster implements AutoCloseable, MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);
    /** How often this node proves it holds its name and looks at the others. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** A name whose heartbeat is older than this is free. */
    static final Duration NAME_EXPIRES = ClusterStore.BEAT_EXPIRES;
    /** Per-node run counts cover this much time. */
    static final Duration RECENT = Duration.ofMinutes(10);

    /** Another live process holds this node's name. */
    static final class NameTaken extends RuntimeException {
        NameTaken(String message) {
            super(message);
        }
    }

    private final ClusterStore store;
    private final boolean shared;
    private final RunStore runs;
    private final String node;
    private final String host;
    private final String location;
    private final Clock clock;
    private final Consumer<ProbeRun> tearDown;
    private final Runnable nameLost;
    private final String token = UUID.randomUUID().toString();
    private ScheduledExecutorService thread;
    private volatile List<ClusterStore.Member> members = List.of();
    private volatile Map<String, Long> recentRuns = Map.of();
    private volatile boolean holding;
    /** Guarded by itself: the registry and a gauge per node seen, each reading {@link #recentRuns}. */
    private final Map<String, Gauge> nodeGauges = new java.util.HashMap<>();
    private MeterRegistry registry;

    /**
     * @param shared   whether other processes may use the database (PostgreSQL)
     * @param tearDown removes what a dead node's run left, as far as this node can reach it; must not throw
     * @param nameLost called once when another process took this node's name (this node must stop running targets)
     */
    Cluster(ClusterStore store, boolean shared, RunStore runs, String node, String host, String location,
            Clock clock, Consumer<ProbeRun> tearDown, Runnable nameLost) {
        this.store = store;
        this.shared = shared;
        this.runs = runs;
        this.node = node;
        this.host = host;
        this.location = location;
        this.clock = clock;
        this.tearDown = tearDown;
        this.nameLost = nameLost;
    }

    /**
     * Takes this node's name. When another process held it recently, waits until its heartbeat
     * is due twice more: a crashed predecessor of this node (the same name, restarted) has
     * stopped, and the name is taken over; a live process keeps beating, and this node refuses
     * to start, naming both. (An embedded database is opened by one process at a time: no one
     * else can hold the name, and a restart after a crash does not wait.)
     *
     * @throws NameTaken when a live process holds the name
     */
    void join() throws InterruptedException {
        Optional<ClusterStore.Holder> held = shared ? store.holder(node) : Optional.empty();
        if (held.isPresent() && fresh(held.get())) {
            ClusterStore.Holder before = held.get();
            log.info("node name {} was held {} ago (host {}): waiting up to {} s to see whether that process is alive",
                    node, Duration.between(before.heartbeatAt(), clock.instant()).toMillis() + " ms", before.host(),
                    NAME_EXPIRES.toSeconds());
            long deadline = System.nanoTime() + NAME_EXPIRES.toNanos();
            while (System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(HEARTBEAT.toMillis() / 5); // a heartbeat's pace, not synchronisation
                Optional<ClusterStore.Holder> now = store.holder(node);
                if (now.isPresent() && now.get().heartbeatAt().isAfter(before.heartbeatAt())) {
                    ClusterStore.Holder live = now.get();
                    throw new NameTaken("node name \"" + node + "\" is taken by a live node on host " + live.host()
                            + " (started " + live.startedAt() + ", last heartbeat " + live.heartbeatAt() + "); this node, on host "
                            + host + ", needs a name of its own: set SHIPWATCH_NODE");
                }
            }
        }
        store.claim(node, token, host, location, clock.instant());
        holding = true;
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tick, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean fresh(ClusterStore.Holder h) {
        return h.heartbeatAt() != null && !clock.instant().isAfter(h.heartbeatAt().plus(NAME_EXPIRES));
    }

    /** One heartbeat: keep the name, look at the members, finish the runs of the dead. */
    void tick() {
        try {
            Instant now = clock.instant();
            if (holding && !store.heartbeat(node, token, now)) {
                holding = false;
                log.error("node name {} was taken by another process: this node stops running targets", node);
                nameLost.run();
            }
            List<ClusterStore.Member> seen = store.members();
            members = seen;
            recentRuns = store.runsByNode(now.minus(RECENT));
            if (holding) {
                finishTheRunsOfDeadNodes(seen, now);
            }
            publish();
        } catch (RuntimeException e) {
            log.warn("cluster check failed, trying again in {} s: {}", HEARTBEAT.toSeconds(), e.toString());
        }
    }

    /**
     * A node with runs marked running that neither checks in with Quartz nor beats: its runs
     * cannot end by themselves. (Quartz removes a recovered node's check-in row, so "no row" and
     * "an old row" both mean gone; the heartbeat covers the moments before its first check-in.)
     */
    private void finishTheRunsOfDeadNodes(List<ClusterStore.Member> seen, Instant now) {
        Map<String, ClusterStore.Member> byName = new LinkedHashMap<>();
        seen.forEach(m -> byName.put(m.node(), m));
        for (String other : store.nodesWithUnfinishedRuns()) {
            if (other.equals(node)) {
                continue;
            }
            ClusterStore.Member m = byName.get(other);
            if (m != null && (m.alive(now) || m.beating(now))) {
                continue;
            }
            List<ProbeRun> cut = runs.unfinished(other);
            for (ProbeRun r : cut) {
                tearDown.accept(r);
            }
            for (ProbeRun aborted : runs.abortUnfinished(other, now)) {
                log.warn("run {} of target={} on node {} was cut off: that node is gone; recorded as aborted", aborted.id(),
                        aborted.target(), other);
            }
        }
    }

    /** For {@code /health}: the members, alive or not, with their last check-in. No database access. */
    Map<String, Object> health() {
        Instant now = clock.instant();
        List<Map<String, Object>> list = new ArrayList<>();
        for (ClusterStore.Member m : members) {
            list.add(describe(m, now, recentRuns.getOrDefault(m.node(), 0L)));
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("this_node", node);
        h.put("holds_its_name", holding);
        h.put("members", list);
        return h;
    }

    /** A member as {@code /health} and {@code shipwatch nodes --json} show it (field names are a public contract). */
    static Map<String, Object> describe(ClusterStore.Member m, Instant now, long recentRuns) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("node", m.node());
        e.put("alive", m.alive(now));
        e.put("location", m.location());
        e.put("host", m.host());
        e.put("started_at", text(m.startedAt()));
        e.put("heartbeat_at", text(m.heartbeatAt()));
        e.put("last_check_in", text(m.lastCheckIn()));
        e.put("runs_last_10m", recentRuns);
        return e;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    /** The members as last seen (a copy). */
    List<ClusterStore.Member> members() {
        return List.copyOf(members);
    }

    /**
     * {@code shipwatch_cluster_nodes_alive} and {@code shipwatch_node_runs{node}} (runs each node
     * started in the last 10 minutes), as of the last heartbeat.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("shipwatch.cluster.nodes.alive", this, c -> c.members.stream().filter(m -> m.alive(c.clock.instant())).count())
                .description("Nodes of the cluster that check in").register(registry);
        synchronized (nodeGauges) {
            this.registry = registry;
        }
        publish();
    }

    /**
     * Registers a gauge for each node that appeared and removes those of nodes gone; after each
     * heartbeat. A gauge is never registered again while it exists (a MultiGauge's overwrite
     * replaces every row, and a scrape under way then saw a node twice).
     */
    private void publish() {
        synchronized (nodeGauges) {
            if (registry == null) {
                return;
            }
            Map<String, Long> now = recentRuns;
            for (String node : now.keySet()) {
                nodeGauges.computeIfAbsent(node, n -> Gauge.builder("shipwatch.node.runs", this,
                                c -> c.recentRuns.getOrDefault(n, 0L))
                        .description("Runs each node started in the last 10 minutes").tags(Tags.of("node", n))
                        .register(registry));
            }
            nodeGauges.entrySet().removeIf(e -> {
                boolean gone = !now.containsKey(e.getKey());
                if (gone) {
                    registry.remove(e.getValue());
                }
                return gone;
            });
        }
    }

    /** Stops the heartbeat and gives the name up, so that a restart under it need not wait. */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdown();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (holding) {
            try {
                store.release(node, token);
            } catch (RuntimeException e) {
                log.debug("node name {} not released: {}", node, e.toString());
            }
            holding = false;
        }
    }
}
