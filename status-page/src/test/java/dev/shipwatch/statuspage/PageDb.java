package dev.shipwatch.statuspage;

import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.ProbeRun;

import java.time.Duration;
import java.util.UUID;

/** A real H2 database in memory, one per test, with the schema migrated; what the page reads in tests. */
final class PageDb implements AutoCloseable {
    /** Each run's outcome holds for at most this long in the rollups (twice a 5-minute schedule). */
    static final Duration HOLD = Duration.ofMinutes(10);

    final Database db;

    PageDb() {
        db = Database.open(new Storage("jdbc:h2:mem:page-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
    }

    PageDb add(ProbeRun run) {
        db.runs().finished(run, HOLD);
        return this;
    }

    @Override
    public void close() {
        db.close();
    }
}
