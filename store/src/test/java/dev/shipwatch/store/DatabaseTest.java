package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {
    @Test
    void anUnreachableDatabaseFailsNamingTheUrlButNotThePassword() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/shipwatch?password=hunter2&ssl=false";

        assertThatThrownBy(() -> Database.open(new Storage(url, "monitor", "s3cret")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + closedPort + "/shipwatch?password=***&ssl=false")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void anUnsupportedUrlFailsListingTheSupportedOnes() {
        assertThatThrownBy(() -> Database.open(new Storage("jdbc:mysql://db/shipwatch?password=hunter2", null, null)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("\"jdbc:mysql://db/shipwatch?password=***\" is not supported")
                .hasMessageContaining("jdbc:h2:")
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anEmbeddedH2KeepsParsedStatementsButNotLastResults(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("db"), "", ""));
             java.sql.Connection c = db.dataSource().getConnection()) {
            assertThat(setting(c, "QUERY_CACHE_SIZE")).isEqualTo("64");
            // not among H2's listed settings: asked of the database itself
            org.h2.engine.SessionLocal session = (org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
            assertThat(session.getDatabase().getOptimizeReuseResults()).isFalse();
        }
        // a URL's own choice wins
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("db") + ";QUERY_CACHE_SIZE=16", "", ""));
             java.sql.Connection c = db.dataSource().getConnection()) {
            assertThat(setting(c, "QUERY_CACHE_SIZE")).isEqualTo("16");
        }
    }

    private static String setting(java.sql.Connection c, String name) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
            ps.setString(1, name);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
