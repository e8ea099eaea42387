package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on an H2 file database, the embedded default. */
class H2RunStoreTest extends RunStoreContract {
    @TempDir
    static Path dir;

    @Override
    Storage storage() {
        // A folder that does not exist yet, like ./data/ on a first start.
        return new Storage("jdbc:h2:file:" + dir.resolve("data/shipwatch"), null, null);
    }

    @Test
    void theDatabaseLivesInAFileUnderTheConfiguredFolder() {
        assertThat(dir.resolve("data/shipwatch.mv.db")).isRegularFile();
        assertThat(db.vendor()).isEqualTo(Vendor.H2);
        assertThat(db.vendor().quartzDelegate()).isEqualTo("org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    }
}
