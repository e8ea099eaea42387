package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.AfterAll;

import java.sql.SQLException;

/** The alert store contract on PostgreSQL at 127.0.0.1:5432; skipped when no server answers there. */
class PostgresAlertStoreTest extends AlertStoreContract {
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
