package dev.shipwatch.alerting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * One PagerDuty Events v2 event as Shipwatch writes it to the outbox: everything but the
 * routing key, which the sender adds (so no secret is ever stored). Field names follow the
 * Events v2 body; absent and empty fields are left out of the JSON (PagerDuty's schema wants a
 * string or nothing, never {@code null}), so a resolve is only {@code event_action} and
 * {@code dedup_key}.
 *
 * @param payload null for a resolve
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PagerEvent(@JsonProperty("event_action") String eventAction,
                         @JsonProperty("dedup_key") String dedupKey,
                         Payload payload,
                         List<Link> links,
                         String client,
                         @JsonProperty("client_url") String clientUrl) {
    public static final String TRIGGER = "trigger";
    public static final String RESOLVE = "resolve";

    public PagerEvent {
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** The trigger's description of the problem; null fields are left out. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Payload(String summary, String source, String severity, String timestamp, String component,
                          String group, @JsonProperty("class") String eventClass,
                          @JsonProperty("custom_details") Map<String, Object> customDetails) {}

    public record Link(String href, String text) {}
}
