package dev.shipwatch.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A local PagerDuty Events API v2 ({@code POST /v2/enqueue}) on 127.0.0.1, as PagerDuty documents
 * it: 202 {@code {"status":"success","message":"Event processed","dedup_key":…}} for a valid
 * event; 400 {@code {"status":"invalid event","message":"Event object is invalid","errors":[…]}}
 * for an event that breaks PagerDuty's own OpenAPI schema of the request ({@link EventsV2Schema}:
 * every event any test sends is checked against it), a routing key that is not 32 characters, an
 * unknown action, a trigger without summary, source or a known severity, an ack/resolve without
 * dedup key; scripted 429 and 5xx (the event
 * is then not ingested), optionally with {@code Retry-After}; and a "stall" mode that holds
 * requests unanswered. It keeps each dedup key's incident open or resolved, so a test can assert
 * "exactly one incident opened, then resolved".
 */
public final class FakePagerDuty implements AutoCloseable {
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");

    /** One request as received, and what it was answered. */
    public record Received(long atNanos, String body, JsonNode json, int status) {
        public String dedupKey() {
            return json == null || !json.hasNonNull("dedup_key") ? null : json.get("dedup_key").asText();
        }

        public String action() {
            return json == null || !json.hasNonNull("event_action") ? null : json.get("event_action").asText();
        }
    }

    /** One incident (an open alert) per trigger on a key with no open incident. */
    public record Incident(String dedupKey, String summary, String severity, boolean resolved, int triggers) {}

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Received> received = new ArrayList<>();
    private final List<Received> ingested = new ArrayList<>();
    private final Map<String, List<Incident>> incidents = new LinkedHashMap<>();
    private final Deque<Integer> script = new ArrayDeque<>();
    private Integer failing;
    private String retryAfter;
    private CountDownLatch stall; // non-null: hold requests until released
    private long answerDelayMs;
    private int stalled;

