package dev.shipwatch.prober;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.Slo;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.FsProfile;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.SloBreach;
import dev.shipwatch.store.WarmStats;
import dev.shipwatch.store.Workload;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SloCheckTest {
    private final Slo slo = new Slo(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofMillis(50), Duration.ofMillis(100), 10_000.0);

    @Test
    void eachBrokenObjectiveIsNamedByItsConfigKeyWithLimitAndActual() {
        var breaches = SloCheck.breaches(slo, new PhaseTimings(31_000.0, 9_000.0, 7_240.0, 20.0),
                new FirstRequest(null, 0.3, null, 60.0, 0.1, 60.4, 200), new WarmStats(20, 3, 812.4, 900, 950),
                new Workload(8_123.6, 12.0, null));

        assertThat(breaches).containsExactly(
                new SloBreach("build", "30s", "31.0s"),
                new SloBreach("cold-start", "5s", "7.2s"),
                new SloBreach("first-request", "50ms", "60ms"),
                new SloBreach("request-p95", "100ms", "812ms"),
                new SloBreach("fs-ops-per-s", "10000", "8124"));
    }

    @Test
    void eachFileSystemProfileFigureHasItsOwnObjective() {
        Slo profile = new Slo(null, null, null, null, null, 1_000.0, 50_000.0, 200_000.0, 100.0, 5_000.0);
        Workload gvisorLike = new Workload(2_000.0, 12.0, null, new FsProfile(4_100.4, 90_000.0, 150.0, 900.6), null);

        assertThat(SloCheck.breaches(profile, PhaseTimings.NONE, null, null, gvisorLike)).containsExactly(
                new SloBreach("fs-open-read-per-s", "50000", "4100"),
                new SloBreach("fs-stat-missing-per-s", "200000", "90000"),
                new SloBreach("fs-list-per-s", "5000", "901"));
        // a canary without the profile is not held to it
        assertThat(SloCheck.breaches(profile, PhaseTimings.NONE, null, null, new Workload(2_000.0, 12.0, null))).isEmpty();
    }

    @Test
    void figuresThatWereNotMeasuredBreakNothing() {
        assertThat(SloCheck.breaches(slo, PhaseTimings.NONE, null, null, Workload.NONE)).isEmpty();
        assertThat(SloCheck.millis(2.64)).isEqualTo("2.6ms");
    }
}
