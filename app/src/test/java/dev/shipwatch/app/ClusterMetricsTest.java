package dev.shipwatch.app;

import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import dev.shipwatch.statuspage.MovableClock;
import dev.shipwatch.store.RunStarted;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shipwatch_node_runs{node}}: one gauge per node, registered once and read at each scrape,
 * so that a scrape running during a heartbeat never sees a node twice.
 */
class ClusterMetricsTest {
    @Test
    void eachNodeHasOneGaugeThatFollowsItsRunsAndGoesWithIt(@TempDir Path dir) throws Exception {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        MovableClock clock = new MovableClock(now);
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("db"), "", ""))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Cluster cluster = new Cluster(db.cluster(), false, db.runs(), "node-1", "host", "default", clock, r -> { }, () -> { });
            cluster.bindTo(registry);
            db.runs().started(run("a", "node-1", now.minusSeconds(60)));
            db.runs().started(run("b", "node-2", now.minusSeconds(30)));

            cluster.tick();
            Gauge first = registry.find("shipwatch.node.runs").tag("node", "node-1").gauge();
            assertThat(first).isNotNull();
            assertThat(first.value()).isEqualTo(1);
            assertThat(registry.find("shipwatch.node.runs").tag("node", "node-2").gauge().value()).isEqualTo(1);

            db.runs().started(run("c", "node-1", now.minusSeconds(10)));
            cluster.tick();
            assertThat(registry.find("shipwatch.node.runs").tag("node", "node-1").gauges())
                    .as("the same gauge, not a new one per heartbeat").containsExactly(first);
            assertThat(first.value()).isEqualTo(2);

            // node-2's only run leaves the ten-minute window: its gauge goes, node-1's stays
            clock.set(now.plus(Duration.ofSeconds(580))); // the window now starts 20 s before the first tick
            cluster.tick();
            assertThat(registry.find("shipwatch.node.runs").tag("node", "node-2").gauge()).isNull();
            assertThat(registry.find("shipwatch.node.runs").tag("node", "node-1").gauges()).containsExactly(first);
            assertThat(first.value()).isEqualTo(1);
        }
    }

    private static RunStarted run(String id, String node, Instant at) {
        return new RunStarted(id, "t-" + id, "local", "c", at, node, Duration.ofMinutes(1));
    }
}
