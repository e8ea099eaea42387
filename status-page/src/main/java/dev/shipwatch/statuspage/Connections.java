package dev.shipwatch.statuspage;

import dev.shipwatch.config.Server;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the page's connections within bounds, so that idle, slow or too many clients cannot
 * take the file descriptors the monitor's runs need:
 * <ul>
 *   <li>a new connection whose request line and headers have not all arrived within
 *       {@code header-timeout} is closed, however slowly its bytes trickle in (slowloris);</li>
 *   <li>(idle connections, kept alive or stalled, are the server's idle timeout's: no bytes
 *       either way for {@code idle-timeout};)</li>
 *   <li>at most {@link #cap()} connections are open: at the cap a new connection takes the place
 *       of the one that has waited longest for a request (an attacker's idle sockets make room
 *       for real readers), or is closed when every connection is busy; a line says so, at most
 *       once every {@value #CAP_LOG_EVERY_MS} ms.</li>
 * </ul>
 * The cap is also kept below what the process may open minus a reserve for runs (processes,
 * sockets, files, the database). A kept-alive connection waits for its next request from the
 * end of its last response; it is not timed (its response may still be on its way to a slow
 * reader), but it is the first to make room at the cap. Every method runs on event-loop threads; the state is
 * concurrent.
 */
final class Connections {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);
    static final long CAP_LOG_EVERY_MS = 10_000;
    /** File descriptors kept for everything but page connections: at least this many, or a quarter. */
    static final long FD_RESERVE = 2_048;

    /**
     * One open connection: since when it has waited for a request's headers (0: a request is in
     * progress), and when it started waiting among all connections (the eviction order).
     */
    private final class State {
        final boolean kept; // false until the connection's first request
        volatile long waitingSince;
        volatile long waitingOrder;

        State(boolean kept, long since) {
            this.kept = kept;
            waitFrom(since);
        }

        void waitFrom(long since) {
            waitingSince = since;
            waitingOrder = since == 0 ? Long.MAX_VALUE : order.incrementAndGet();
        }
    }

    private final AtomicLong order = new AtomicLong();

    private final Map<HttpConnection, State> open = new ConcurrentHashMap<>();
    private final long headerTimeoutMs;
    private final int cap;
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private volatile long lastCapLog;

    Connections(Server config) {
        this(config, maxFileDescriptors());
    }

    Connections(Server config, long maxFileDescriptors) {
        this.headerTimeoutMs = config.headerTimeout().toMillis();
        this.cap = cap(config.maxConnections(), maxFileDescriptors);
        if (cap < config.maxConnections()) {
            log.warn("server.max-connections {} lowered to {}: this process may open {} files, and runs keep {} of them",
                    config.maxConnections(), cap, maxFileDescriptors, reserve(maxFileDescriptors));
        }
    }

    /** At most {@code configured}, and never so many that runs could not open files (but at least 16). */
    static int cap(int configured, long maxFileDescriptors) {
        if (maxFileDescriptors <= 0) {
            return configured; // unknown: trust the setting
        }
        long room = Math.max(16, maxFileDescriptors - reserve(maxFileDescriptors));
        return (int) Math.min(configured, room);
    }

    static long reserve(long maxFileDescriptors) {
        return Math.max(FD_RESERVE, maxFileDescriptors / 4);
    }

    int cap() {
        return cap;
    }

    int open() {
        return open.size();
    }

    /** Checks the timeouts every {@code every} on the event loop (their resolution); returns the timer's id. */
    long police(Vertx vertx, Duration every) {
        return vertx.setPeriodic(every.toMillis(), id -> closeExpired(System.currentTimeMillis()));
    }

    /** A connection was accepted. */
    void opened(HttpConnection c) {
        long now = System.currentTimeMillis();
        if (open.size() >= cap && !evictLongestWaiting()) {
            refused(c);
            return;
        }
        open.put(c, new State(false, now));
        c.closeHandler(v -> open.remove(c));
    }

    /** A request's headers are complete: the connection is busy until its response ends. */
    void request(HttpServerRequest req) {
        HttpConnection c = req.connection();
        State s = open.get(c);
        if (s == null) {
            return; // refused, or already closed
        }
        if (!s.kept) {
            s = new State(true, 0);
            open.put(c, s);
        } else {
            s.waitFrom(0);
        }
        State busy = s;
        req.response().endHandler(v -> busy.waitFrom(System.currentTimeMillis()));
    }

    void closeExpired(long now) {
        for (Map.Entry<HttpConnection, State> e : open.entrySet()) {
            State s = e.getValue();
            long since = s.waitingSince;
            if (!s.kept && since != 0 && now - since >= headerTimeoutMs) {
                open.remove(e.getKey());
                e.getKey().close();
            }
        }
    }

    /** Closes the connection that has waited longest for a request; false when every one is busy. */
    private boolean evictLongestWaiting() {
        HttpConnection oldest = null;
        long oldestOrder = Long.MAX_VALUE;
        for (Map.Entry<HttpConnection, State> e : open.entrySet()) {
            long order = e.getValue().waitingOrder;
            if (order < oldestOrder) {
                oldest = e.getKey();
                oldestOrder = order;
            }
        }
        if (oldest == null || open.remove(oldest) == null) {
            return false;
        }
        oldest.close();
        capReached("closed the connection that waited longest for a request");
        return true;
    }

    private void refused(HttpConnection c) {
        refusedSinceLog.incrementAndGet();
        c.close();
        capReached("refused a new connection");
    }

    private void capReached(String what) {
        long now = System.currentTimeMillis();
        if (now - lastCapLog >= CAP_LOG_EVERY_MS) {
            lastCapLog = now;
            log.warn("status page: {} open connections, the cap (server.max-connections): {}; {} refused in the last {} s",
                    cap, what, refusedSinceLog.getAndSet(0), CAP_LOG_EVERY_MS / 1000);
        }
    }

    /** The process's limit on open files, or -1 where the platform does not say. */
    static long maxFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
