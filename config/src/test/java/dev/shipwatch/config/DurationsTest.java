package dev.shipwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesEveryUnit() {
        assertThat(Durations.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
        assertThat(Durations.parse(" 90s ")).contains(Duration.ofSeconds(90));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5x", "-5s", "1.5s", "5 m", "5M", "PT30S", "99999999999999999999s", "999999999999999d"})
    void rejectsWhatIsNotAHumanDurationOrDoesNotFitInMilliseconds(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThat(Durations.parse(null)).isEmpty();
    }

    @Test
    void formatsWithTheLargestUnitThatKeepsTheValueWhole() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"250ms", "30s", "90s", "5m", "2h", "1d", "1001ms"})
    void formatRoundTripsWhatParseReads(String text) {
        assertThat(Durations.format(Durations.parse(text).orElseThrow())).isEqualTo(text);
    }
}
