package dev.shipwatch.statuspage;

import dev.shipwatch.store.DailyRollup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Uptime on a fixture computed by hand (figures in hours; see the comments). */
class UptimeTest {
    private static final long H = 3_600_000;

    private static DailyRollup rollup(String target, String day, double successH, double degradedH, double failedH,
                                      double abortedH, double skippedH) {
        return new DailyRollup(target, LocalDate.parse(day), 1, 1, 0, 0, 0, 0,
                (long) (successH * H), (long) (degradedH * H), (long) (failedH * H), (long) (abortedH * H), (long) (skippedH * H),
                0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static Uptime.Window window(String from, String to) {
        return new Uptime.Window(Instant.parse(from), Instant.parse(to));
    }

    @Test
    void aHandComputedFixtureOfFourDays() {
        List<DailyRollup> rollups = List.of(
                // day 1: 20 h up, 1 h degraded, 2 h down, 1 h without any run
                rollup("t", "2026-03-01", 20, 1, 2, 0, 0),
                // day 2: 22 h up and 2 h of runs skipped during a 2 h window: exactly the window
                rollup("t", "2026-03-02", 22, 0, 0, 0, 2),
                // day 3: 12 h up, 6 h down, 6 h no data, and a 6 h window (two overlapping ones) with no skipped
                // runs: the remaining 18 of 24 h keep their shares: up 9 h, down 4.5 h, no data 4.5 h
                rollup("t", "2026-03-03", 12, 0, 6, 0, 0));
        List<Uptime.Window> maintenance = List.of(
                window("2026-03-02T01:00:00Z", "2026-03-02T03:00:00Z"),
                window("2026-03-03T06:00:00Z", "2026-03-03T10:00:00Z"),
                window("2026-03-03T08:00:00Z", "2026-03-03T12:00:00Z"));
        // day 4 is cut at noon and has no rollup: 12 h no data, no percentage
        Uptime.Result r = Uptime.compute(rollups, 1, maintenance,
                Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-04T12:00:00Z"));

        assertThat(r.days()).extracting(Uptime.Day::times).containsExactly(
                new Uptime.Times(20 * H, H, 2 * H, 0, H),
                new Uptime.Times(22 * H, 0, 0, 2 * H, 0),
                new Uptime.Times(9 * H, 0, 9 * H / 2, 6 * H, 9 * H / 2),
                new Uptime.Times(0, 0, 0, 0, 12 * H));
        assertThat(r.days().get(0).times().percent().getAsDouble()).isCloseTo(100.0 * 21 / 23, within(1e-9));
        assertThat(r.days().get(1).times().percent().getAsDouble()).isEqualTo(100.0);
        assertThat(r.days().get(2).times().percent().getAsDouble()).isCloseTo(100.0 * 9 / 13.5, within(1e-9));
        assertThat(r.days().get(3).times().percent()).as("no data is no percentage, never 100 %").isEmpty();
        // 51 h up, 1 h degraded, 6.5 h down, 8 h maintenance, 17.5 h no data: 84 h = 3.5 days
        assertThat(r.total()).isEqualTo(new Uptime.Times(51 * H, H, 13 * H / 2, 8 * H, 35 * H / 2));
        assertThat(r.total().percent().getAsDouble()).isCloseTo(100.0 * 52 / 58.5, within(1e-9));
    }

    @Test
    void alikeDaysReadBackAsTheirOwnDatesAndResultsOfTheSameDaysAreEqual() {
        // 90 days: all up but one day down in the middle, and no data before the first run
        List<DailyRollup> rollups = new java.util.ArrayList<>();
        for (int d = 10; d < 90; d++) {
            LocalDate day = LocalDate.parse("2026-01-01").plusDays(d);
            rollups.add(d == 50 ? rollup("t", day.toString(), 0, 0, 24, 0, 0) : rollup("t", day.toString(), 24, 0, 0, 0, 0));
        }
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = from.plus(java.time.Duration.ofDays(90));
        Uptime.Result r = Uptime.compute(rollups, 1, List.of(), from, to);

        assertThat(r.days()).hasSize(90);
        for (int d = 0; d < 90; d++) {
            Uptime.Day day = r.days().get(d);
            assertThat(day.day()).isEqualTo(LocalDate.parse("2026-01-01").plusDays(d));
            assertThat(day.times()).as("day " + d).isEqualTo(d < 10 ? new Uptime.Times(0, 0, 0, 0, 24 * H)
                    : d == 50 ? new Uptime.Times(0, 0, 24 * H, 0, 0) : new Uptime.Times(24 * H, 0, 0, 0, 0));
        }
        Uptime.Result again = Uptime.compute(List.copyOf(rollups), 1, List.of(), from, to);
        assertThat(again).isEqualTo(r).hasSameHashCodeAs(r);
        assertThat(r.days()).as("equal to any list of the same days").isEqualTo(new java.util.ArrayList<>(r.days()))
                .hasSameHashCodeAs(new java.util.ArrayList<>(r.days()));
        rollups.set(40, rollup("t", "2026-02-20", 23, 1, 0, 0, 0)); // day 50 is 2026-02-20
        assertThat(Uptime.compute(rollups, 1, List.of(), from, to)).as("a day that differs").isNotEqualTo(r);
    }

    @Test
    void aComponentAddsTheTimeOfItsTargets() {
        Uptime.Result r = Uptime.compute(List.of(rollup("a", "2026-03-01", 24, 0, 0, 0, 0), rollup("b", "2026-03-01", 12, 0, 12, 0, 0)),
                2, List.of(), Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(r.total()).isEqualTo(new Uptime.Times(36 * H, 0, 12 * H, 0, 0));
        assertThat(r.total().percent().getAsDouble()).isEqualTo(75.0);
    }

    @Test
    void abortedTimeIsNoDataAndPeriodsStartAtAUtcMidnight() {
        Uptime.Result r = Uptime.compute(List.of(rollup("a", "2026-03-01", 12, 0, 0, 12, 0)), 1, List.of(),
                Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(r.total()).isEqualTo(new Uptime.Times(12 * H, 0, 0, 0, 12 * H));
        assertThatThrownBy(() -> Uptime.compute(List.of(), 1, List.of(), Instant.parse("2026-03-01T01:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z"))).hasMessageContaining("UTC midnight");
    }
}
