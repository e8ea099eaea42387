package dev.shipwatch.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells the pool to drop its connections to an H2 database that closed itself: after a failed
 * write (a full disk) H2 closes the database, every statement on every connection to it then
 * fails, and the pool would go on handing them out. New connections open the file again, at its
 * last good state, once writing works — no restart needed.
 */
final class ClosedH2 implements SQLExceptionOverride {
    /** H2's DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN, IO_EXCEPTION_1, IO_EXCEPTION_2, FILE_CORRUPTED_1. */
    private static final Set<Integer> CLOSED = Set.of(90098, 90121, 90028, 90031, 90030);

    private volatile HikariDataSource pool;

    /** The pool this decides for; set once it exists (it takes this override when it is built). */
    void pool(HikariDataSource pool) {
        this.pool = pool;
    }

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        if (!closedDatabase(e)) {
            return Override.CONTINUE_EVICT;
        }
        HikariDataSource p = pool;
        if (p != null && p.getHikariPoolMXBean() != null) {
            // Not only this connection: all of them lead to the closed database.
            p.getHikariPoolMXBean().softEvictConnections();
        }
        return Override.MUST_EVICT;
    }

    private static boolean closedDatabase(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && CLOSED.contains(sql.getErrorCode())) {
                return true;
            }
            if (t.getClass().getName().equals("org.h2.mvstore.MVStoreException")) {
                return true;
            }
        }
        return false;
    }
}
