package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The incident and maintenance contract on an H2 file database. */
class H2IncidentMaintenanceTest extends IncidentMaintenanceContract {
    @TempDir
    static Path dir;

    @Override
    Storage storage() {
        return new Storage("jdbc:h2:file:" + dir.resolve("shipwatch"), null, null);
    }
}
