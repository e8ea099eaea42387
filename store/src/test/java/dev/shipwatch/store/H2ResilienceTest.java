package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the embedded store survives: threads interrupted inside its file I/O, a full disk. */
class H2ResilienceTest {
    private static final Duration HOLD = Duration.ofMinutes(10);
    private static final Instant T0 = Instant.parse("2026-03-10T10:00:00Z");

    @TempDir
    Path dir;

    @AfterEach
    void diskHasSpace() {
        DiskFull.free();
    }

    @Test
    void aThreadInterruptedWhileItStoresNeitherLosesARunNorClosesTheDatabase() throws Exception {
        Storage storage = new Storage("jdbc:h2:file:" + dir.resolve("shipwatch"), "", "");
        int runs = 60;
        try (Database db = Database.open(storage)) {
            Thread writer = Thread.currentThread();
            AtomicBoolean done = new AtomicBoolean();
            // Interrupts land anywhere, in H2's file I/O too: with no write delay each committing
            // thread writes the file itself (as a thread reading pages reads it), and a CHECKPOINT
            // after each run writes everything.
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SET WRITE_DELAY 0");
            }
            Thread interrupter = new Thread(() -> {
                while (!done.get()) {
                    writer.interrupt();
                    LockSupport.parkNanos(500_000); // a stop interrupts once; this is hundreds of stops
                }
            });
            interrupter.start();
            try {
                for (int i = 0; i < runs; i++) {
                    Thread.interrupted(); // a pool does not hand out connections to an interrupted thread
                    db.runs().finished(Runs.finished("t", "run-" + i, T0.plusSeconds(i), Outcome.SUCCESS), HOLD);
                    Thread.interrupted();
                    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                        s.execute("CHECKPOINT");
                    }
                }
            } finally {
                done.set(true);
                while (interrupter.isAlive()) {
                    try {
                        interrupter.join();
                    } catch (InterruptedException pending) {
                        // its last interrupts
                    }
                }
                Thread.interrupted();
            }
            assertThat(db.runs().recent("t", runs + 1)).hasSize(runs);
        }
        try (Database reopened = Database.open(storage)) {
            assertThat(reopened.runs().recent("t", runs + 1)).hasSize(runs);
            assertThat(reopened.runs().rollups("t", Runs.day(T0), Runs.day(T0)).get(0).runs()).isEqualTo(runs);
        }
    }

    @Test
    void aFullDiskFailsWritesLoudlyAndTheSameDatabaseStoresAgainOnceThereIsSpace() {
        DiskFull.register();
        Storage storage = new Storage("jdbc:h2:file:diskfull:" + dir.resolve("shipwatch"), "", "");
        try (Database db = Database.open(storage)) {
            db.runs().finished(Runs.finished("t", "before", T0, Outcome.SUCCESS), HOLD);

            DiskFull.fill();
            assertThatThrownBy(() -> db.runs().finished(Runs.finished("t", "during", T0.plusSeconds(60), Outcome.FAILED), HOLD))
                    .isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> db.runs().started(new RunStarted("during-2", "t", "local", "c", T0.plusSeconds(120),
                    "node", HOLD))).isInstanceOf(StoreException.class);

            DiskFull.free();
            db.runs().finished(Runs.finished("t", "after", T0.plusSeconds(180), Outcome.SUCCESS), HOLD);
            assertThat(db.runs().recent("t", 10)).extracting(ProbeRun::id).containsExactly("after", "before");
        }
        try (Database reopened = Database.open(storage)) {
            assertThat(reopened.runs().recent("t", 10)).extracting(ProbeRun::id).containsExactly("after", "before");
        }
    }

    @Test
    void readsOfATargetsRunsWalkTheIndexInsteadOfSortingItsHistory() throws SQLException {
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("shipwatch"), "", ""))) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                // 20,000 runs of one target, a few of another.
                s.execute("INSERT INTO probe_runs (id, target, platform, started_at, outcome, hold_ms, nonce_verified) "
                        + "SELECT 'r' || LPAD(CAST(x AS VARCHAR), 6, '0'), CASE WHEN MOD(x, 1000) = 0 THEN 'other' ELSE 'big' END, 'local', "
                        + "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00Z' + x * INTERVAL '1' MINUTE, 'success', 600000, TRUE "
                        + "FROM SYSTEM_RANGE(1, 20000)");
                s.execute("ANALYZE");
            }
            List<String> plans = new ArrayList<>();
            Instant middle = Instant.parse("2026-01-08T00:00:00Z");
            plans.add(explain(db, JdbcRunStore.RECENT, "big", "running", 20));
            plans.add(explain(db, JdbcRunStore.RECENT_ON_PLATFORM, "local", "running", 20));
            plans.add(explain(db, Rollups.BEFORE, "big", middle, "running", 4));
            plans.add(explain(db, Rollups.AFTER, "big", middle, "running", 4));
            plans.add(explain(db, RunHistory.BEFORE, "big", "running", middle));
            plans.add(explain(db, RunHistory.AFTER, "big", "running", middle));
            for (String plan : plans) {
                int scanned = Integer.parseInt(plan.replaceAll("(?s).*scanCount: (\\d+).*", "$1"));
                assertThat(scanned).as(plan).isLessThanOrEqualTo(21);
            }
        }
    }

    private static String explain(Database db, String sql, Object... params) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             var ps = c.prepareStatement("EXPLAIN ANALYZE " + sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * After every sync the file's header names the newest chunk, so that an open after a kill
     * finds it (docs/dependencies.md, trap 25: H2 left the header behind chunks written into
     * reused space, and opened an older state).
     */
    @Test
    void afterEachSyncTheFileHeaderNamesTheNewestChunk() throws Exception {
        Path file = dir.resolve("shipwatch.mv.db");
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("shipwatch"), "", ""))) {
            int behind = 0;
            for (int i = 0; i < 300; i++) {
                db.runs().started(new RunStarted("r" + i, "t", "local", "c", T0.plusSeconds(i), "node", HOLD));
                long newest;
                try (Connection c = db.dataSource().getConnection()) {
                    var session = (org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
                    newest = session.getDatabase().getStore().getMvStore().getFileStore().lastChunkVersion();
                }
                if (headerVersion(file) != newest) {
                    behind++;
                }
            }
            assertThat(behind).as("syncs after which the header named an older chunk").isZero();
        }
    }

    /** The chunk version the file header names (its first block: "H:2,block:…,version:…,fletcher:…"). */
    private static long headerVersion(Path file) throws java.io.IOException {
        byte[] block = new byte[4096];
        try (var in = java.nio.file.Files.newInputStream(file)) {
            in.readNBytes(block, 0, block.length);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(",version:([0-9a-f]+)")
                .matcher(new String(block, java.nio.charset.StandardCharsets.ISO_8859_1));
        return m.find() ? Long.parseLong(m.group(1), 16) : -1;
    }
}
