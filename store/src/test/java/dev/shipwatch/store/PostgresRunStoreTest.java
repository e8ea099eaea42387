package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract on PostgreSQL at 127.0.0.1:5432 (database {@code test}), in a schema of
 * its own that is dropped afterwards; skipped when no server answers there.
 */
class PostgresRunStoreTest extends RunStoreContract {
    private PostgresTestSchema schema;

    @Override
    Storage storage() {
        if (schema == null) {
            schema = PostgresTestSchema.createOrSkip();
        }
        return schema.storage();
    }

    @AfterAll
    void dropSchema() throws SQLException {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void everyTableLivesInTheSchemaNamedInTheUrl() throws SQLException {
        assertThat(db.vendor()).isEqualTo(Vendor.POSTGRESQL);
        assertThat(db.vendor().quartzDelegate()).isEqualTo("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        // Other schemas in the shared test database (other tests, other runs) may hold the same
        // tables; what matters is that ours has all of them and the default schema none.
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_schema FROM information_schema.tables "
                     + "WHERE table_name IN ('probe_runs', 'daily_rollups', 'qrtz_locks', 'flyway_schema_history') "
                     + "AND table_schema IN ('public', '" + schema.schema() + "')")) {
            int tables = 0;
            while (rs.next()) {
                assertThat(rs.getString(1)).isEqualTo(schema.schema());
                tables++;
            }
            assertThat(tables).isEqualTo(4);
        }
    }
}
