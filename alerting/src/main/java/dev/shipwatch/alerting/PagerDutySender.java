package dev.shipwatch.alerting;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dikhan.pagerduty.client.events.HttpApiServiceImpl;
import com.github.dikhan.pagerduty.client.events.domain.EventResult;
import com.github.dikhan.pagerduty.client.events.domain.PagerDutyEvent;
import com.github.dikhan.pagerduty.client.events.exceptions.NotifyEventException;
import com.mashape.unirest.http.Unirest;
import dev.shipwatch.config.PagerDutyConfig;
import org.apache.http.Header;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * {@link EventSender} through the PagerDuty Java client (com.github.dikhan:pagerduty-client)
 * with its own retries off: with them on it blocks for 10 s, 25 s, 55 s and ignores
 * {@code Retry-After}; the outbox retries instead.
 *
 * <p>The JSON body is ours, not the client's: its event classes put a placeholder payload into a
 * resolve ({@code "summary":"BLANK"}, {@code "timestamp":null} …) and write every absent field as
 * {@code null}, which PagerDuty's own OpenAPI schema refuses. So {@link PagerEvent} is written as
 * Events v2 describes it (absent fields left out; a resolve is {@code routing_key},
 * {@code dedup_key} and {@code event_action} only) and handed to the client's transport,
 * {@link HttpApiServiceImpl#notifyEvent}, which posts any {@link PagerDutyEvent} as JSON.
 *
 * <p>The client sends through Unirest's static HTTP client and reports a 429 or 5xx only as a
 * status string. We give Unirest our own HttpClient (timeouts, no automatic retries) whose
 * response interceptor notes, on the sending thread, the status code and {@code Retry-After} of
 * the last response: the result is classified from those, not from the client's strings.
 */
public final class PagerDutySender implements EventSender {
    static final String CLIENT = "Shipwatch";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The status and Retry-After of the last response received on this thread. */
    private record Seen(int status, String retryAfter) {}

    private static final ThreadLocal<Seen> LAST_RESPONSE = new ThreadLocal<>();
    private static CloseableHttpClient http;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpApiServiceImpl client;
    private final String routingKey;

    public PagerDutySender(PagerDutyConfig config) {
        Objects.requireNonNull(config, "config");
        if (!config.pagingOn()) {
            throw new IllegalArgumentException("paging is off (no routing key, or not enabled): nothing to send with");
        }
        this.routingKey = config.routingKey();
        String base = config.enqueueUrl().substring(0, config.enqueueUrl().length() - "/v2/enqueue".length());
        // The client wants the full enqueue URL, not the base (docs/dependencies.md, trap 9).
        synchronized (PagerDutySender.class) {
            this.client = new HttpApiServiceImpl(config.enqueueUrl(), base + "/v2/change/enqueue", false);
            // Creating the client calls Unirest.setObjectMapper, which rebuilds Unirest's default
            // clients: ours goes in after it.
            Unirest.setHttpClient(httpClient());
        }
    }

    /** Unirest's client is static: one per JVM, the same for every sender. */
    private static synchronized CloseableHttpClient httpClient() {
        if (http != null) {
            return http;
        }
        int ms = (int) TIMEOUT.toMillis();
        http = HttpClients.custom()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(ms).setSocketTimeout(ms).setConnectionRequestTimeout(ms).build())
                .disableAutomaticRetries()
                .setMaxConnTotal(8)
                .setMaxConnPerRoute(8)
                .addInterceptorLast((HttpResponseInterceptor) (response, context) -> {
                    Header retryAfter = response.getFirstHeader("Retry-After");
                    LAST_RESPONSE.set(new Seen(response.getStatusLine().getStatusCode(),
                            retryAfter == null ? null : retryAfter.getValue()));
                })
                .build();
        return http;
    }

    @Override
    public SendResult send(PagerEvent event) {
        LAST_RESPONSE.remove();
        EventResult result;
        try {
            result = client.notifyEvent(new Body(body(event)));
        } catch (NotifyEventException | RuntimeException e) {
            Seen seen = LAST_RESPONSE.get();
            if (seen != null) {
                // An answer came but its body was not what the client expected (e.g. an HTML 502 page).
                return classify(seen, "HTTP " + seen.status() + " (unreadable body)");
            }
            return SendResult.retry("network error: " + clean(rootMessage(e)), null);
        }
        Seen seen = LAST_RESPONSE.get();
        LAST_RESPONSE.remove();
        String detail = describe(result, seen);
        if (seen == null) {
            // Cannot happen with our HttpClient installed; judge by the client's status string.
            return "success".equals(result.getStatus()) ? SendResult.accepted(detail) : SendResult.retry(detail, null);
        }
        return classify(seen, detail);
    }

    private static SendResult classify(Seen seen, String detail) {
        int status = seen.status();
        if (status >= 200 && status < 300) {
            return SendResult.accepted(detail);
        }
        if (status == 400) {
            return SendResult.rejected(detail);
        }
        // 429 and 5xx by the contract; anything else (a wrong URL's 404, a proxy's 403) is kept
        // and retried too, visible as pending, rather than a page dropped for good.
        return SendResult.retry(detail, retryAfter(seen.retryAfter()));
    }

    /** The Events v2 body: {@code routing_key} first, then the event as stored (absent fields left out). */
    ObjectNode body(PagerEvent event) {
        ObjectNode body = JSON.createObjectNode().put("routing_key", routingKey);
        body.setAll((ObjectNode) JSON.valueToTree(event));
        return body;
    }

    /** What the client's transport serialises: exactly {@code json}. */
    private static final class Body implements PagerDutyEvent {
        private final ObjectNode json;

        Body(ObjectNode json) {
            this.json = json;
        }

        @JsonValue
        public ObjectNode json() {
            return json;
        }
    }

    private String describe(EventResult result, Seen seen) {
        StringBuilder s = new StringBuilder();
        s.append("HTTP ").append(seen == null ? "?" : String.valueOf(seen.status()));
        for (String part : new String[] {result.getStatus(), result.getMessage(), result.getErrors()}) {
            if (part != null && !part.isBlank() && !(seen != null && part.equals(String.valueOf(seen.status())))) {
                s.append(' ').append(part.strip());
            }
        }
        return clean(s.toString());
    }

    /** Never let the routing key into a log line or an outbox row. */
    private String clean(String text) {
        return text == null ? null : text.replace(routingKey, "***");
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                long ms = ChronoUnit.MILLIS.between(ZonedDateTime.now(at.getZone()), at);
                return Duration.ofMillis(Math.max(0, ms));
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
