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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real canary, run as a process, against docs/canary-contract.md. */
class CanaryContractTest {
    private static final String NONCE = "nonce-7f3a";
    private static final String TOKEN = "token-0c91e2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer outboundTarget;
    private static TestServer notTheTarget;
    private static CanaryProcess canary;
    private static CanaryProcess tokenless;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        outboundTarget = TestServer.answering(200, "ok");
        notTheTarget = TestServer.answering(200, "should never be called");
        canary = CanaryProcess.start(Map.of("CANARY_NONCE", NONCE, "CANARY_TOKEN", TOKEN,
                "CANARY_OUTBOUND_URL", outboundTarget.base() + "/ping"));
        tokenless = CanaryProcess.start(Map.of("CANARY_NONCE", NONCE));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (canary != null) {
            canary.close();
        }
        if (tokenless != null) {
            tokenless.close();
        }
        outboundTarget.close();
        notTheTarget.close();
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
    @ValueSource(strings = {"/work/fs", "/work/cpu", "/work/outbound", "/work/nothing"})
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
