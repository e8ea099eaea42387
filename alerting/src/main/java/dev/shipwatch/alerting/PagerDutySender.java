package dev.shipwatch.alerting;

import com.github.dikhan.pagerduty.client.events.PagerDutyEventsClient;
import com.github.dikhan.pagerduty.client.events.domain.EventResult;
import com.github.dikhan.pagerduty.client.events.domain.LinkContext;
import com.github.dikhan.pagerduty.client.events.domain.Payload;
import com.github.dikhan.pagerduty.client.events.domain.ResolveIncident;
import com.github.dikhan.pagerduty.client.events.domain.Severity;
import com.github.dikhan.pagerduty.client.events.domain.TriggerIncident;
import com.github.dikhan.pagerduty.client.events.exceptions.NotifyEventException;
import com.mashape.unirest.http.Unirest;
import dev.shipwatch.config.PagerDutyConfig;
import org.apache.http.Header;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.json.JSONObject;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * {@link EventSender} through the PagerDuty Java client (com.github.dikhan:pagerduty-client)
 * with its own retries off: with them on it blocks for 10 s, 25 s, 55 s and ignores
 * {@code Retry-After}; the outbox retries instead.
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

    private final PagerDutyEventsClient client;
    private final String routingKey;

    public PagerDutySender(PagerDutyConfig config) {
        Objects.requireNonNull(config, "config");
        if (!config.pagingOn()) {
            throw new IllegalArgumentException("paging is off (no routing key, or not enabled): nothing to send with");
        }
        this.routingKey = config.routingKey();
        String base = config.enqueueUrl().substring(0, config.enqueueUrl().length() - "/v2/enqueue".length());
        // The client wants the full enqueue URL, not the base (DEPENDENCIES.md, trap 9).
        synchronized (PagerDutySender.class) {
            this.client = PagerDutyEventsClient.create(config.enqueueUrl(), base + "/v2/change/enqueue", false);
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
            result = PagerEvent.RESOLVE.equals(event.eventAction())
                    ? client.resolve(ResolveIncident.ResolveIncidentBuilder.newBuilder(routingKey, event.dedupKey()).build())
                    : client.trigger(trigger(event));
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

    private TriggerIncident trigger(PagerEvent event) {
        PagerEvent.Payload p = event.payload();
        Payload.Builder payload = Payload.Builder.newBuilder()
                .setSummary(p.summary())
                .setSource(p.source())
                .setSeverity(Severity.valueOf(p.severity().toUpperCase(Locale.ROOT)))
                .setComponent(p.component())
                .setGroup(p.group())
                .setEventClass(p.eventClass());
        if (p.timestamp() != null) {
            payload.setTimestamp(OffsetDateTime.parse(p.timestamp()));
        }
        if (p.customDetails() != null) {
            payload.setCustomDetails(new JSONObject(p.customDetails()));
        }
        return TriggerIncident.TriggerIncidentBuilder.newBuilder(routingKey, payload.build())
                .setDedupKey(event.dedupKey())
                .setClient(event.client())
                .setClientUrl(event.clientUrl())
                .setLinks(event.links().stream().map(l -> new LinkContext(l.href(), l.text())).toList())
                .build();
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
