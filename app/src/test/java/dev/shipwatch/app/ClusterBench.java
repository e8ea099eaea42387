package dev.shipwatch.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Several nodes under load ({@code bench/cluster/run.sh}); not part of {@code mvn verify}. Needs
 * PostgreSQL on 127.0.0.1:5432.
 *
 * <p>Part 1, three nodes, {@code --targets} targets every minute, {@code --minutes} long, one node
 * killed ({@code kill -9}) at a third and started again at a half: duplicates and missed fires per
 * 10,000 (goal 0 / 0), the longest failover gap (goal ≤ 20 s), runs per node, and the page's
 * convergence — for every run, when each node's {@code summary.json} first showed it, polled
 * every 250 ms (so a lag is measured up to 250 ms late). Part 2, throughput: the same targets with
 * runs of 5 s and at most 5 at once per node (more runs due than the nodes can take): runs
 * finished per minute by three nodes and by one (goal ≥ 2.5 ×).
 */
final class ClusterBench {
    private static final Duration POLL = Duration.ofMillis(250);

    public static void main(String[] args) throws Exception {
        int targets = 300;
        int minutes = 6;
        int throughputMinutes = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--targets" -> targets = Integer.parseInt(args[++i]);
                case "--minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--throughput-minutes" -> throughputMinutes = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --targets N, --minutes N, --throughput-minutes N (0: no part 2))");
            }
        }
        failoverAndConvergence(targets, minutes);
        if (throughputMinutes > 0) {
            throughput(targets, throughputMinutes);
        }
        System.exit(0);
    }

    private static void failoverAndConvergence(int n, int minutes) throws Exception {
        Path dir = Files.createTempDirectory("cluster-bench");
        try (ClusterHarness h = new ClusterHarness(dir)) {
            List<String> names = ClusterHarness.targets("b", n);
            Path config = h.config("shipwatch.yml", 1, names, "1m", 1, "");
            List<ClusterHarness.Node> nodes = new ArrayList<>(List.of(h.start("node-1", config), h.start("node-2", config),
                    h.start("node-3", config)));
            for (ClusterHarness.Node node : nodes) {
                require(node.awaitUp(Duration.ofMinutes(2)), h);
            }
            System.out.printf("part 1: 3 nodes, %d targets every minute, %d min; node-2 killed at %d s, restarted at %d s%n", n,
                    minutes, minutes * 60 / 3, minutes * 30);
            Map<String, Map<String, Instant>> seen = new ConcurrentHashMap<>(); // node → (component:updated_at → first seen)
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.MINUTES.toNanos(minutes);
            long killAt = t0 + TimeUnit.SECONDS.toNanos(minutes * 60L / 3);
            long restartAt = t0 + TimeUnit.SECONDS.toNanos(minutes * 30L);
            Instant killedAt = null;
            Instant upAgainAt = null;
            while (System.nanoTime() < end) {
                long tick = System.nanoTime();
                if (killedAt == null && tick >= killAt) {
                    nodes.get(1).kill();
                    killedAt = Instant.now();
                } else if (killedAt != null && !nodes.get(1).process.isAlive() && tick >= restartAt) {
                    nodes.set(1, h.start("node-2", config));
                    require(nodes.get(1).awaitUp(Duration.ofMinutes(2)), h);
                    upAgainAt = Instant.now();
                }
                for (ClusterHarness.Node node : nodes) {
                    if (node.process.isAlive()) {
                        poll(node, seen.computeIfAbsent(node.name, k -> new ConcurrentHashMap<>()));
                    }
                }
                long left = tick + POLL.toNanos() - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            }
            for (ClusterHarness.Node node : nodes) {
                node.stop();
            }

            ClusterHarness.Fires fires = h.fires(Duration.ofMinutes(1), List.of(killedAt), Duration.ofSeconds(20));
            double per10k = 10_000.0 / Math.max(1, fires.count());
            System.out.printf("  fires %d: duplicates %d (%.1f per 10,000), missed beyond a 20 s failover %d (%.1f per 10,000); "
                    + "longest failover gap %.1f s%n", fires.count(), fires.duplicates().size(), fires.duplicates().size() * per10k,
                    fires.missed().size(), fires.missed().size() * per10k, fires.longestFailoverGap().toMillis() / 1000.0);
            fires.duplicates().stream().limit(5).forEach(d -> System.out.println("    duplicate: " + d));
            fires.missed().stream().limit(5).forEach(d -> System.out.println("    missed: " + d));
            Map<String, Integer> byNode = new TreeMap<>();
            List<ClusterHarness.StoredRun> runs = h.runs();
            runs.forEach(r -> byNode.merge(r.node(), 1, Integer::sum));
            System.out.println("  runs per node: " + byNode);

            // Convergence: a run shown by a node = its component's updated_at there equals the run's finish.
            Map<String, List<Double>> lags = new TreeMap<>();
            int unseen = 0;
            int whileDown = 0;
            for (ClusterHarness.StoredRun r : runs) {
                if (r.finishedAt() == null || !r.finishedAt().isAfter(Instant.now().minus(Duration.ofMinutes(minutes)))) {
                    continue;
                }
                String key = r.target() + "|" + r.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                for (Map.Entry<String, Map<String, Instant>> node : seen.entrySet()) {
                    Instant at = node.getValue().get(key);
                    if (at == null) {
                        unseen++;
                        continue;
                    }
                    // a node that was down when the run finished shows it once it is up again: not a lag
                    if (node.getKey().equals("node-2") && killedAt != null && !r.finishedAt().isBefore(killedAt)
                            && (upAgainAt == null || r.finishedAt().isBefore(upAgainAt))) {
                        whileDown++;
                        continue;
                    }
                    String kind = node.getKey().equals(r.node()) ? "own runs" : "other nodes' runs";
                    lags.computeIfAbsent(kind, k -> new ArrayList<>()).add(Duration.between(r.finishedAt(), at).toMillis() / 1000.0);
                }
            }
            for (Map.Entry<String, List<Double>> e : lags.entrySet()) {
                List<Double> l = e.getValue();
                Collections.sort(l);
                System.out.printf("  page lag (run finished → in a node's summary.json), %s: %d observations, p50 %.2f s, "
                        + "p99 %.2f s, max %.2f s%n", e.getKey(), l.size(), pct(l, 50), pct(l, 99), l.get(l.size() - 1));
            }
            System.out.printf("  (node, run) pairs never observed: %d (a newer run of the target came within one poll, "
                    + "or the node was down); runs finished while node-2 was down, shown by it once up: %d%n", unseen, whileDown);
        }
    }

    private static void throughput(int n, int minutes) throws Exception {
        Map<Integer, Double> perMinute = new HashMap<>();
        for (int nodes : new int[] {1, 3}) {
            Path dir = Files.createTempDirectory("cluster-bench");
            try (ClusterHarness h = new ClusterHarness(dir)) {
                Path config = h.config("shipwatch.yml", 1, ClusterHarness.targets("x", n), "1m", 5, 5, "");
                List<ClusterHarness.Node> started = new ArrayList<>();
                for (int k = 1; k <= nodes; k++) {
                    started.add(h.start("node-" + k, config));
                }
                for (ClusterHarness.Node node : started) {
                    require(node.awaitUp(Duration.ofMinutes(2)), h);
                }
                TimeUnit.SECONDS.sleep(60); // every target's first fire is spread over the first minute
                Instant from = Instant.now();
                TimeUnit.MINUTES.sleep(minutes);
                Instant to = Instant.now();
                long finished = h.runs().stream()
                        .filter(r -> r.finishedAt() != null && !r.finishedAt().isBefore(from) && r.finishedAt().isBefore(to)).count();
                double rate = finished * 60.0 / Duration.between(from, to).toSeconds();
                perMinute.put(nodes, rate);
                System.out.printf("part 2: %d node(s), %d targets due every minute, runs of 5 s, at most 5 at once per node: "
                        + "%.1f runs finished per minute%n", nodes, n, rate);
                for (ClusterHarness.Node node : started) {
                    node.stop();
                }
            }
        }
        System.out.printf("  3 nodes / 1 node: %.2f × (goal ≥ 2.5 ×)%n", perMinute.get(3) / perMinute.get(1));
    }

    /** Records when this node first showed each component's newest run (by its updated_at). */
    private static void poll(ClusterHarness.Node node, Map<String, Instant> seen) {
        try {
            HttpResponse<String> r = node.get("api/v2/summary.json");
            Instant at = Instant.now();
            if (r.statusCode() != 200) {
                return;
            }
            try (JsonParser p = new JsonFactory().createParser(r.body())) {
                String name = null;
                String updated = null;
                int depth = 0;
                boolean inComponents = false;
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        depth++;
                    } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                        depth--;
                        if (inComponents && depth == 2 && name != null && updated != null) {
                            seen.putIfAbsent(name + "|" + Instant.parse(updated), at);
                            name = null;
                            updated = null;
                        }
                        if (depth == 1) {
                            inComponents = false;
                        }
                    } else if (t == JsonToken.FIELD_NAME && depth == 1 && p.currentName().equals("components")) {
                        inComponents = true;
                    } else if (t == JsonToken.VALUE_STRING && inComponents && depth == 3) {
                        if (p.currentName().equals("name")) {
                            name = p.getText();
                        } else if (p.currentName().equals("updated_at")) {
                            updated = p.getText();
                        }
                    }
                }
            }
        } catch (Exception e) {
            // a node being killed or starting: nothing to see this time
        }
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void require(boolean up, ClusterHarness h) throws Exception {
        if (!up) {
            throw new IllegalStateException("a node did not come up:\n" + h.logs());
        }
    }
}
