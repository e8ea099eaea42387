package dev.shipwatch.store;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Finishes the commits that a crash interrupted in the embedded H2 (docs/dependencies.md, trap
 * 23). When the process dies after a transaction was marked committed but before its changes were
 * rewritten as committed, H2 finds it again on open, in state COMMITTED, and is meant to finish
 * it; {@code Transaction.commit()} does nothing for a transaction already in that state, so it
 * stays open for good. Its rows then read as before the commit (a stored run is missing), and a
 * write to one of them spins at full CPU forever, ignoring the lock timeout: after one kill -9,
 * Quartz's start-up updated a trigger that such a transaction had touched and the monitor never
 * came up. This does what H2's recovery intends, through the same package-private methods its
 * commit uses, right after the database opened and before anything else writes.
 */
final class H2Leftovers {
    private static final Logger log = LoggerFactory.getLogger(H2Leftovers.class);

    private H2Leftovers() {
    }

    /** Finishes every transaction of the just-opened embedded database that a crash left committed but open. */
    static int finish(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (!(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return 0; // a server's database: its own process recovers it
            }
            TransactionStore store = session.getDatabase().getStore().getTransactionStore();
            Method commit = TransactionStore.class.getDeclaredMethod("commit", Transaction.class, boolean.class);
            Method close = Transaction.class.getDeclaredMethod("close", boolean.class, Throwable.class);
            commit.setAccessible(true);
            close.setAccessible(true);
            int finished = 0;
            for (Transaction t : store.getOpenTransactions()) {
                // Nothing else runs yet: a transaction in this state can only be a leftover.
                if (t.getStatus() == Transaction.STATUS_COMMITTED) {
                    commit.invoke(store, t, true); // recovery: its undo log is already marked committed
                    close.invoke(t, true, null);
                    finished++;
                }
            }
            if (finished > 0) {
                log.warn("finished {} transaction(s) whose commit a crash interrupted (H2 leaves them open)", finished);
            }
            return finished;
        } catch (SQLException | ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            throw new StoreException("cannot finish the commits a crash interrupted: " + cause, cause);
        }
    }
}
