package dev.shipwatch.prober;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.Schedule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunIdsTest {
    private final RunIds ids = new RunIds();
    private final Instant now = Instant.parse("2026-11-22T10:15:02Z");

    @Test
    void runIdsSortByStartAndFitInALabelEvenForLongTargetNames() {
        assertThat(ids.runId(now, "local-java")).matches("20261122t101502-local-java-[0-9a-z]{6}");
        String id = ids.runId(now, "a-very-long-target-name-that-goes-on-and-on-for-ever-and-ever-and-ever");
        assertThat(id).hasSizeLessThanOrEqualTo(RunIds.MAX_ID).matches("[0-9a-z]([0-9a-z-]*[0-9a-z])?");
        assertThat(ids.runId(now, "x")).isNotEqualTo(ids.runId(now, "x"));
    }

    @Test
    void nonceAndTokenAreFreshRandomValuesOfTheirStatedSize() {
        assertThat(ids.nonce()).matches("[0-9a-f]{32}").isNotEqualTo(ids.nonce());
        assertThat(ids.token()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(ids.token());
    }

    @Test
    void aRunHoldsForTwiceTheIntervalOrTwiceTheShortestCronGap() {
        assertThat(RunIds.maxHold(Schedule.every(Duration.ofMinutes(1)), now)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RunIds.maxHold(Schedule.cron("0 */5 * * * ?"), now)).isEqualTo(Duration.ofMinutes(10));
        // Weekdays at 9 and 17: the shortest gap is the 8 h within a day, not the night or the weekend.
        assertThat(RunIds.maxHold(Schedule.cron("0 0 9,17 ? * MON-FRI"), now)).isEqualTo(Duration.ofHours(16));
    }
}
