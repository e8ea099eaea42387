package dev.shipwatch.statuspage.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {
    @Test
    void nearestRankOfAKnownSample() {
        // 1..100: the pN is N itself
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[99 - i] = i + 1;
        }
        assertThat(Percentiles.of(hundred)).isEqualTo(new Percentiles(50.0, 95.0, 99.0));
        // ten values: p50 is the 5th, p95 and p99 the 10th (⌈9.5⌉, ⌈9.9⌉)
        assertThat(Percentiles.of(new double[] {7, 3, 9, 1, 10, 2, 8, 4, 6, 5})).isEqualTo(new Percentiles(5.0, 10.0, 10.0));
        assertThat(Percentiles.of(new double[] {42})).isEqualTo(new Percentiles(42.0, 42.0, 42.0));
        assertThat(Percentiles.of(new double[0])).isEqualTo(Percentiles.NONE);
    }

    @Test
    void selectionAgreesWithSortingOnManySamplesWithTies() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            double[] values = new double[1 + random.nextInt(2000)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(round % 3 == 0 ? 5 : 100_000);
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            assertThat(Percentiles.of(values)).as("round %d", round).isEqualTo(new Percentiles(
                    sorted[(int) Math.ceil(0.5 * n) - 1], sorted[(int) Math.ceil(0.95 * n) - 1], sorted[(int) Math.ceil(0.99 * n) - 1]));
        }
    }
}
