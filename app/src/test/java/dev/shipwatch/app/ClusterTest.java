package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipwatch.alerting.FakePagerDuty;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several monitors on one PostgreSQL schema, as child JVMs (skipped where nothing answers on
 * 127.0.0.1:5432): config changes, a node killed mid-run, paging through kills, every node's
 * page, unique node names. Slow (real JVMs, real schedules): a few cases, each covering much.
 */
class ClusterTest {
    private static final Duration UP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void nodesStartingTogetherWithAChangedConfigAllComeUpAndAnOlderConfigNeverUndoesIt() throws Exception {
        try (ClusterHarness h = new ClusterHarness(dir)) {
            List<String> before = new ArrayList<>(ClusterHarness.targets("keep", 3));
            before.addAll(ClusterHarness.targets("gone", 3));
            Path old = h.config("old.yml", 1, before, "1h", 0, "");
            ClusterHarness.Node first = h.start("node-1", old);
            assertThat(first.awaitUp(UP)).as(h.logs()).isTrue();
            assertThat(first.stop()).isZero();
            assertThat(h.jobs()).containsExactlyInAnyOrderElementsOf(before);

            // The issue's crash: nodes restarted together with a config that removed targets all deleted the same jobs.
            List<String> after = new ArrayList<>(ClusterHarness.targets("keep", 3));
            after.addAll(ClusterHarness.targets("new", 3));
            Path changed = h.config("new.yml", 2, after, "1h", 0, "");
            List<ClusterHarness.Node> together = List.of(h.start("node-1", changed), h.start("node-2", changed),
                    h.start("node-3", changed));
            for (ClusterHarness.Node n : together) {
                assertThat(n.awaitUp(UP)).as(h.logs()).isTrue();
            }
            assertThat(h.jobs()).containsExactlyInAnyOrderElementsOf(after);
            assertThat(h.generation()).isEqualTo(2);

            // A node still on the old config (a rolling change half done) runs, but leaves the jobs as they are.
            ClusterHarness.Node late = h.start("node-4", old);
            assertThat(late.awaitUp(UP)).as(h.logs()).isTrue();
            assertThat(late.logText()).contains("is older than the one in force (generation 2");
            assertThat(h.jobs()).containsExactlyInAnyOrderElementsOf(after);
            for (ClusterHarness.Node n : together) {
                JsonNode health = n.json("health");
                assertThat(health.path("status").asText()).as(n.name + ": " + health).isEqualTo("ok");
            }
        }
    }

