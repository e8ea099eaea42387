package dev.shipwatch.prober.schedule;

import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An embedded store saved from {@code bench/crash} after a kill -9 left QRTZ_FIRED_TRIGGERS torn
 * (its primary key's index has an entry whose row is gone). To keep it small the other tables
 * were emptied and the file compacted; two indexes on the table that a draft of V35 had were
 * dropped (the tear is in the primary key's) and the history row of V35 set to the final script.
 * Quartz's own recovery could not delete the fired triggers, and every later start of the
 * monitor failed (docs/dependencies.md, trap 24). A node alone starts on it all the same.
 */
class TornFiredTriggersTest {
    @TempDir
    Path dir;

    @Test
    void aNodeAloneStartsOnAStoreWhoseFiredTriggersACrashLeftTorn() throws Exception {
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/h2/torn-fired-triggers.mv.db.gz"))) {
            Files.copy(in, dir.resolve("shipwatch.mv.db"));
        }
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("shipwatch") + ";LOCK_TIMEOUT=1000", "", ""))) {
            // the tear, as Quartz met it
            assertThatThrownBy(() -> update(db, "DELETE FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = 'shipwatch'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("Timeout trying to lock table");

            ProbeScheduler scheduler = new ProbeScheduler(new ProbeScheduler.Settings("shipwatch", "crash-node",
                    db.vendor().quartzDelegate(), false, 2, Duration.ofSeconds(7)), db.dataSource(), ProbeSchedulerTest.runner(t -> { }));
            try {
                scheduler.start();
                assertThat(scheduler.isRunning()).isTrue();
            } finally {
                scheduler.close();
            }
            // the table takes writes again (the started scheduler may have fired a trigger or two meanwhile)
            assertThatCode(() -> update(db, "DELETE FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = 'shipwatch'"))
                    .doesNotThrowAnyException();
        }
    }

    private static int update(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }
}
