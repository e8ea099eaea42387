package dev.shipwatch.prober.canary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real canary, run as a process, against docs/canary-contract.md. */
class CanaryContractTest {
    private static final String NONCE = "nonce-7f3a";
    private static final String TOKEN = "token-0c91e2";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long the HTTPS outbound target thinks before it answers: the canary's TTFB must include it. */
    private static final long HTTPS_DELAY_MS = 120;

    @TempDir
    static Path keys;
    private static TestServer outboundTarget;
    private static TestServer notTheTarget;
    private static TestServer httpsTarget;
    private static TestCertificate certificate;
    private static CanaryProcess canary;
    private static CanaryProcess tokenless;
    private static CanaryProcess trustingCanary;
    private static CanaryProcess defaultTrustCanary;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        outboundTarget = TestServer.answering(200, "ok");
        notTheTarget = TestServer.answering(200, "should never be called");
        certificate = TestCertificate.create(keys);
        httpsTarget = TestServer.https(certificate, ex -> {
            try {
                Thread.sleep(HTTPS_DELAY_MS); // the server's think time, which the canary must see as time to first byte
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestServer.respond(ex, 200, "secure pong");
        });
        canary = CanaryProcess.start(Map.of("CANARY_NONCE", NONCE, "CANARY_TOKEN", TOKEN,
                "CANARY_OUTBOUND_URL", outboundTarget.base() + "/ping"));
        tokenless = CanaryProcess.start(Map.of("CANARY_NONCE", NONCE));
        // localhost by name: a DNS phase to measure, and the name the certificate is checked against
        String httpsUrl = httpsTarget.baseByName() + "/slow?x=1";
        trustingCanary = CanaryProcess.start(Map.of("CANARY_TOKEN", TOKEN, "CANARY_OUTBOUND_URL", httpsUrl,
                "CANARY_OUTBOUND_CA", certificate.pem()));
        defaultTrustCanary = CanaryProcess.start(Map.of("CANARY_TOKEN", TOKEN, "CANARY_OUTBOUND_URL", httpsUrl));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (CanaryProcess p : new CanaryProcess[] {canary, tokenless, trustingCanary, defaultTrustCanary}) {
            if (p != null) {
                p.close();
            }
        }
        outboundTarget.close();
        notTheTarget.close();
        if (httpsTarget != null) {
            httpsTarget.close();
        }
    }

    @Test
    void healthReportsTheNonceTheProcessStartAndTheVersion() throws Exception {
        HttpResponse<String> r = get(canary.uri("/health"), null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("nonce").asText()).isEqualTo(NONCE);
        assertThat(body.get("version").asText()).isEqualTo("java-1");
        assertThat(Instant.parse(body.get("started_at").asText()))
                .isBefore(Instant.now().plusSeconds(1))
                .isAfter(Instant.now().minus(Duration.ofMinutes(5)));
    }

