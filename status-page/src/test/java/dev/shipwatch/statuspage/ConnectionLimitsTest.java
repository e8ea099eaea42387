package dev.shipwatch.statuspage;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.shipwatch.config.Server;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Idle, slow and too many clients are shed; a reader still gets the page. Real sockets on 127.0.0.1. */
class ConnectionLimitsTest {
    private static final Duration HEADER = Duration.ofMillis(400);
    private static final Duration IDLE = Duration.ofMillis(600);
    private static Vertx vertx;
    private final List<Socket> sockets = new ArrayList<>();
    private PageHarness h;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (h != null) {
            h.close();
        }
    }

    private PageHarness serve(int maxConnections) {
        return serve(maxConnections, HEADER, IDLE);
    }

    private PageHarness serve(int maxConnections, Duration header, Duration idle) {
        List<Target> targets = List.of(target("api", "API"));
        h = new PageHarness(vertx);
        h.add(success("api", 1));
        h.serve(StatusPageConfig.derive(targets), targets, new Server("127.0.0.1", 0, "", maxConnections, header, idle), Map::of);
        return h;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", h.server.port());
        s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        sockets.add(s);
        return s;
    }

    /** Reads until the server closes the connection (or the 10 s socket timeout fails the test). */
    private static void awaitClosedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        while (in.read() != -1) {
            // whatever the server still sends before it closes
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() throws IOException {
        serve(100);
        Socket idle = connect();
        long t0 = System.nanoTime();

        awaitClosedByServer(idle);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(HEADER.minusMillis(50));
    }

    @Test
    void aSlowlorisIsClosedAfterTheHeaderTimeoutHoweverOftenItSendsAByte() throws Exception {
        serve(100);
        Socket slow = connect();
        OutputStream out = slow.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        Thread trickle = new Thread(() -> {
            try {
                while (true) {
                    out.write("X-A: b\r\n".getBytes(StandardCharsets.US_ASCII)); // never the blank line
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(HEADER.toMillis() / 8); // the attack's pace, not synchronisation
                }
            } catch (IOException | InterruptedException closed) {
                // the server closed it: done
            }
        });
        trickle.start();

        awaitClosedByServer(slow);

        trickle.interrupt();
        trickle.join();
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeoutOnceItsResponseIsDone() throws IOException {
        serve(100);
        Socket kept = connect();
        kept.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = kept.getInputStream();
        String head = new String(in.readNBytes(15), StandardCharsets.US_ASCII);
        assertThat(head).isEqualTo("HTTP/1.1 200 OK");

        awaitClosedByServer(kept);
    }

    @Test
    void atTheCapANewReaderTakesThePlaceOfAnIdleConnectionAndTheCapIsLogged() throws Exception {
        // Timeouts far away: only the cap closes anything here.
        serve(5, Duration.ofMinutes(1), Duration.ofMinutes(1));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(Connections.class);
        logger.addAppender(log);
        try {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                idle.add(connect());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> h.server.connections().open() == 5);

            HttpResponse<byte[]> page = h.get("/");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(h.server.connections().open()).isLessThanOrEqualTo(5);
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("5 open connections, the cap (server.max-connections)"));
            awaitClosedByServer(idle.get(0)); // the one that waited longest made room
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void theCapKeepsFileDescriptorsForRuns() {
        assertThat(Connections.cap(1_000, 20_000)).isEqualTo(1_000);
        assertThat(Connections.cap(50_000, 20_000)).as("a quarter of 20,000 kept").isEqualTo(15_000);
        assertThat(Connections.cap(1_000, 1_024)).as("2,048 kept, at least 16 for the page").isEqualTo(16);
        assertThat(Connections.cap(1_000, -1)).as("limit unknown").isEqualTo(1_000);
    }

    @Test
    void freshJdkClientsAskingForAnHttp2UpgradeAlwaysGetTheirAnswer() throws Exception {
        // The JDK client asks for h2c by default and now and then lost the answer that came right
        // behind the 101 (the flaky "GET /: no complete response" of StatusPageServerTest): the
        // server answers HTTP/1.1, so every one of these completes.
        serve(1_000);
        for (int i = 0; i < 150; i++) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<byte[]> r = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.server.port() + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray()).get(10, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        }
    }
}
