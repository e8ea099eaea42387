package dev.shipwatch.statuspage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class FormatTest {
    @ParameterizedTest(name = "{0} ms reads as {1}")
    @CsvSource(delimiter = '|', value = {
            "0.94     | 0.9 ms",
            "9.96     | 10 ms",
            "812.4    | 812 ms",
            "999.4    | 999 ms",
            "999.6    | 1.0 s",
            "1412     | 1.4 s",
            "12345    | 12 s",
            "60000    | 1 min",
            "125000   | 2 min 5 s"})
    void millisecondsReadAsHumanDurations(double ms, String expected) {
        assertThat(Format.millis(ms)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} s before reads as {1}")
    @CsvSource(delimiter = '|', value = {
            "-5     | just now",
            "59     | just now",
            "60     | 1 min ago",
            "7140   | 119 min ago",
            "7200   | 2 h ago",
            "172800 | 2 days ago"})
    void agesReadInMinutesHoursAndDays(long secondsBefore, String expected) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Format.ago(now.minus(Duration.ofSeconds(secondsBefore)), now)).isEqualTo(expected);
    }

    @Test
    void localTimesFollowThePageTimeZoneAcrossDaylightSaving() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(Format.local(Instant.parse("2026-01-15T12:00:00Z"), berlin)).isEqualTo("15 Jan 2026, 13:00 CET");
        assertThat(Format.local(Instant.parse("2026-07-15T12:00:00Z"), berlin)).isEqualTo("15 Jul 2026, 14:00 CEST");
    }

    @Test
    void machineTimesAreUtcWithMilliseconds() {
        assertThat(Format.iso(Instant.parse("2024-09-16T21:55:28.472981Z"))).isEqualTo("2024-09-16T21:55:28.472Z");
        assertThat(Format.iso(Instant.parse("2024-09-16T21:55:28Z"))).isEqualTo("2024-09-16T21:55:28.000Z");
    }
}