    @Test
    void rootAnswersWithASmallTextBody() throws Exception {
        HttpResponse<String> r = get(canary.uri("/"), null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("canary").hasSizeLessThan(200);
    }

    @Test
    void workFsRunsTheRequestedCyclesAndReportsTheRate() throws Exception {
        JsonNode body = okJson(get(canary.uri("/work/fs?ops=50"), TOKEN));

        assertThat(body.get("ops").asInt()).isEqualTo(50);
        assertThat(body.get("elapsed_ms").asDouble()).isPositive();
        assertThat(body.get("ops_per_s").asDouble()).isPositive();
    }

    @Test
    void workFsWithoutOpsRunsTheDefaultThousand() throws Exception {
        assertThat(okJson(get(canary.uri("/work/fs"), TOKEN)).get("ops").asInt()).isEqualTo(1000);
    }

    @Test
    void workFsProfileMeasuresEachKindOfFileAccessApartWithinItsBudget() throws Exception {
        long t0 = System.nanoTime();
        JsonNode body = okJson(get(canary.uri("/work/fs-profile?ms=40"), TOKEN));
        double tookMs = (System.nanoTime() - t0) / 1e6;

        assertThat(body.get("budget_ms").asInt()).isEqualTo(40);
        assertThat(body.get("files").asInt()).isEqualTo(256);
        for (String kind : new String[] {"open_read", "stat_missing", "create_fsync", "list"}) {
            JsonNode m = body.get(kind);
            assertThat(m.get("ops").asInt()).as(kind).isPositive();
            // each measure stops at its budget (plus the one op in flight then)
            assertThat(m.get("elapsed_ms").asDouble()).as(kind).isBetween(0.0, 40.0 + 1000.0);
            assertThat(m.get("ops_per_s").asDouble()).as(kind)
                    .isCloseTo(m.get("ops").asInt() / (m.get("elapsed_ms").asDouble() / 1000), org.assertj.core.data.Percentage.withPercentage(1));
        }
        // four budgets and setting up 256 files: bounded, whatever the file system
        assertThat(tookMs).isLessThan(10_000);
    }

    @Test
    void workFsProfileCapsItsBudget() throws Exception {
        assertThat(okJson(get(canary.uri("/work/fs-profile?ms=1"), TOKEN)).get("budget_ms").asInt()).isEqualTo(1);
        assertThat(get(canary.uri("/work/fs-profile?ms=0"), TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void workOutboundOverPlainHttpToAnAddressHasNoDnsAndNoTlsPhase() throws Exception {
        JsonNode body = okJson(get(canary.uri("/work/outbound"), TOKEN));

        assertThat(body.get("status").asInt()).isEqualTo(200);
        assertThat(body.get("dns_ms").isNull()).isTrue();
        assertThat(body.get("tls_ms").isNull()).isTrue();
        assertThat(body.get("connect_ms").asDouble()).isNotNegative();
        assertThat(body.get("ttfb_ms").asDouble()).isPositive();
        assertThat(body.get("connect_ms").asDouble() + body.get("ttfb_ms").asDouble())
                .isLessThanOrEqualTo(body.get("elapsed_ms").asDouble());
    }

    @Test
    void workOutboundOverHttpsTrustingTheGivenCertificateSplitsDnsConnectTlsAndFirstByte() throws Exception {
        int before = httpsTarget.requests();

        JsonNode body = okJson(get(trustingCanary.uri("/work/outbound"), TOKEN));

        assertThat(body.has("error")).as(body.toString()).isFalse();
        assertThat(body.get("status").asInt()).isEqualTo(200);
        assertThat(body.get("dns_ms").asDouble()).isNotNegative();
        assertThat(body.get("connect_ms").asDouble()).isNotNegative();
        assertThat(body.get("tls_ms").asDouble()).isPositive();
        // the server's think time is time to first byte, not connect or TLS
        assertThat(body.get("ttfb_ms").asDouble()).isGreaterThanOrEqualTo(HTTPS_DELAY_MS - 1.0);
        double phases = body.get("dns_ms").asDouble() + body.get("connect_ms").asDouble() + body.get("tls_ms").asDouble()
                + body.get("ttfb_ms").asDouble() + body.get("transfer_ms").asDouble();
        assertThat(phases).isLessThanOrEqualTo(body.get("elapsed_ms").asDouble());
        assertThat(httpsTarget.requests()).isEqualTo(before + 1);
    }

    @Test
    void workOutboundOverHttpsWithoutBeingToldToTrustASelfSignedCertificateFailsInTheTlsPhase() throws Exception {
        int before = httpsTarget.requests();

        JsonNode body = okJson(get(defaultTrustCanary.uri("/work/outbound"), TOKEN));

        assertThat(body.get("phase").asText()).isEqualTo("tls");
        assertThat(body.get("error").asText()).startsWith("SSLHandshakeException");
        assertThat(body.get("connect_ms").asDouble()).isNotNegative();
        assertThat(httpsTarget.requests()).isEqualTo(before);
    }

    @Test
    void aCanaryOutboundCaWithoutACertificateStopsTheCanaryAtStart() throws Exception {
        Process p = CanaryProcess.launch(Map.of("PORT", "0", "CANARY_OUTBOUND_CA", "not a certificate"));
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getInputStream().readAllBytes())).contains("CANARY_OUTBOUND_CA holds no usable PEM certificate");
    }

    @Test
    void workCpuReportsRoundsAndElapsedTime() throws Exception {
        JsonNode body = okJson(get(canary.uri("/work/cpu?n=500"), TOKEN));

        assertThat(body.get("n").asInt()).isEqualTo(500);
        assertThat(body.get("elapsed_ms").asDouble()).isPositive();
    }

    @Test
    void workOutboundCallsTheUrlFixedAtDeployTime() throws Exception {
        int before = outboundTarget.requests();

        JsonNode body = okJson(get(canary.uri("/work/outbound"), TOKEN));

        assertThat(body.get("status").asInt()).isEqualTo(200);
        assertThat(body.get("elapsed_ms").asDouble()).isPositive();
        assertThat(outboundTarget.requests()).isEqualTo(before + 1);
    }

    @Test
    void workOutboundIgnoresAUrlInTheQuerySoItIsNoOpenProxy() throws Exception {
        int before = outboundTarget.requests();

        JsonNode body = okJson(get(canary.uri("/work/outbound?url=" + notTheTarget.base() + "/"), TOKEN));

        assertThat(body.get("status").asInt()).isEqualTo(200);
        assertThat(notTheTarget.requests()).isZero();
        assertThat(outboundTarget.requests()).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/work/fs", "/work/fs-profile", "/work/cpu", "/work/outbound", "/work/nothing"})
    void workEndpointsRejectAMissingOrWrongToken(String path) throws Exception {
        int outboundCalls = outboundTarget.requests();

        assertThat(get(canary.uri(path), null).statusCode()).isEqualTo(401);
        assertThat(get(canary.uri(path), TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(get(canary.uri(path), "").statusCode()).isEqualTo(401);
        assertThat(outboundTarget.requests()).isEqualTo(outboundCalls);
    }

    @Test
    void workEndpointsAreDisabledWhenNoTokenWasConfigured() throws Exception {
        assertThat(get(tokenless.uri("/work/cpu"), "").statusCode()).isEqualTo(401);
        assertThat(get(tokenless.uri("/work/cpu"), TOKEN).statusCode()).isEqualTo(401);
        assertThat(get(tokenless.uri("/health"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathsAnswer404() throws Exception {
        assertThat(get(canary.uri("/nope"), null).statusCode()).isEqualTo(404);
        assertThat(get(canary.uri("/work/nope"), TOKEN).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/work/fs?ops=abc", "/work/fs?ops=0", "/work/cpu?n=-5", "/work/cpu?n=1.5"})
    void aParameterThatIsNotAPositiveIntegerAnswers400(String pathAndQuery) throws Exception {
        HttpResponse<String> r = get(canary.uri(pathAndQuery), TOKEN);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("positive integer");
    }

    private static HttpResponse<String> get(URI uri, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("X-Canary-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode okJson(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as("status of %s: %s", r.uri(), r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
