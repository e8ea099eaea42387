package dev.shipwatch.prober.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.WarmStats;
import dev.shipwatch.store.FsProfile;
import dev.shipwatch.store.Workload;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CanaryClient against the real canary process and against scripted real servers on 127.0.0.1. */
class CanaryClientTest {
    private static final String NONCE = "run-42-nonce";
    private static final String TOKEN = "s3cret-token-9d1";
    private static final Duration POLL = Duration.ofMillis(10);

    private static TestServer outboundTarget;
    private static CanaryProcess canary;
    private static CanaryClient client;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        outboundTarget = TestServer.answering(200, "pong");
        canary = CanaryProcess.start(Map.of("CANARY_NONCE", NONCE, "CANARY_TOKEN", TOKEN,
                "CANARY_OUTBOUND_URL", outboundTarget.base().toString()));
        client = new CanaryClient(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() throws Exception {
        if (canary != null) {
            canary.close();
        }
        if (client != null) {
            client.close();
        }
        outboundTarget.close();
    }

    @AfterEach
    void releaseHungHandlers() {
        release.countDown();
    }

    // --- cold start

    @Test
    void awaitHealthyReturnsOnceTheCanaryReportsTheExpectedNonce() throws Exception {
        ColdStart cold = client.awaitHealthy(canary.base(), NONCE, Duration.ofSeconds(10), POLL, AliveCheck.ALWAYS);

        assertThat(cold.attempts()).isEqualTo(1);
        assertThat(cold.elapsedMs()).isPositive();
        assertThat(cold.canaryStartedAt()).isBefore(Instant.now()).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
    }

    @Test
    void awaitHealthyWaitsForACanaryProcessThatIsStillStarting() throws Exception {
        int port = freePort();
        Process starting = CanaryProcess.launch(Map.of("PORT", String.valueOf(port), "CANARY_NONCE", "fresh-start"));
        try {
            Instant launched = Instant.now();

            ColdStart cold = client.awaitHealthy(URI.create("http://127.0.0.1:" + port), "fresh-start",
                    Duration.ofSeconds(20), POLL, () -> {
                        if (!starting.isAlive()) {
                            throw new PhaseFailure(FailureClass.CANARY_EXITED, "canary exited with code " + starting.exitValue());
                        }
                    });

            assertThat(cold.attempts()).as("a JVM takes longer than one 10 ms poll to listen").isGreaterThan(1);
            assertThat(cold.canaryStartedAt()).isBetween(launched.minusSeconds(1), Instant.now());
        } finally {
            starting.destroyForcibly().waitFor();
        }
    }

    @Test
    void awaitHealthyEndsAtOnceWhenTheCanaryProcessExits() throws Exception {
        int port = freePort();
        Process broken = CanaryProcess.launch(Map.of("PORT", "not-a-port", "CANARY_NONCE", "n"));
        try {
            long t0 = System.nanoTime();

            assertThatThrownBy(() -> client.awaitHealthy(URI.create("http://127.0.0.1:" + port), "n", Duration.ofSeconds(30), POLL, () -> {
                if (!broken.isAlive()) {
                    throw new PhaseFailure(FailureClass.CANARY_EXITED, "canary exited with code " + broken.exitValue());
                }
            })).isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.CANARY_EXITED))
                    .hasMessage("canary exited with code 2");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        } finally {
            broken.destroyForcibly().waitFor();
        }
    }

    @Test
    void awaitHealthyPollsUntilTheNonceMatchesOpeningANewConnectionPerAttempt() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (TestServer server = TestServer.start(ex -> TestServer.respond(ex, 200,
                "{\"nonce\":\"" + (seen.incrementAndGet() <= 3 ? "old" : "new") + "\",\"started_at\":\"2024-09-16T21:55:28.472Z\"}"))) {

            ColdStart cold = client.awaitHealthy(server.base(), "new", Duration.ofSeconds(10), POLL, AliveCheck.ALWAYS);

            assertThat(cold.attempts()).isEqualTo(4);
            assertThat(cold.canaryStartedAt()).isEqualTo(Instant.parse("2024-09-16T21:55:28.472Z"));
            assertThat(server.requests()).isEqualTo(4);
            assertThat(server.connections()).isEqualTo(4);
        }
    }

    @Test
    void awaitHealthyReportsWrongVersionWhenAnotherNonceKeepsAnswering() throws Exception {
        try (TestServer server = TestServer.answering(200, "{\"nonce\":\"yesterday\"}")) {
            assertThatThrownBy(() -> client.awaitHealthy(server.base(), "today", Duration.ofMillis(300), POLL, AliveCheck.ALWAYS))
                    .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.WRONG_VERSION))
                    .hasMessage("canary answered with nonce \"yesterday\", expected \"today\"");
            assertThat(server.requests()).isGreaterThan(3);
        }
    }

    @Test
    void awaitHealthyReportsHealthTimeoutOnAPortNobodyListensOn() throws Exception {
        URI dead = URI.create("http://127.0.0.1:" + freePort());

        assertThatThrownBy(() -> client.awaitHealthy(dead, NONCE, Duration.ofMillis(300), POLL, AliveCheck.ALWAYS))
                .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.HEALTH_TIMEOUT))
                .hasMessage("no healthy answer from /health within 300ms (last: connection refused)");
    }

    @Test
    void awaitHealthyReportsHealthTimeoutWithTheLastStatusWhenHealthFails() throws Exception {
        try (TestServer server = TestServer.answering(503, "starting")) {
            assertThatThrownBy(() -> client.awaitHealthy(server.base(), NONCE, Duration.ofMillis(200), POLL, AliveCheck.ALWAYS))
                    .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.HEALTH_TIMEOUT))
                    .hasMessage("no healthy answer from /health within 200ms (last: HTTP 503)");
        }
    }

    @Test
    void awaitHealthyStopsAsSoonAsTheAliveCheckFails() throws Exception {
        URI dead = URI.create("http://127.0.0.1:" + freePort());
        AtomicInteger checks = new AtomicInteger();
        AliveCheck exitsOnThirdCheck = () -> {
            if (checks.incrementAndGet() == 3) {
                throw new PhaseFailure(FailureClass.CANARY_EXITED, "canary exited with code 1");
            }
        };
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> client.awaitHealthy(dead, NONCE, Duration.ofSeconds(30), POLL, exitsOnThirdCheck))
                .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.CANARY_EXITED))
                .hasMessage("canary exited with code 1");
        assertThat(checks).hasValue(3);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void interruptingAwaitHealthyCancelsTheAttemptInFlight() throws Exception {
        try (TestServer hangs = TestServer.start(ex -> awaitRelease())) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    client.awaitHealthy(hangs.base(), NONCE, Duration.ofSeconds(60), POLL, AliveCheck.ALWAYS);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            waiter.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> hangs.requests() == 1);

            waiter.interrupt();

            waiter.join(2_000);
            assertThat(waiter.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void concurrentColdStartsOnOneHostAreNotQueuedBehindEachOther() throws Exception {
        int canaries = 8; // more than OkHttp's default of 5 concurrent calls per host
        CountDownLatch allInFlight = new CountDownLatch(canaries);
        try (TestServer server = TestServer.start(ex -> {
            allInFlight.countDown();
            try {
                // Answer only once every poller has a request in flight at the same time.
                TestServer.respond(ex, 200, allInFlight.await(10, TimeUnit.SECONDS) ? "{\"nonce\":\"n\"}" : "{}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            List<CompletableFuture<ColdStart>> polls = new ArrayList<>();
            for (int i = 0; i < canaries; i++) {
                polls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.awaitHealthy(server.base(), "n", Duration.ofSeconds(20), POLL, AliveCheck.ALWAYS);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }, runnable -> new Thread(runnable).start()));
            }

            for (CompletableFuture<ColdStart> poll : polls) {
                assertThat(poll.get(20, TimeUnit.SECONDS).attempts()).isEqualTo(1);
            }
        }
    }

    // --- first request

    @Test
    void firstRequestSplitsTheTimingsOfAFreshConnection() throws Exception {
        try (TestServer slow = TestServer.start(ex -> {
            sleepMs(100); // the injected server think time the TTFB must show
            TestServer.respond(ex, 200, "hello");
        })) {
            FirstRequest first = client.firstRequest(slow.base());

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.dnsMs()).as("no DNS for an IP literal").isNull();
            assertThat(first.tlsMs()).as("no TLS for plain HTTP").isNull();
            assertThat(first.connectMs()).isNotNull().isGreaterThanOrEqualTo(0.0).isLessThan(100.0);
            // At least the injected think time; the upper side is the whole call (a tight bound would
            // test the machine's load, which bench/timing-accuracy measures instead).
            assertThat(first.ttfbMs()).isGreaterThanOrEqualTo(100.0).isLessThanOrEqualTo(first.totalMs());
            assertThat(first.transferMs()).isNotNull().isGreaterThanOrEqualTo(0.0);
            assertThat(first.totalMs()).isGreaterThanOrEqualTo(first.ttfbMs() + first.connectMs());
        }
    }

    @Test
    void firstRequestOpensANewConnectionEveryTime() throws Exception {
        try (TestServer server = TestServer.answering(200, "hello")) {
            FirstRequest one = client.firstRequest(server.base());
            FirstRequest two = client.firstRequest(server.base());

            assertThat(server.connections()).isEqualTo(2);
            assertThat(one.connectMs()).isNotNull();
            assertThat(two.connectMs()).isNotNull();
        }
    }

    @Test
    void firstRequestAgainstTheRealCanaryHasEveryStepOfPlainHttp() throws Exception {
        FirstRequest first = client.firstRequest(canary.base());

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.connectMs()).isNotNull();
        assertThat(first.ttfbMs()).isNotNull().isPositive();
        assertThat(first.totalMs()).isPositive();
    }

    @Test
    void firstRequestClassifiesA500AsHttp5xx() throws Exception {
        try (TestServer server = TestServer.answering(500, "boom")) {
            assertThatThrownBy(() -> client.firstRequest(server.base()))
                    .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.HTTP_5XX))
                    .hasMessage("GET " + server.base() + "/ answered HTTP 500");
        }
    }

    @Test
    void firstRequestClassifiesA404AsHttpError() throws Exception {
        try (TestServer server = TestServer.answering(404, "not here")) {
            assertThatThrownBy(() -> client.firstRequest(server.base()))
                    .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.HTTP_ERROR));
        }
    }

    @Test
    void firstRequestClassifiesARefusedConnectionAsConnect() throws Exception {
        URI dead = URI.create("http://127.0.0.1:" + freePort());

        assertThatThrownBy(() -> client.firstRequest(dead))
                .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.CONNECT))
                .hasMessageContaining("connection refused");
    }

    @Test
    void firstRequestClassifiesASilentServerAsRequestTimeout() throws Exception {
        try (TestServer hangs = TestServer.start(ex -> awaitRelease());
             CanaryClient impatient = new CanaryClient(Duration.ofMillis(200))) {
            assertThatThrownBy(() -> impatient.firstRequest(hangs.base()))
                    .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.REQUEST_TIMEOUT));
        }
    }

    // --- warm requests

    @Test
    void warmRequestsReuseOneConnectionAndGiveOrderedPercentiles() throws Exception {
        try (TestServer server = TestServer.answering(200, "hello")) {
            WarmStats warm = client.warmRequests(server.base(), 30);

            assertThat(warm.count()).isEqualTo(30);
            assertThat(server.requests()).as("30 measured after one that opens the connection").isEqualTo(31);
            assertThat(server.connections()).isEqualTo(1);
            assertThat(warm.p50Ms()).isPositive();
            assertThat(warm.p50Ms()).isLessThanOrEqualTo(warm.p95Ms());
            assertThat(warm.p95Ms()).isLessThanOrEqualTo(warm.p99Ms());
            assertThat(warm.p99Ms()).isLessThanOrEqualTo(warm.maxMs());
        }
    }

    @Test
    void warmRequestsAgainstTheRealCanaryAreFast() throws Exception {
        WarmStats warm = client.warmRequests(canary.base(), 20);

        assertThat(warm.count()).isEqualTo(20);
        // On loopback a kept-alive request takes well under a millisecond; 30 ms would mean Nagle/delayed-ACK stalls.
        assertThat(warm.p50Ms()).isLessThan(30.0);
    }

    @Test
    void aWarmRequestThatGetsNoAnswerTimesOutAtTheRequestTimeout() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        // The connection is opened and warmed; then the canary stops answering on it.
        try (TestServer stalls = TestServer.start(ex -> {
            if (seen.incrementAndGet() > 2) {
                awaitRelease();
            }
            TestServer.respond(ex, 200, "hello");
        });
             CanaryClient impatient = new CanaryClient(Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> impatient.warmRequests(stalls.base(), 5))
                    .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.REQUEST_TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void warmRequestsTimeTheWholeAnswerWhenItComesInTwoSegments() throws Exception {
        // Headers first, the body 30 ms later: a warm request lasts until the body is in.
        try (TestServer split = TestServer.start(ex -> {
            byte[] body = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().flush();
            try {
                Thread.sleep(30); // the server's own delay between the two segments
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.getResponseBody().write(body);
            ex.getResponseBody().close();
        })) {
            WarmStats warm = client.warmRequests(split.base(), 3);

            assertThat(warm.p50Ms()).isGreaterThanOrEqualTo(30.0).isLessThan(1000.0);
            assertThat(split.connections()).isEqualTo(1);
        }
    }

    @Test
    void warmRequestsFailWithHttp5xxWhenTheCanaryAnswers503() throws Exception {
        try (TestServer server = TestServer.answering(503, "overloaded")) {
            assertThatThrownBy(() -> client.warmRequests(server.base(), 5))
                    .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.HTTP_5XX));
        }
    }

    @Test
    void stats() {
        double[] oneToHundred = new double[100];
        for (int i = 0; i < 100; i++) {
            oneToHundred[99 - i] = i + 1;
        }

        assertThat(CanaryClient.stats(oneToHundred)).isEqualTo(new WarmStats(100, 50, 95, 99, 100));
        assertThat(CanaryClient.stats(new double[] {7})).isEqualTo(new WarmStats(1, 7, 7, 7, 7));
        assertThat(CanaryClient.stats(new double[] {4, 1, 3, 2})).isEqualTo(new WarmStats(4, 2, 4, 4, 4));
    }

    // --- workload

    @Test
    void workloadReadsTheFiguresTheCanaryMeasured() throws Exception {
        int before = outboundTarget.requests();

        Workload w = client.workload(canary.base(), TOKEN, true);

        assertThat(w.fsOpsPerS()).isPositive();
        assertThat(w.cpuMs()).isPositive();
        assertThat(w.outboundMs()).isPositive();
        assertThat(w.fs().openReadPerS()).isPositive();
        assertThat(w.fs().statMissingPerS()).isPositive();
        assertThat(w.fs().createFsyncPerS()).isPositive();
        assertThat(w.fs().listPerS()).isPositive();
        // 127.0.0.1 over plain HTTP: no DNS, no TLS
        assertThat(w.outbound()).satisfies(o -> {
            assertThat(o.dnsMs()).isNull();
            assertThat(o.tlsMs()).isNull();
            assertThat(o.connectMs()).isNotNegative();
            assertThat(o.ttfbMs()).isPositive().isLessThan(w.outboundMs());
        });
        assertThat(outboundTarget.requests()).isEqualTo(before + 1);
    }

    @Test
    void theProfilesBudgetFitsTheRequestTimeout() {
        assertThat(client.profileBudgetMs()).isEqualTo(150);
        try (var hurried = new CanaryClient(Duration.ofMillis(400))) {
            assertThat(hurried.profileBudgetMs()).isEqualTo(40);
        }
    }

    @Test
    void workloadWithoutOutboundLeavesItOut() throws Exception {
        int before = outboundTarget.requests();

        Workload w = client.workload(canary.base(), TOKEN, false);

        assertThat(w.outboundMs()).isNull();
        assertThat(w.cpuMs()).isPositive();
        assertThat(outboundTarget.requests()).isEqualTo(before);
    }

    @Test
    void workloadWithAWrongTokenNamesTheEndpointButNeverTheToken() {
        String wrong = "wrong-token-51ab";

        assertThatThrownBy(() -> client.workload(canary.base(), wrong, false))
                .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.HTTP_ERROR))
                .hasMessageContaining("/work/fs")
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining(wrong)
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void workloadFailsWhenTheCanaryCouldNotReachItsOutboundUrl() throws Exception {
        // a canary written before /work/fs-profile and the outbound phases existed
        try (TestServer canaryLike = TestServer.start(ex -> {
            switch (ex.getRequestURI().getPath()) {
                case "/work/fs" -> TestServer.respond(ex, 200, "{\"ops\":1000,\"elapsed_ms\":50.0,\"ops_per_s\":20000.0}");
                case "/work/cpu" -> TestServer.respond(ex, 200, "{\"n\":10000,\"elapsed_ms\":9.5}");
                case "/work/outbound" -> TestServer.respond(ex, 200, "{\"error\":\"ConnectException: Connection refused\",\"elapsed_ms\":1.2}");
                default -> TestServer.respond(ex, 404, "{\"error\":\"no such path\"}");
            }
        })) {
            assertThatThrownBy(() -> client.workload(canaryLike.base(), TOKEN, true))
                    .isInstanceOfSatisfying(PhaseFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.HTTP_ERROR))
                    .hasMessage("/work/outbound: the canary's request to its outbound URL failed: ConnectException: Connection refused");

            assertThat(client.workload(canaryLike.base(), TOKEN, false)).isEqualTo(new Workload(20000.0, 9.5, null));
        }
    }

    @Test
    void aFailedOutboundCallNamesThePhaseItFailedIn() throws Exception {
        try (TestServer canaryLike = TestServer.start(ex -> TestServer.respond(ex, 200, switch (ex.getRequestURI().getPath()) {
            case "/work/fs" -> "{\"ops\":1000,\"elapsed_ms\":50.0,\"ops_per_s\":20000.0}";
            case "/work/fs-profile" -> "{\"budget_ms\":150,\"files\":256,\"open_read\":{\"ops_per_s\":1.0},"
                    + "\"stat_missing\":{\"ops_per_s\":2.0},\"create_fsync\":{\"ops_per_s\":3.0},\"list\":{\"ops_per_s\":4.0}}";
            case "/work/cpu" -> "{\"n\":10000,\"elapsed_ms\":9.5}";
            default -> "{\"error\":\"SocketTimeoutException: Read timed out\",\"phase\":\"ttfb\",\"elapsed_ms\":10004.0,"
                    + "\"dns_ms\":4000.5,\"connect_ms\":1.0,\"tls_ms\":2.0}";
        }))) {
            assertThatThrownBy(() -> client.workload(canaryLike.base(), TOKEN, true))
                    .hasMessage("/work/outbound: the canary's request to its outbound URL failed (in the ttfb phase): "
                            + "SocketTimeoutException: Read timed out");
            assertThat(client.workload(canaryLike.base(), TOKEN, false).fs()).isEqualTo(new FsProfile(1.0, 2.0, 3.0, 4.0));
        }
    }

    @Test
    void aBaseUrlWithAPathKeepsItsPrefix() {
        assertThat(CanaryClient.url(URI.create("https://example.test/app"), "health").toString())
                .isEqualTo("https://example.test/app/health");
        assertThat(CanaryClient.url(URI.create("http://127.0.0.1:8080"), "").toString())
                .isEqualTo("http://127.0.0.1:8080/");
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
