package dev.shipwatch.config;

/**
 * The HTTP server. {@code adminToken} is empty when no token is configured (then there are
 * no admin routes at all); it never appears in {@link #toString()}.
 */
public record Server(String host, int port, String adminToken) {
    public boolean adminEnabled() {
        return adminToken != null && !adminToken.isEmpty();
    }

    @Override
    public String toString() {
        return "Server[host=" + host + ", port=" + port + ", adminToken=" + (adminEnabled() ? "***" : "") + "]";
    }
}
