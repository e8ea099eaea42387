package dev.shipwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Retry delays, the per-minute budget and Retry-After parsing: pure functions, no clock. */
class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    @RepeatedTest(20)
    void delaysDoubleWithJitterUpToTheCap() {
        assertThat(backoff.delay(1, null)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(backoff.delay(3, null)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(backoff.delay(40, null)).isBetween(Duration.ofMinutes(5).dividedBy(2), Duration.ofMinutes(5));
    }

    @Test
    void retryAfterIsAFloor() {
        assertThat(backoff.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1, Duration.ofDays(2))).as("capped at an hour").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(PagerDutySender.retryAfter("17")).isEqualTo(Duration.ofSeconds(17));
        assertThat(PagerDutySender.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(PagerDutySender.retryAfter("soon")).isNull();
        assertThat(PagerDutySender.retryAfter(null)).isNull();
    }
}