    /**
     * 30 targets every 10 s on three nodes for two minutes; one node killed with kill -9 after 40
     * s while it has runs in progress, and started again 30 s later; one target broken from 20 s
     * to 90 s. Every fire of every target runs exactly once; the dead node's runs are torn down
     * and recorded as aborted by a survivor; the broken target pages once and resolves once.
     */
    @Test
    void aNodeKilledMidRunLosesNoFireRunsNoneTwiceAndPagesOnce() throws Exception {
        try (ClusterHarness h = new ClusterHarness(dir)) {
            List<String> targets = ClusterHarness.targets("t", 30);
            String flaky = targets.get(7);
            Path config = h.config("shipwatch.yml", 1, targets, "10s", 3, h.alerting());
            List<ClusterHarness.Node> nodes = new ArrayList<>(List.of(h.start("node-1", config), h.start("node-2", config),
                    h.start("node-3", config)));
            for (ClusterHarness.Node n : nodes) {
                assertThat(n.awaitUp(UP)).as(h.logs()).isTrue();
            }
            long t0 = System.nanoTime();
            atSecond(t0, 20);
            h.broken(flaky, true);
            await().atMost(Duration.ofSeconds(60)).alias("the broken target pages")
                    .until(() -> triggers(h.pagerDuty).size() == 1 && h.outbox().getOrDefault("sent", 0) == 1);

            atSecond(t0, 40);
            String victimName = await().atMost(Duration.ofSeconds(30)).alias("a node with runs in progress")
                    .until(h::busiestNode, java.util.Optional::isPresent).orElseThrow();
            ClusterHarness.Node victim = nodes.stream().filter(n -> n.name.equals(victimName)).findFirst().orElseThrow();
            List<String> inProgress = h.runs().stream()
                    .filter(r -> r.node().equals(victimName) && r.outcome().equals("running")).map(ClusterHarness.StoredRun::id).toList();
            victim.kill();
            Instant killedAt = Instant.now();
            List<ClusterHarness.StoredRun> cut = await().atMost(Duration.ofSeconds(60)).alias("a survivor aborts the dead node's runs")
                    .until(() -> h.runs().stream().filter(r -> inProgress.contains(r.id())).toList(),
                            rs -> rs.stream().noneMatch(r -> r.outcome().equals("running")));
            assertThat(cut).hasSize(inProgress.size()).allSatisfy(r -> assertThat(r.outcome()).isIn("aborted", "success", "failed"));
            List<String> aborted = cut.stream().filter(r -> r.outcome().equals("aborted")).map(ClusterHarness.StoredRun::id).toList();
            assertThat(aborted).as("the kill cut runs off").isNotEmpty();
            assertThat(h.teardowns()).as("what the dead node's runs left is removed by a survivor").containsAll(aborted);
            String survivors = nodes.stream().filter(n -> n != victim).map(n -> {
                try {
                    return n.logText();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining());
            for (String id : aborted) {
                assertThat(survivors).contains("run " + id + " of target=");
            }
            ClusterHarness.Node survivor = nodes.get(nodes.indexOf(victim) == 0 ? 1 : 0);
            JsonNode members = survivor.json("health").path("cluster").path("members");
            assertThat(StreamSupport.stream(members.spliterator(), false)
                    .filter(m -> m.path("node").asText().equals(victimName)).map(m -> m.path("alive").asBoolean()).toList())
                    .as("the survivor's /health: " + members).allMatch(alive -> !alive);

            atSecond(t0, 70);
            ClusterHarness.Node again = h.start(victimName, config);
            assertThat(again.awaitUp(UP)).as(h.logs()).isTrue();
            nodes.set(nodes.indexOf(victim), again);
            atSecond(t0, 90);
            h.broken(flaky, false);
            await().atMost(Duration.ofSeconds(60)).alias("the fixed target resolves")
                    .until(() -> resolves(h.pagerDuty).size() == 1);
            atSecond(t0, 120);
            for (ClusterHarness.Node n : nodes) {
                assertThat(n.stop()).as(n.name).isZero();
            }

            // Every fire ran once: per target, fires 10 s apart, none twice, none missed beyond the failover.
            Duration window = Duration.ofSeconds(2 * 5).plusMillis(7_500).plusSeconds(5); // 2 check-ins + Quartz's margin + slack
            ClusterHarness.Fires fires = h.fires(Duration.ofSeconds(10), List.of(killedAt), window);
            assertThat(fires.byTarget().keySet()).containsExactlyInAnyOrderElementsOf(targets);
            assertThat(fires.duplicates()).as("fires that ran twice, or less than an interval apart").isEmpty();
            assertThat(fires.missed()).as("fires missed beyond the failover window (killed at " + killedAt + ")").isEmpty();
            assertThat(fires.count()).as("fires in two minutes").isGreaterThan(300);
            assertThat(h.runs()).noneMatch(r -> r.outcome().equals("running"));

            // Paged once, resolved once, whatever node ran the runs and whoever was killed.
            assertThat(triggers(h.pagerDuty)).hasSize(1);
            assertThat(resolves(h.pagerDuty)).hasSize(1);
            assertThat(h.pagerDuty.incidents("shipwatch/" + flaky)).singleElement()
                    .satisfies(i -> assertThat(i.resolved()).isTrue());
        }
    }

    @Test
    void everyNodeServesTheSamePageAndANameIsHeldByOneProcess() throws Exception {
        try (ClusterHarness h = new ClusterHarness(dir)) {
            Path config = h.config("shipwatch.yml", 1, ClusterHarness.targets("p", 3), "1h", 0, "");
            List<ClusterHarness.Node> nodes = List.of(h.start("node-1", config), h.start("node-2", config),
                    h.start("node-3", config));
            for (ClusterHarness.Node n : nodes) {
                assertThat(n.awaitUp(UP)).as(h.logs()).isTrue();
            }
            // An incident made through one node's admin API is on the others' pages.
            HttpResponse<String> made = nodes.get(0).admin("POST", "api/admin/incidents",
                    "{\"name\":\"Deploys slow\",\"components\":{\"p-1\":\"degraded_performance\"}}");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            for (ClusterHarness.Node n : nodes.subList(1, 3)) {
                await().atMost(Duration.ofSeconds(30)).alias("the incident on " + n.name).until(() -> {
                    JsonNode summary = n.json("api/v2/summary.json");
                    return summary.path("incidents").size() == 1
                            && summary.path("incidents").get(0).path("name").asText().equals("Deploys slow");
                });
            }
            // A run asked for through node 2 runs on some node; every node's page shows it.
            assertThat(nodes.get(1).admin("POST", "api/admin/targets/p-2/probe", null).statusCode()).isEqualTo(202);
            ClusterHarness.StoredRun run = await().atMost(Duration.ofSeconds(60)).alias("the run asked for is stored")
                    .until(() -> h.runs().stream().filter(r -> r.target().equals("p-2") && r.finishedAt() != null)
                            .reduce((a, b) -> b), java.util.Optional::isPresent).orElseThrow();
            for (ClusterHarness.Node n : nodes) {
                await().atMost(Duration.ofSeconds(30)).alias("run " + run.id() + " of " + run.node() + " on " + n.name + "'s page")
                        .until(() -> componentUpdatedAt(n.json("api/v2/summary.json"), "p-2")
                                .equals(run.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
            }

            // `shipwatch nodes` lists the three, alive, with the runs each started.
            java.io.StringWriter out = new java.io.StringWriter();
            picocli.CommandLine cli = Main.commandLine();
            cli.setOut(new java.io.PrintWriter(out, true));
            assertThat(cli.execute("nodes", "--config", config.toString(), "--json")).isZero();
            JsonNode listed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString()).path("members");
            assertThat(StreamSupport.stream(listed.spliterator(), false).map(m -> m.path("node").asText()))
                    .containsExactly("node-1", "node-2", "node-3");
            assertThat(listed).allSatisfy(m -> assertThat(m.path("alive").asBoolean()).as(m.toString()).isTrue());
            assertThat(StreamSupport.stream(listed.spliterator(), false).mapToLong(m -> m.path("runs_last_10m").asLong()).sum())
                    .isEqualTo(h.runs().size());
            out.getBuffer().setLength(0);
            assertThat(cli.execute("nodes", "--config", config.toString())).isZero();
            assertThat(out.toString()).startsWith("node ").contains("node-1 ", "node-2 ", "node-3 ");

            // A second process under node 2's name is refused, naming both; node 2 keeps running.
            ClusterHarness.Node twin = h.start("node-2", config);
            assertThat(twin.process.waitFor(90, TimeUnit.SECONDS)).as("the twin stops by itself").isTrue();
            assertThat(twin.process.exitValue()).isNotZero();
            assertThat(twin.logText()).contains("node name \"node-2\" is taken by a live node on host");
            assertThat(nodes.get(1).process.isAlive()).isTrue();
            assertThat(nodes.get(1).json("health").path("cluster").path("holds_its_name").asBoolean()).isTrue();
        }
    }

    @Test
    void eachFireRunsOncePerLocationAndATargetFailingInFewerLocationsThanItsQuorumIsDegradedAndDoesNotPage() throws Exception {
        try (ClusterHarness h = new ClusterHarness(dir)) {
            // both targets in eu and us, quorum 2 (the majority of two); "split" fails only in us, "down" in both
            Path config = h.config("shipwatch.yml", 1, List.of("split", "down"), "6s", 0.3, 64, h.alerting(), List.of("eu", "us"));
            h.broken("split", "us", true);
            h.broken("down", true);
            List<ClusterHarness.Node> nodes = List.of(h.start("node-1", config, "eu"), h.start("node-2", config, "eu"),
                    h.start("node-3", config, "us"));
            for (ClusterHarness.Node n : nodes) {
                assertThat(n.awaitUp(UP)).as(h.logs()).isTrue();
            }
            await().atMost(Duration.ofSeconds(60)).alias("four finished fires of each target in each location, and a page")
                    .until(() -> {
                        java.util.Map<String, Long> finished = h.runs().stream().filter(r -> r.scheduledAt() != null
                                        && !r.outcome().equals("running"))
                                .collect(Collectors.groupingBy(r -> r.target() + "@" + r.location(), Collectors.counting()));
                        return List.of("split@eu", "split@us", "down@eu", "down@us").stream()
                                .allMatch(k -> finished.getOrDefault(k, 0L) >= 4) && !triggers(h.pagerDuty).isEmpty();
                    });
            JsonNode summary = await().atMost(Duration.ofSeconds(30)).alias("every node's page shows the verdicts")
                    .until(() -> nodes.get(2).json("api/v2/summary.json"),
                            j -> componentStatus(j, "split").equals("degraded_performance")
                                    && componentStatus(j, "down").equals("major_outage"));
            assertThat(nodes.get(0).get("components/split").body()).as("eu's page names the failing location")
                    .contains("Failing in us (an outage takes 2 of 2 locations)");
            assertThat(summary.path("components").size()).isEqualTo(2);
            for (ClusterHarness.Node n : nodes) {
                assertThat(n.stop()).as(n.name).isZero();
            }

            List<ClusterHarness.StoredRun> runs = h.runs().stream().filter(r -> r.scheduledAt() != null).toList();
            assertThat(runs).as("runs in us only on node-3, in eu only on nodes 1 and 2")
                    .allSatisfy(r -> assertThat(r.node()).isIn(r.location().equals("us") ? List.of("node-3") : List.of("node-1", "node-2")));
            java.util.Map<String, List<Instant>> fires = runs.stream().collect(Collectors.groupingBy(
                    r -> r.target() + "@" + r.location(), java.util.TreeMap::new,
                    Collectors.mapping(ClusterHarness.StoredRun::scheduledAt, Collectors.toList())));
            assertThat(fires).containsOnlyKeys("split@eu", "split@us", "down@eu", "down@us");
            fires.forEach((where, at) -> {
                List<Instant> sorted = at.stream().sorted().toList();
                for (int i = 1; i < sorted.size(); i++) {
                    assertThat(Duration.between(sorted.get(i - 1), sorted.get(i))).as("fires of " + where + " run once each")
                            .isGreaterThanOrEqualTo(Duration.ofSeconds(6));
                }
            });
            assertThat(triggers(h.pagerDuty)).as("only the target failing in both locations pages, once").hasSize(1);
            assertThat(h.pagerDuty.incidents("shipwatch/split")).isEmpty();
            assertThat(h.pagerDuty.incidents("shipwatch/down")).hasSize(1);
        }
    }

    private static String componentStatus(JsonNode summary, String component) {
        for (JsonNode c : summary.path("components")) {
            if (c.path("name").asText().equals(component)) {
                return c.path("status").asText();
            }
        }
        return "";
    }

    private static Instant componentUpdatedAt(JsonNode summary, String component) {
        for (JsonNode c : summary.path("components")) {
            if (c.path("name").asText().equals(component)) {
                return Instant.parse(c.path("updated_at").asText());
            }
        }
        throw new AssertionError("no component " + component + " in " + summary);
    }

    private static List<FakePagerDuty.Received> triggers(FakePagerDuty pd) {
        return pd.ingested().stream().filter(r -> r.action().equals("trigger")).toList();
    }

    private static List<FakePagerDuty.Received> resolves(FakePagerDuty pd) {
        return pd.ingested().stream().filter(r -> r.action().equals("resolve")).toList();
    }

    /** Waits until {@code second} seconds after {@code t0}: the test's script, not synchronisation. */
    private static void atSecond(long t0, int second) throws InterruptedException {
        long left = t0 + TimeUnit.SECONDS.toNanos(second) - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
