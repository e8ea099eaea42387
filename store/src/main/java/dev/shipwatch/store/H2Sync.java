package dev.shipwatch.store;

import org.h2.mvstore.RandomAccessStore;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
 * After each {@code CHECKPOINT} it waits for H2's queued writes and writes H2's file header, so
 * that an open after a kill finds every chunk written (docs/dependencies.md, traps 21 and 25).
 */
final class H2Sync implements Durability, AutoCloseable {
    /** A sync that waits longer than this fails: the store is broken, and the caller says so. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** {@code RandomAccessStore.writeStoreHeader()}, private in H2 2.5.252; null if a later H2 has none. */
    private static final Method WRITE_STORE_HEADER = storeHeaderWriter();

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
        var mvStore = session.getDatabase().getStore().getMvStore();
        var fileStore = mvStore.getFileStore();
        if (fileStore instanceof RandomAccessStore file && WRITE_STORE_HEADER != null) {
            // under the store's lock, once both queues are empty: no chunk is being written
            mvStore.executeFilestoreOperation(() -> writeStoreHeader(file));
        } else if (fileStore != null) {
            fileStore.executeFileStoreOperation(() -> { });
        }
    }

    /**
     * H2 finds its newest chunk at open from the file header, then by each chunk's guess of where
     * the next goes; it is meant to rewrite the header when a chunk lands elsewhere (in reused
     * space), and does not always: after a kill, complete chunks written since the header was
     * last written were ignored, and runs this class had reported stored were gone
     * (docs/dependencies.md, trap 25). So after each sync the header names the newest chunk.
     */
    private static void writeStoreHeader(RandomAccessStore file) {
        if (file.lastChunkVersion() == org.h2.mvstore.DataUtils.readHexLong(file.getStoreHeader(), "version", -1)) {
            return; // the header names the newest chunk already
        }
        // A header written now must not say "shut down cleanly" (H2 keeps that mark from the last
        // open until its first chunk): a kill would then skip the checks of an unclean open.
        file.getStoreHeader().remove("clean");
        try {
            WRITE_STORE_HEADER.invoke(file);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static Method storeHeaderWriter() {
        try {
            Method m = RandomAccessStore.class.getDeclaredMethod("writeStoreHeader");
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            return null;
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