    public FakePagerDuty() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/enqueue", this::enqueue);
        server.setExecutor(pool);
        server.start();
    }

    /** The base URL, as {@code alerting.pagerduty.events-url} takes it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests get these statuses (429, 500, 503 …) and are not ingested. */
    public synchronized FakePagerDuty script(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    /** Every request gets {@code status} until {@link #recover()}. */
    public synchronized FakePagerDuty failWith(int status) {
        failing = status;
        return this;
    }

    public synchronized FakePagerDuty recover() {
        failing = null;
        return this;
    }

    /** Sent with scripted and failing answers. */
    public synchronized FakePagerDuty retryAfter(String value) {
        retryAfter = value;
        return this;
    }

    /** Every event is ingested, then answered {@code delay} later (a slow receiver: the sender waits that long). */
    public synchronized FakePagerDuty answerAfter(java.time.Duration delay) {
        answerDelayMs = delay.toMillis();
        return this;
    }

    /** Requests from now on are held unanswered (and not ingested) until {@link #unstall()}. */
    public synchronized void stall() {
        stall = new CountDownLatch(1);
    }

    /** Held requests are dropped without an answer; later requests are served normally. */
    public synchronized void unstall() {
        if (stall != null) {
            stall.countDown();
            stall = null;
        }
    }

    public synchronized int stalled() {
        return stalled;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** Accepted events (202), in arrival order. */
    public synchronized List<Received> ingested() {
        return List.copyOf(ingested);
    }

    public synchronized List<Incident> incidents(String dedupKey) {
        return List.copyOf(incidents.getOrDefault(dedupKey, List.of()));
    }

    public synchronized int incidentCount() {
        return incidents.values().stream().mapToInt(List::size).sum();
    }

    private void enqueue(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            CountDownLatch hold;
            synchronized (this) {
                hold = stall;
                if (hold != null) {
                    stalled++;
                }
            }
            if (hold != null) {
                try {
                    hold.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return; // never answered, never ingested: as if the connection broke
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                respond(ex, 405, "{\"status\":\"method not allowed\"}", null);
                return;
            }
            JsonNode event;
            try {
                event = json.readTree(text);
            } catch (IOException e) {
                event = null;
            }
            int status;
            String answer;
            String header = null;
            synchronized (this) {
                Integer forced = failing != null ? failing : script.poll();
                if (forced != null) {
                    status = forced;
                    answer = "";
                    header = retryAfter;
                } else {
                    List<String> errors = validate(event);
                    if (!errors.isEmpty()) {
                        status = 400;
                        answer = json.createObjectNode().put("status", "invalid event").put("message", "Event object is invalid")
                                .set("errors", json.valueToTree(errors)).toString();
                    } else {
                        status = 202;
                        String key = event.hasNonNull("dedup_key") ? event.get("dedup_key").asText() : UUID.randomUUID().toString();
                        ingest(event, key);
                        answer = json.createObjectNode().put("status", "success").put("message", "Event processed")
                                .put("dedup_key", key).toString();
                    }
                }
                Received r = new Received(System.nanoTime(), text, event, status);
                received.add(r);
                if (status == 202) {
                    ingested.add(r);
                }
            }
            long delay;
            synchronized (this) {
                delay = answerDelayMs;
            }
            if (delay > 0) {
                try {
                    Thread.sleep(delay); // the answer is late; the event was received already
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            respond(ex, status, answer, header);
        }
    }

    private void ingest(JsonNode event, String key) {
        List<Incident> list = incidents.computeIfAbsent(key, k -> new ArrayList<>());
        Incident last = list.isEmpty() ? null : list.get(list.size() - 1);
        switch (event.get("event_action").asText()) {
            case "trigger" -> {
                JsonNode p = event.get("payload");
                if (last == null || last.resolved()) {
                    list.add(new Incident(key, p.get("summary").asText(), p.get("severity").asText(), false, 1));
                } else {
                    // a trigger on an open key updates that alert
                    list.set(list.size() - 1, new Incident(key, p.get("summary").asText(), p.get("severity").asText(), false,
                            last.triggers() + 1));
                }
            }
            case "resolve" -> {
                if (last != null && !last.resolved()) {
                    list.set(list.size() - 1, new Incident(key, last.summary(), last.severity(), true, last.triggers()));
                }
            }
            default -> { }
        }
    }

    /**
     * Every reason PagerDuty would answer 400 to {@code event} (the body as sent, routing key
     * included): its OpenAPI schema and its documented limits; empty when it would be taken.
     * Also what {@code EventsTest} checks each event it builds with, so the two never disagree.
     */
    static List<String> validate(JsonNode event) {
        List<String> errors = new ArrayList<>();
        if (event == null || !event.isObject()) {
            return List.of("Event object is not JSON");
        }
        EventsV2Schema.violations(event).forEach(v -> errors.add("schema: " + v));
        String key = event.path("routing_key").asText("");
        if (key.length() != 32) {
            errors.add("'routing_key' must be 32 characters");
        }
        String action = event.path("event_action").asText("");
        if (!ACTIONS.contains(action)) {
            errors.add("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)");
        }
        if (event.hasNonNull("dedup_key") && event.get("dedup_key").asText().length() > 255) {
            errors.add("'dedup_key' must be at most 255 characters");
        }
        if (("acknowledge".equals(action) || "resolve".equals(action)) && !event.hasNonNull("dedup_key")) {
            errors.add("'dedup_key' is required for " + action);
        }
        if ("trigger".equals(action)) {
            JsonNode p = event.path("payload");
            if (p.isMissingNode()) {
                errors.add("'payload' is required for trigger");
            }
            if (p.path("summary").asText("").isEmpty()) {
                errors.add("'payload.summary' is missing or blank");
            } else if (p.get("summary").asText().length() > 1024) {
                errors.add("'payload.summary' is longer than 1024 characters");
            }
            if (p.path("source").asText("").isEmpty()) {
                errors.add("'payload.source' is missing or blank");
            }
            if (!SEVERITIES.contains(p.path("severity").asText(""))) {
                errors.add("'payload.severity' is invalid (must be one of: critical, error, warning, info)");
            }
        }
        return errors;
    }

    private static void respond(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        unstall();
        server.stop(0);
        pool.shutdownNow();
    }
}
