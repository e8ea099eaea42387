package dev.shipwatch.store;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What changed in the store that a page shows, for every node: a run of a target stored
 * ({@link #run(String)}), incidents or maintenance changed ({@link #PAGE}). Listeners of this
 * node hear of a change when its transaction has committed; on PostgreSQL the transaction also
 * sends a {@code NOTIFY}, which PostgreSQL delivers to the other nodes at commit, and a thread
 * here listens for theirs. (Chosen over polling a change counter: a change arrives in
 * milliseconds, says which target it was — so other nodes re-render just that — and costs
 * nothing while nothing changes.) Notifications missed while the listening connection was down
 * are made up by {@link #EVERYTHING} once it is back.
 */
public final class Changes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Changes.class);
    static final String CHANNEL = "shipwatch_changes";
    /** Incidents or maintenance changed. */
    public static final String PAGE = "page";
    /** Anything may have changed (notifications were missed). */
    public static final String EVERYTHING = "*";
    private static final String RUN = "run ";
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    private final HikariDataSource pool;
    private final boolean notify;
    /** Tells this node's own notifications apart when they come back. */
    private final String origin = UUID.randomUUID().toString();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private Thread listener;
    private volatile boolean closed;

    Changes(HikariDataSource pool, Vendor vendor) {
        this.pool = pool;
        this.notify = vendor == Vendor.POSTGRESQL;
    }

    /** The change "a run of {@code target} was stored". */
    public static String run(String target) {
        return RUN + target;
    }

    /** The target of a run change, or null for another change. */
    public static String targetOf(String change) {
        return change.startsWith(RUN) ? change.substring(RUN.length()) : null;
    }

    /**
     * Hears every change from now on, this node's and (on PostgreSQL) the others'. Listeners must
     * be quick and must not throw; they run on the committing thread or the listening thread.
     */
    public synchronized void listen(Consumer<String> l) {
        listeners.add(l);
        if (notify && listener == null) {
            listener = new Thread(this::listenLoop, "store-changes");
            listener.setDaemon(true);
            listener.start();
        }
    }

    /** Inside the writing transaction: other nodes hear of {@code change} when it commits. */
    void send(Connection c, String change) throws SQLException {
        if (notify) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, CHANNEL);
                ps.setString(2, origin + " " + change);
                ps.execute();
            }
        }
    }

    /** After the commit: this node's listeners. */
    void committed(String change) {
        tell(change);
    }

    private void tell(String change) {
        for (Consumer<String> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                log.warn("a listener of store changes failed on {}: {}", change, e.toString());
            }
        }
    }

    /** A connection of its own (not the pool's: it is held for ever), listening; reconnects after a failure. */
    private void listenLoop() {
        boolean missed = false;
        while (!closed) {
            Properties props = new Properties();
            if (pool.getUsername() != null) {
                props.setProperty("user", pool.getUsername());
            }
            if (pool.getPassword() != null) {
                props.setProperty("password", pool.getPassword());
            }
            try (Connection c = DriverManager.getConnection(pool.getJdbcUrl(), props)) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (missed) {
                    tell(EVERYTHING); // what came while no one listened
                    missed = false;
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] got = pg.getNotifications((int) RECONNECT.toMillis());
                    if (got == null) {
                        continue;
                    }
                    for (PGNotification n : got) {
                        String payload = n.getParameter();
                        int space = payload.indexOf(' ');
                        if (space > 0 && !payload.substring(0, space).equals(origin)) {
                            tell(payload.substring(space + 1));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                missed = true;
                log.warn("not hearing of other nodes' changes, listening again in {} s: {}", RECONNECT.toSeconds(), e.getMessage());
                try {
                    Thread.sleep(RECONNECT.toMillis()); // the reconnect's pace
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = listener;
        }
        if (t != null) {
            try {
                t.join(RECONNECT.multipliedBy(3).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
