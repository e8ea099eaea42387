package dev.shipwatch.config;

import java.time.Duration;

/**
 * The HTTP server. {@code adminToken} is empty when no token is configured (then there are
 * no admin routes at all); it never appears in {@link #toString()}.
 *
 * @param maxConnections   open connections at most; more are closed as they arrive
 * @param headerTimeout    a new connection's request line and headers must arrive within this
 * @param idleTimeout      a connection with no bytes in either direction for this long is closed
 *                         (a kept-alive connection between requests, a client that stopped reading)
 */
public record Server(String host, int port, String adminToken, int maxConnections, Duration headerTimeout,
                     Duration idleTimeout) {
    public static final int DEFAULT_MAX_CONNECTIONS = 1_000;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** A server with the default limits. */
    public Server(String host, int port, String adminToken) {
        this(host, port, adminToken, DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    public boolean adminEnabled() {
        return adminToken != null && !adminToken.isEmpty();
    }

    @Override
    public String toString() {
        return "Server[host=" + host + ", port=" + port + ", adminToken=" + (adminEnabled() ? "***" : "")
                + ", maxConnections=" + maxConnections + ", headerTimeout=" + headerTimeout
                + ", idleTimeout=" + idleTimeout + "]";
    }
}
