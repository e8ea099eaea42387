package dev.shipwatch.store;

import dev.shipwatch.config.Storage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A private schema in the shared PostgreSQL test database ({@code 127.0.0.1:5432/test}, trust
 * auth), so test runs of several projects never see each other's tables. {@link Database#open}
 * creates the schema named in the URL; {@link #close()} drops it.
 *
 * <pre>{@code
 * try (var pg = PostgresTestSchema.createOrSkip(); var db = Database.open(pg.storage())) { ... }
 * }</pre>
 */
public final class PostgresTestSchema implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;
    private static final String BASE_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/test";
    private static final List<String> USERS = List.of("postgres", "root");

    private final String schema;
    private final String user;

    private PostgresTestSchema(String schema, String user) {
        this.schema = schema;
        this.user = user;
    }

    /**
     * A fresh schema name for this run; skips the calling test (JUnit assumption) when nothing
     * listens on 127.0.0.1:5432, and fails when a server answers but refuses both
     * {@code postgres} and {@code root}.
     */
    public static PostgresTestSchema createOrSkip() {
        assumeTrue(listening(), "PostgreSQL tests skipped: nothing answers on " + HOST + ":" + PORT);
        String schema = "sw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        return new PostgresTestSchema(schema, workingUser());
    }

    public String schema() {
        return schema;
    }

    /** Storage pointing at the schema (created by {@link Database#open} when missing). */
    public Storage storage() {
        return new Storage(BASE_URL + "?currentSchema=" + schema, user, "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(BASE_URL, user, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String workingUser() {
        SQLException last = null;
        for (String user : USERS) {
            try (Connection c = DriverManager.getConnection(BASE_URL, user, "")) {
                if (c.isValid(2)) {
                    return user;
                }
            } catch (SQLException e) {
                last = e;
            }
        }
        throw new IllegalStateException("PostgreSQL answers on " + HOST + ":" + PORT + " but database test accepts none of "
                + USERS + " without a password", last);
    }
}
