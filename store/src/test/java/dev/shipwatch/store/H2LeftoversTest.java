package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.tx.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A database saved from {@code bench/crash} right after a kill -9 that landed inside a commit of
 * Quartz's (a trigger acquired: one fired-trigger row inserted, the trigger's state updated). H2
 * leaves that transaction open (docs/dependencies.md, trap 23); {@link Database#open} finishes it.
 */
class H2LeftoversTest {
    @TempDir
    Path dir;

    @Test
    void plainH2LeavesTheInterruptedCommitOpenAndItsRowsAsBefore() throws Exception {
        Path db = unpack();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db, "", "")) {
            var store = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore()
                    .getTransactionStore();
            // If this fails, H2 finishes such commits itself now, and H2Leftovers can go.
            assertThat(store.getOpenTransactions()).extracting(Transaction::getStatus).contains(Transaction.STATUS_COMMITTED);
            assertThat(count(c, "SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS")).isZero();
            assertThat(string(c, "SELECT TRIGGER_STATE FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = 'crash-3'")).isEqualTo("WAITING");
        }
    }

    @Test
    void openingFinishesTheCommitSoItsRowsShowAndTakeWritesAgain() throws Exception {
        Path db = unpack();
        try (Database opened = Database.open(new Storage("jdbc:h2:file:" + db, "", ""));
             Connection c = opened.dataSource().getConnection()) {
            var store = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore()
                    .getTransactionStore();
            assertThat(store.getOpenTransactions()).extracting(Transaction::getStatus).doesNotContain(Transaction.STATUS_COMMITTED);
            assertThat(string(c, "SELECT TRIGGER_NAME FROM QRTZ_FIRED_TRIGGERS")).isEqualTo("crash-3");
            assertThat(string(c, "SELECT TRIGGER_STATE FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = 'crash-3'")).isEqualTo("ACQUIRED");
            // Before the fix this write spun forever (LOCK_TIMEOUT does not apply): fail, not hang.
            int updated = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("UPDATE QRTZ_TRIGGERS SET TRIGGER_STATE = 'WAITING'");
                }
            });
            assertThat(updated).isEqualTo(20);
        }
    }

    private Path unpack() throws IOException {
        Path file = dir.resolve("shipwatch.mv.db");
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/h2/interrupted-commit.mv.db.gz"))) {
            Files.copy(in, file);
        }
        return dir.resolve("shipwatch");
    }

    private static int count(Connection c, String sql) throws SQLException {
        return Integer.parseInt(string(c, sql));
    }

    private static String string(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
