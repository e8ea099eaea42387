package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.AfterAll;

import java.sql.SQLException;

/** The incident and maintenance contract on PostgreSQL; skipped when no server answers on 127.0.0.1:5432. */
class PostgresIncidentMaintenanceTest extends IncidentMaintenanceContract {
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
}
