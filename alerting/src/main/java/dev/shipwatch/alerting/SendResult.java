package dev.shipwatch.alerting;

import java.time.Duration;

/**
 * What the receiver said to one event.
 *
 * @param detail     a short description for logs and the outbox row (status, message, errors)
 * @param retryAfter the receiver's {@code Retry-After}, when it sent one (RETRY only)
 */
public record SendResult(Kind kind, String detail, Duration retryAfter) {
    public enum Kind {
        /** Taken (202). */
        ACCEPTED,
        /** Refused for good (400): sending it again cannot help. */
        REJECTED,
        /** Not taken this time (429, 5xx, network error): send it again later. */
        RETRY
    }

    public static SendResult accepted(String detail) {
        return new SendResult(Kind.ACCEPTED, detail, null);
    }

    public static SendResult rejected(String detail) {
        return new SendResult(Kind.REJECTED, detail, null);
    }

    public static SendResult retry(String detail, Duration retryAfter) {
        return new SendResult(Kind.RETRY, detail, retryAfter);
    }
}
