package dev.shipwatch.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for the embedded H2: callers of {@link #sync()} wait for one {@code CHECKPOINT}
 * that started after their call (H2 then writes everything committed so far to its file), run
 * by one thread of its own for all of them: runs finishing together share one write. The
 * thread is never interrupted (an interrupt during H2's file I/O would close the database; the
 * URL's {@code retry:} file system makes that harmless, but this thread does not rely on it).
 */
final class H2Sync implements Durability, AutoCloseable {
    /** A sync that waits longer than this fails: the store is broken, and the caller says so. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final Thread thread;
    /** Guarded by {@code this}: the newest ticket handed out, the newest written, the newest failed. */
    private long requested;
    private long written;
    private long failed;
    private RuntimeException failure;
    private boolean closed;

    H2Sync(DataSource dataSource) {
        this.dataSource = dataSource;
        this.thread = new Thread(this::loop, "h2-sync");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void sync() {
        boolean interrupted = false;
        try {
            synchronized (this) {
                long ticket = ++requested;
                notifyAll();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (written < ticket) {
                    if (failed >= ticket) {
                        throw new StoreException("cannot write the database to disk: " + failure.getMessage(), failure);
                    }
                    if (closed) {
                        throw new StoreException("cannot write the database to disk: the store is closed");
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new StoreException("cannot write the database to disk: no write finished within "
                                + TIMEOUT.toSeconds() + " s");
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        interrupted = true; // waited out all the same: the caller's commit must reach the disk
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (true) {
            long ticket;
            synchronized (this) {
                while (requested == Math.max(written, failed) && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // never interrupted by us; keep serving waiters
                    }
                }
                if (closed) {
                    notifyAll();
                    return;
                }
                ticket = requested;
            }
            RuntimeException error = null;
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
                drainWrites(c);
            } catch (SQLException | RuntimeException e) {
                error = new StoreException(e.getMessage(), e);
            }
            synchronized (this) {
                if (error == null) {
                    written = ticket;
                } else {
                    failed = ticket;
                    failure = error;
                }
                notifyAll();
            }
        }
    }

    /**
     * Waits for the chunk writes H2 has queued. With a write delay, H2 writes chunks through two
     * single-thread executors (serialize, then save), and {@code CHECKPOINT} returns without
     * storing when the background writer stored in the meantime — while that store may still be
     * queued: a run then logged as stored was lost by a kill right after (CrashRecoveryTest,
     * docs/dependencies.md trap 21). A file-store operation runs only after both queues are empty.
     */
    private static void drainWrites(Connection c) throws SQLException {
        var session = (org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
        var fileStore = session.getDatabase().getStore().getMvStore().getFileStore();
        if (fileStore != null) {
            fileStore.executeFileStoreOperation(() -> { });
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
