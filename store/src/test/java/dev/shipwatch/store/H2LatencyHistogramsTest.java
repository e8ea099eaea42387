package dev.shipwatch.store;

import dev.shipwatch.config.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The run store keeps the daily latency histograms in step with the runs, also when a run is stored again. */
class H2LatencyHistogramsTest {
    private final Database db = Database.open(new Storage("jdbc:h2:mem:hist-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
    private final RunHistory history = new RunHistory(db.dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    private static ProbeRun run(String id, String start, Double coldStart) {
        Instant at = Instant.parse(start);
        return new ProbeRun(id, "api", "local", "api", at, at.plusSeconds(5), Outcome.SUCCESS, null,
                new PhaseTimings(800.0, null, coldStart, 5.0), null, new WarmStats(20, 1.0, 2.0, 3.0, 4.0), null, true, null, List.of());
    }

    @Test
    void eachDayHoldsTheFiguresOfTheRunsThatStartedOnItAndAReStoredRunReplacesItsValues() {
        db.runs().finished(run("a", "2026-06-01T10:00:00Z", 300.0), Duration.ofMinutes(10));
        db.runs().finished(run("b", "2026-06-01T23:59:00Z", 500.0), Duration.ofMinutes(10));
        db.runs().finished(run("c", "2026-06-02T00:01:00Z", 700.0), Duration.ofMinutes(10));
        // stored again, with another cold start: the first value must be gone
        db.runs().finished(run("a", "2026-06-01T10:00:00Z", 400.0), Duration.ofMinutes(10));

        var day1 = history.histograms("api", LocalDate.parse("2026-06-01"), LocalDate.parse("2026-06-01"));
        // the buckets are those of 400 and 500 (the exact min cannot be taken back: see LatencyHistogram#remove)
        assertThat(day1.get(LatencyFigure.COLD_START).toText()).endsWith(" " + LatencyHistogram.bucket(400) + ":1 "
                + LatencyHistogram.bucket(500) + ":1");
        assertThat(day1.get(LatencyFigure.COLD_START).count()).isEqualTo(2);
        assertThat(day1.get(LatencyFigure.BUILD)).isEqualTo(new LatencyHistogram().add(800).add(800));
        assertThat(day1.get(LatencyFigure.DEPLOY).count()).isZero();
        assertThat(day1.get(LatencyFigure.WARM_P99).percentile(99)).isEqualTo(3.0);
        var both = history.histograms("api", LocalDate.parse("2026-06-01"), LocalDate.parse("2026-06-02"));
        assertThat(both.get(LatencyFigure.COLD_START).count()).isEqualTo(3);
        // the raw read of a range gives the same histogram
        assertThat(history.latencies("api", Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-06-03T00:00:00Z"))
                .get(LatencyFigure.COLD_START)).isEqualTo(new LatencyHistogram().add(400).add(500).add(700));
    }
}
