package dev.shipwatch.prober.canary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.FsProfile;
import dev.shipwatch.store.OutboundTimings;
import dev.shipwatch.store.WarmStats;
import dev.shipwatch.store.Workload;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to a deployed canary (docs/canary-contract.md) and times what a user of the platform would
 * suffer. Every method is thread-safe; a run makes one for its own timeouts. All instances derive
 * their OkHttp clients from one per JVM, so they share its dispatcher threads and its TLS set-up
 * (building an OkHttp client from scratch loads the platform's trust store, and a dispatcher of
 * its own would start a thread for each run).
 *
 * <p>Cold start and the first request use a client that keeps no idle connection, so each call
 * opens its own (a reused connection fires no connect events and hides the platform's connect
 * time: docs/dependencies.md, trap 14). Nothing here logs or reports the canary token.
 */
public final class CanaryClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CanaryClient.class);
    static final String TOKEN_HEADER = "X-Canary-Token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUOTED = 80;

    /**
     * The root of every client: its dispatcher runs the /health attempts of all runs. OkHttp's
     * default of 5 calls per host would queue the polls of several local canaries (all on
     * 127.0.0.1) behind each other and distort their cold start.
     */
    private static final OkHttpClient ROOT = root();

    private static OkHttpClient root() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(256);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                // A silent retry would hide a failure and fold two attempts into one timing.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .eventListenerFactory(CallTimings.FACTORY)
                .build();
    }

    private final Duration requestTimeout;
    /** {@link #ROOT} with this client's timeouts; calls go through the clients derived from it, each with its own pool. */
    private final OkHttpClient shared;
    /** Keeps no idle connection: every call opens a fresh one. */
    private final OkHttpClient fresh;

    /** @param requestTimeout bound on each HTTP call (connect, TLS, request and the whole body) */
    public CanaryClient(Duration requestTimeout) {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
        this.requestTimeout = requestTimeout;
        this.shared = ROOT.newBuilder()
                .callTimeout(requestTimeout)
                .connectTimeout(requestTimeout)
                .readTimeout(requestTimeout)
                .writeTimeout(requestTimeout)
                .build();
        this.fresh = shared.newBuilder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
    }

    /**
     * Polls {@code GET {base}/health}, each attempt on a fresh connection, every
     * {@code pollInterval} until it answers 200 with {@code expectedNonce}. Between attempts it
     * calls {@code alive.check()}, whose failure ends the wait at once.
     *
     * @throws PhaseFailure {@code WRONG_VERSION} when the timeout passes and the last answer carried
     *                      another nonce, {@code HEALTH_TIMEOUT} otherwise, or what {@code alive} threw
     * @throws InterruptedException when the thread is interrupted; the attempt in flight is cancelled
     */
    public ColdStart awaitHealthy(URI base, String expectedNonce, Duration timeout, Duration pollInterval, AliveCheck alive)
            throws PhaseFailure, InterruptedException {
        Objects.requireNonNull(expectedNonce, "expectedNonce");
        HttpUrl url = url(base, "health");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int attempts = 0;
        HealthAnswer last = null;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + url);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 && last != null) {
                throw timedOut(last, expectedNonce, timeout);
            }
            long budget = Math.min(Math.max(remaining, TimeUnit.MILLISECONDS.toNanos(1)), requestTimeout.toNanos());
            attempts++;
            HealthAnswer answer = healthAttempt(url, budget);
            if (answer.status() == 200 && expectedNonce.equals(answer.nonce())) {
                double elapsedMs = (answer.receivedAt() - start) / 1e6;
                log.debug("{} healthy after {} attempts, {} ms", url, attempts, elapsedMs);
                return new ColdStart(elapsedMs, answer.startedAt(), attempts);
            }
            // An attempt cut short by the deadline says less than the complete answer before it.
            boolean cutShort = answer.timedOut() && budget < requestTimeout.toNanos();
            if (!cutShort || last == null) {
                last = answer;
            }
            alive.check();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(last, expectedNonce, timeout);
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(pollInterval.toNanos(), left));
        }
    }

    private static PhaseFailure timedOut(HealthAnswer last, String expectedNonce, Duration timeout) {
        if (last.nonce() != null) {
            return new PhaseFailure(FailureClass.WRONG_VERSION, "canary answered with nonce \""
                    + quote(last.nonce()) + "\", expected \"" + expectedNonce + "\"");
        }
        return new PhaseFailure(FailureClass.HEALTH_TIMEOUT, "no healthy answer from /health within "
                + human(timeout) + " (last: " + last.problem() + ")");
    }

    /** One /health attempt, run on the dispatcher so that interrupting the caller can cancel it. */
    private HealthAnswer healthAttempt(HttpUrl url, long timeoutNanos) throws InterruptedException {
        Call call = fresh.newCall(new Request.Builder().url(url).build());
        call.timeout().timeout(timeoutNanos, TimeUnit.NANOSECONDS);
        CompletableFuture<HealthAnswer> result = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.complete(HealthAnswer.failed(e));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    String body = response.body().string();
                    result.complete(HealthAnswer.parse(response.code(), body, System.nanoTime()));
                } catch (IOException e) {
                    result.complete(HealthAnswer.failed(e));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            call.cancel();
            throw e;
        } catch (ExecutionException e) {
            return new HealthAnswer(0, null, null, 0, "unexpected " + e.getCause(), false);
        }
    }

    /**
     * {@code GET {base}/} on a fresh connection, split into DNS / connect / TLS / TTFB / transfer.
     * DNS is null for an IP literal (and near zero when the JVM's resolver cache already holds the
     * name), TLS null for plain HTTP. TTFB over plain HTTP runs from the request leaving the socket
     * to the first response byte arriving on it ({@link FirstByteSocketFactory}), as curl measures
     * it; over TLS (or if the socket saw nothing) it is OkHttp's requestHeadersEnd →
     * responseHeadersStart.
     */
    public FirstRequest firstRequest(URI base) throws PhaseFailure {
        HttpUrl url = url(base, "");
        CallTimings timings = new CallTimings();
        FirstByteSocketFactory sockets = new FirstByteSocketFactory();
        OkHttpClient timed = fresh.newBuilder().socketFactory(sockets).build();
        int status = get(timed, url, timings, null).status();
        return timings.toFirstRequest(status, sockets.ttfbMs());
    }

    /**
     * Opens one connection with an unmeasured {@code GET {base}/}, then sends {@code count} more on
     * it, one after another, each body read in full. Each latency is taken at the socket, as the
     * first request's TTFB is ({@link FirstByteSocketFactory#exchangeMs}): the request's first
     * write → the last data of its answer arriving, which is curl's {@code time_total} on a reused
     * connection without the client's own work around it (callStart → callEnd read about 0.7 ms
     * more, and more still in a JVM that has just started). Where the socket saw nothing it is
     * callStart → callEnd. Percentiles are nearest-rank.
     */
    public WarmStats warmRequests(URI base, int count) throws PhaseFailure {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        HttpUrl url = url(base, "");
        ConnectionPool pool = new ConnectionPool(1, 5, TimeUnit.MINUTES);
        FirstByteSocketFactory sockets = FirstByteSocketFactory.readingAhead();
        OkHttpClient warm = shared.newBuilder().connectionPool(pool).socketFactory(sockets).build();
        try {
            get(warm, url, new CallTimings(), null);
            double[] latencies = new double[count];
            int reconnects = 0;
            for (int i = 0; i < count; i++) {
                CallTimings t = new CallTimings();
                get(warm, url, t, null);
                Double atSocket = sockets.exchangeMs();
                latencies[i] = atSocket != null ? atSocket : t.totalMs();
                reconnects += t.connected() ? 1 : 0;
            }
            if (reconnects > 0) {
                log.info("{}: {} of {} warm requests had to open a new connection (the canary closed it)", url, reconnects, count);
            }
            return stats(latencies);
        } finally {
            pool.evictAll();
        }
    }

    /**
     * Calls {@code /work/fs}, {@code /work/fs-profile}, {@code /work/cpu} and, when
     * {@code outbound}, {@code /work/outbound} with the token, and returns what the canary
     * measured. A canary that does not serve {@code /work/fs-profile} (404: written before it
     * existed) leaves the profile unmeasured; one that reports no phases of its outbound call
     * leaves them null.
     */
    public Workload workload(URI base, String token, boolean outbound) throws PhaseFailure {
        Objects.requireNonNull(token, "token");
        JsonNode fs = work(base, "work/fs", token);
        JsonNode profile = workIfServed(base, "work/fs-profile?ms=" + profileBudgetMs(), token);
        JsonNode cpu = work(base, "work/cpu", token);
        Double outboundMs = null;
        OutboundTimings phases = OutboundTimings.NONE;
        if (outbound) {
            JsonNode out = work(base, "work/outbound", token);
            if (out.hasNonNull("error")) {
                String phase = out.hasNonNull("phase") ? " (in the " + out.get("phase").asText() + " phase)" : "";
                throw new PhaseFailure(FailureClass.HTTP_ERROR, "/work/outbound: the canary's request to its outbound URL failed"
                        + phase + ": " + quote(out.get("error").asText()));
            }
            outboundMs = number(out, "elapsed_ms", "/work/outbound");
            phases = new OutboundTimings(optional(out, "dns_ms"), optional(out, "connect_ms"), optional(out, "tls_ms"),
                    optional(out, "ttfb_ms"));
        }
        FsProfile fsProfile = profile == null ? FsProfile.NONE : new FsProfile(
                rate(profile, "open_read"), rate(profile, "stat_missing"), rate(profile, "create_fsync"), rate(profile, "list"));
        return new Workload(number(fs, "ops_per_s", "/work/fs"), number(cpu, "elapsed_ms", "/work/cpu"), outboundMs,
                fsProfile, phases);
    }

    /**
     * The profile's budget per measure: 150 ms, less when the request timeout is short, so that
     * its four measures and the setup fit well inside one request.
     */
    long profileBudgetMs() {
        return Math.max(10, Math.min(150, requestTimeout.toMillis() / 10));
    }

    private static Double rate(JsonNode profile, String kind) throws PhaseFailure {
        JsonNode m = profile.get(kind);
        if (m == null || !m.isObject()) {
            throw new PhaseFailure(FailureClass.HTTP_ERROR, "/work/fs-profile answered without \"" + kind + "\": "
                    + quote(profile.toString()));
        }
        return number(m, "ops_per_s", "/work/fs-profile " + kind);
    }

    /** A number the canary may leave out or null (a phase that did not happen). */
    private static Double optional(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    @Override
    public void close() {
        // The dispatcher is the JVM's (its idle threads end by themselves); calls go out only
        // through pools of this client's own.
        fresh.connectionPool().evictAll();
    }

    private JsonNode work(URI base, String path, String token) throws PhaseFailure {
        // Fresh connections: nothing stays pooled to a canary that teardown is about to remove.
        return json(path, get(fresh, url(base, path), new CallTimings(), token));
    }

    /** Like {@link #work}, but null when the canary answers 404: it does not serve {@code path}. */
    private JsonNode workIfServed(URI base, String path, String token) throws PhaseFailure {
        HttpUrl url = url(base, path);
        Answer answer = get(fresh, url, new CallTimings(), token, true);
        return answer.status() == 404 ? null : json(path, answer);
    }

    private static JsonNode json(String path, Answer answer) throws PhaseFailure {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new PhaseFailure(FailureClass.HTTP_ERROR, "/" + path + " answered with a body that is not JSON: \""
                    + quote(answer.body()) + "\"", e);
        }
    }

    private static Double number(JsonNode node, String field, String endpoint) throws PhaseFailure {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new PhaseFailure(FailureClass.HTTP_ERROR, endpoint + " answered without a number in \"" + field
                    + "\": " + quote(node.toString()));
        }
        return v.asDouble();
    }

    private record Answer(int status, String body) {}



    /** One GET whose body is read in full; a non-2xx status or an I/O error becomes a classified PhaseFailure. */
    private Answer get(OkHttpClient client, HttpUrl url, CallTimings timings, String token) throws PhaseFailure {
        return get(client, url, timings, token, false);
    }

    /** @param notFoundIsAnAnswer a 404 is returned rather than thrown (an optional endpoint) */
    private Answer get(OkHttpClient client, HttpUrl url, CallTimings timings, String token, boolean notFoundIsAnAnswer)
            throws PhaseFailure {
        Request.Builder request = new Request.Builder().url(url);
        if (token != null) {
            request.header(TOKEN_HEADER, token);
        }
        int status;
        String body;
        try (Response response = client.newCall(timings.tag(request.build())).execute()) {
            status = response.code();
            body = response.body().string();
        } catch (IOException e) {
            throw classify("GET " + url, e);
        }
        if (status >= 500) {
            throw new PhaseFailure(FailureClass.HTTP_5XX, "GET " + url + " answered HTTP " + status);
        }
        if (status == 404 && notFoundIsAnAnswer) {
            return new Answer(status, body);
        }
        if (status < 200 || status > 299) {
            String hint = status == 401 && token != null ? " (the canary rejected the token)"
                    : status == 404 && url.encodedPath().endsWith("/work/outbound") ? " (is CANARY_OUTBOUND_URL set?)" : "";
            throw new PhaseFailure(FailureClass.HTTP_ERROR, "GET " + url + " answered HTTP " + status + hint);
        }
        return new Answer(status, body);
    }

    static PhaseFailure classify(String what, IOException e) {
        FailureClass fc;
        if (e instanceof UnknownHostException) {
            fc = FailureClass.DNS;
        } else if (e instanceof ConnectException) {
            fc = FailureClass.CONNECT;
        } else if (e instanceof SSLException) {
            fc = FailureClass.TLS;
        } else if (e instanceof InterruptedIOException) {
            // OkHttp's call timeout, a socket timeout, or the runner interrupting us at the phase timeout.
            fc = FailureClass.REQUEST_TIMEOUT;
        } else {
            fc = FailureClass.HTTP_ERROR;
        }
        return new PhaseFailure(fc, what + " failed: " + describe(e), e);
    }

    /** A short, lower-case description of an I/O failure, e.g. "connection refused". */
    static String describe(IOException e) {
        if (e instanceof ConnectException) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String m = root.getMessage();
            return m == null ? "connect failed" : m.toLowerCase(java.util.Locale.ROOT);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return "timed out";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof SSLException) {
            return "TLS: " + e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Nearest-rank percentiles (the value at rank ⌈p·n⌉ of the sorted sample). */
    static WarmStats stats(double[] latencies) {
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new WarmStats(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, int percent) {
        int r = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(r, 1) - 1];
    }

    /** {@code base} with {@code relative} resolved below its path, so a base with a path prefix keeps it. */
    static HttpUrl url(URI base, String relative) {
        String s = base.toString();
        HttpUrl root = HttpUrl.parse(s.endsWith("/") ? s : s + "/");
        if (root == null) {
            throw new IllegalArgumentException("canary base URL \"" + base + "\" is not an http(s) URL");
        }
        return relative.isEmpty() ? root : root.resolve(relative);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0 && ms > 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }

    private static String quote(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() <= MAX_QUOTED ? flat : flat.substring(0, MAX_QUOTED) + "…";
    }

    /** What one /health attempt saw. */
    private record HealthAnswer(int status, String nonce, Instant startedAt, long receivedAt, String problem, boolean timedOut) {
        HealthAnswer(int status, String nonce, Instant startedAt, long receivedAt, String problem) {
            this(status, nonce, startedAt, receivedAt, problem, false);
        }

        static HealthAnswer failed(IOException e) {
            return new HealthAnswer(0, null, null, 0, describe(e), e instanceof InterruptedIOException);
        }

        static HealthAnswer parse(int status, String body, long receivedAt) {
            if (status != 200) {
                return new HealthAnswer(status, null, null, receivedAt, "HTTP " + status);
            }
            try {
                JsonNode json = JSON.readTree(body);
                JsonNode nonce = json.get("nonce");
                if (nonce == null || !nonce.isTextual()) {
                    return new HealthAnswer(status, null, null, receivedAt, "HTTP 200 without a nonce");
                }
                return new HealthAnswer(status, nonce.asText(), startedAt(json), receivedAt, "nonce \"" + quote(nonce.asText()) + "\"");
            } catch (IOException e) {
                return new HealthAnswer(status, null, null, receivedAt, "HTTP 200 with a body that is not JSON");
            }
        }

        private static Instant startedAt(JsonNode json) {
            JsonNode v = json.get("started_at");
            try {
                return v != null && v.isTextual() ? Instant.parse(v.asText()) : null;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
