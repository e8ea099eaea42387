package dev.shipwatch.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.util.List;

/**
 * PagerDuty's own OpenAPI schema of an Events API v2 event ({@code POST /v2/enqueue}), from the
 * file vendored unchanged under {@code src/test/resources/pagerduty/events-v2/} (its source and
 * commit are in {@code SOURCE.md} there), checked with networknt's JSON-schema validator in its
 * OpenAPI 3.0 dialect. Thread-safe.
 */
public final class EventsV2Schema {
    /** The request body schema of {@code paths./enqueue.post}; its {@code $ref}s resolve within the file. */
    static final String ENQUEUE_REQUEST =
            "classpath:pagerduty/events-v2/openapiv3.json#/paths/~1enqueue/post/requestBody/content/application~1json/schema";

    // Formats asserted too: a timestamp that is not a date-time is as wrong as a number for a string.
    private static final Schema SCHEMA = SchemaRegistry.withDialect(Dialects.getOpenApi30(),
                    builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
            .getSchema(SchemaLocation.of(ENQUEUE_REQUEST));

    private EventsV2Schema() {}

    /** Every way {@code event} breaks the schema, as {@code /payload/severity: …} lines; empty when it is valid. */
    public static List<String> violations(JsonNode event) {
        List<Error> errors = SCHEMA.validate(event);
        return errors.stream().map(Error::toString).toList();
    }
}
