package dev.shipwatch.statuspage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static dev.shipwatch.statuspage.PageHarness.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that are the client's fault (no Host header, a body over the limit) get a clean 4xx
 * and never an ERROR in the log: an error line must mean something is wrong with the monitor.
 */
class ClientErrorTest {
    private static Vertx vertx;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private PageHarness h;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void serve() {
        List<Target> targets = List.of(target("api", "API"));
        h = new PageHarness(vertx);
        h.add(success("api", 1));
        h.serve(StatusPageConfig.derive(targets), targets, TOKEN);
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void close() {
        root.detachAppender(log);
        h.close();
    }

    /** Vert.x logs an unhandled failure before it answers: once the answer is read, any such line is in. */
    private void assertNoWarningOrError() {
        assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void aBodyOverTheAdminLimitIs413InTheApiShape() throws Exception {
        HttpResponse<String> r = h.admin("POST", "/api/admin/incidents", TOKEN,
                "{\"name\":\"" + "x".repeat(AdminApi.BODY_LIMIT) + "\"}");

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(PageHarness.JSON.readTree(r.body()).path("error").asText()).isEqualTo("too_large");
        assertNoWarningOrError();
    }

    @Test
    void anHttp11RequestWithoutHostIs400() throws Exception {
        for (String path : List.of("/health", "/nope", "/reports", "/api/admin/incidents")) {
            String answer = raw("GET " + path + " HTTP/1.1\r\nConnection: close\r\n\r\n");

            assertThat(answer).as(path).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
        String post = raw("POST /api/admin/incidents HTTP/1.1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(post).startsWith("HTTP/1.1 400 ");
        assertNoWarningOrError();
    }

    @Test
    void aFailingHandlerIsStillA500LoggedAsAnError() throws Exception {
        // the clean 4xx answers must not swallow real failures: /health catches RuntimeExceptions, not this
        h.close();
        h = new PageHarness(vertx);
        h.serve(StatusPageConfig.derive(List.of()), List.of(), TOKEN, () -> {
            throw new AssertionError("boom");
        });

        assertThat(h.get("/health").statusCode()).isEqualTo(500);
        assertThat(log.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("boom");
        });
    }

    /** One request on a fresh connection, written byte for byte; the whole answer until the server closes. */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", h.server.port())) {
            s.setSoTimeout((int) PageHarness.TIMEOUT.toMillis());
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
