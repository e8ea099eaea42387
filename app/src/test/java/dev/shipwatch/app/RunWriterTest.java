package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.DiskFull;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs finished while the disk is full wait in memory, say so, and are stored once there is space: no restart. */
class RunWriterTest {
    private static final Duration HOLD = Duration.ofMinutes(10);
    private static final Instant T0 = Instant.parse("2026-03-10T10:00:00Z");

    @TempDir
    Path dir;

    @AfterEach
    void space() {
        DiskFull.free();
    }

    private static ProbeRun run(String id, Instant start) {
        return new ProbeRun(id, "t", "local", "c", start, start.plusSeconds(5), Outcome.SUCCESS, null,
                new PhaseTimings(1.0, 2.0, 3.0, 4.0), null, null, null, true, null, List.of());
    }

    @Test
    void runsFinishedWhileTheDiskIsFullAreKeptReportedAndStoredWhenThereIsSpaceAgain() {
        DiskFull.register();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Database db = Database.open(new Storage("jdbc:h2:file:diskfull:" + dir.resolve("shipwatch"), "", ""));
             RunWriter writer = new RunWriter(db.runs(), Clock.systemUTC(), Duration.ofMillis(100))) {
            writer.bindTo(registry);
            writer.finished(run("before", T0), HOLD);
            assertThat(writer.failing()).isFalse();

            DiskFull.fill();
            writer.started(new RunStarted("during-0", "t", "local", "c", T0.plusSeconds(60), "node", HOLD));
            for (int i = 0; i < 3; i++) {
                writer.finished(run("during-" + i, T0.plusSeconds(60L * (i + 1))), HOLD);
            }
            assertThat(writer.failing()).isTrue();
            assertThat(writer.waiting()).isEqualTo(3);
            assertThat(writer.health()).containsEntry("status", "failing").containsEntry("unstored_runs", 3);
            assertThat(registry.get("shipwatch.runs.unstored").gauge().value()).isEqualTo(3.0);
            assertThat(registry.get("shipwatch.run.store.failures").functionCounter().count()).isGreaterThanOrEqualTo(2.0);

            DiskFull.free();
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.waiting() == 0);
            assertThat(writer.failing()).isFalse();
            assertThat(writer.health()).containsEntry("status", "ok");
            writer.finished(run("after", T0.plusSeconds(600)), HOLD);
            assertThat(db.runs().recent("t", 10)).extracting(ProbeRun::id)
                    .containsExactly("after", "during-2", "during-1", "during-0", "before");
        }
    }
}
