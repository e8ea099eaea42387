package dev.shipwatch.config;

/** The JDBC database; {@code password} may be empty and never appears in {@link #toString()}. */
public record Storage(String url, String user, String password) {
    @Override
    public String toString() {
        return "Storage[url=" + url + ", user=" + user + ", password=" + (password == null || password.isEmpty() ? "" : "***") + "]";
    }
}
