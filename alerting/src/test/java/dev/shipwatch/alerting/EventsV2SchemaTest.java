package dev.shipwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The vendored schema really judges: what the PagerDuty client used to send is refused, ours is not. */
class EventsV2SchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theClientsPlaceholderResolvePayloadBreaksTheSchemaInFiveFields() throws Exception {
        // What com.github.dikhan:pagerduty-client 3.1.2's ResolveIncident serialises to.
        var clientsResolve = JSON.readTree("""
                {"routing_key":"R0UT1NGKEY0123456789abcdefABCDEF","dedup_key":"shipwatch/local-java","event_action":"resolve",
                 "payload":{"summary":"BLANK","source":"BLANK","severity":"info","timestamp":null,"component":null,
                            "group":null,"class":null,"custom_details":null},
                 "images":[],"links":[]}""");

        assertThat(EventsV2Schema.violations(clientsResolve)).hasSize(5)
                .anySatisfy(v -> assertThat(v).contains("/payload/timestamp", "null"))
                .anySatisfy(v -> assertThat(v).contains("/payload/custom_details", "null"));
    }

    @Test
    void aTimestampThatIsNotADateTimeAndAnUnknownSeverityAreRefused() throws Exception {
        var trigger = JSON.readTree("""
                {"routing_key":"R0UT1NGKEY0123456789abcdefABCDEF","event_action":"trigger",
                 "payload":{"summary":"s","source":"local-java","severity":"fatal","timestamp":"yesterday"}}""");

        assertThat(EventsV2Schema.violations(trigger)).hasSize(2)
                .anySatisfy(v -> assertThat(v).contains("/payload/severity"))
                .anySatisfy(v -> assertThat(v).contains("/payload/timestamp"));
    }

    @Test
    void aResolveOfKeyAndActionAndAFullTriggerAreValid() throws Exception {
        assertThat(EventsV2Schema.violations(JSON.readTree("""
                {"routing_key":"R0UT1NGKEY0123456789abcdefABCDEF","event_action":"resolve","dedup_key":"shipwatch/local-java"}"""
        ))).isEmpty();
        assertThat(EventsV2Schema.violations(JSON.readTree("""
                {"routing_key":"R0UT1NGKEY0123456789abcdefABCDEF","event_action":"trigger","dedup_key":"shipwatch/local-java",
                 "payload":{"summary":"local-java: build failed (build_failed) on local","source":"local-java","severity":"critical",
                            "timestamp":"2026-11-22T12:00:00.123Z","component":"build","group":"Local deploys",
                            "class":"build_failed","custom_details":{"phases_ms":{"build":1234.5}}},
                 "links":[{"href":"https://status.example.com/components/local","text":"Shipwatch status page: Local deploys"}],
                 "client":"Shipwatch","client_url":"https://status.example.com/components/local"}"""
        ))).isEmpty();
    }
}
