package dev.shipwatch.config;

/**
 * Where and how alerts are sent. {@code routingKey} is empty when none is configured (then
 * nothing pages); it never appears in {@link #toString()}.
 *
 * @param eventsUrl      base URL of the Events API v2, without {@code /v2/enqueue}
 * @param eventsPerMinute the most events sent per minute per routing key (PagerDuty allows about 120)
 */
public record PagerDutyConfig(boolean enabled, String routingKey, String eventsUrl, int eventsPerMinute) {
    public static final String DEFAULT_EVENTS_URL = "https://events.pagerduty.com";

    public static final PagerDutyConfig NONE = new PagerDutyConfig(true, "", DEFAULT_EVENTS_URL, 120);

    /** Paging happens only when enabled and a routing key is set. */
    public boolean pagingOn() {
        return enabled && routingKey != null && !routingKey.isEmpty();
    }

    /** The full enqueue URL (the PagerDuty client wants it whole, not the base). */
    public String enqueueUrl() {
        return (eventsUrl.endsWith("/") ? eventsUrl.substring(0, eventsUrl.length() - 1) : eventsUrl) + "/v2/enqueue";
    }

    @Override
    public String toString() {
        return "PagerDutyConfig[enabled=" + enabled + ", routingKey=" + (routingKey == null || routingKey.isEmpty() ? "" : "***")
                + ", eventsUrl=" + eventsUrl + ", eventsPerMinute=" + eventsPerMinute + "]";
    }
}
