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
}
