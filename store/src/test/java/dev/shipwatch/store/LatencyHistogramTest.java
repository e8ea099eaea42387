package dev.shipwatch.store;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

class LatencyHistogramTest {
    @Test
    void percentilesOfAKnownSampleAreTheNearestRankToWithinOnePointOnePercent() {
        // 1..100 ms: the pN is N ms
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 100; v >= 1; v--) {
            h.add(v);
        }
        assertThat(h.percentile(50)).isCloseTo(50.0, withPercentage(1.1));
        assertThat(h.percentile(95)).isCloseTo(95.0, withPercentage(1.1));
        assertThat(h.percentile(99)).isCloseTo(99.0, withPercentage(1.1));
        // ten values: p50 is the 5th, p95 and p99 the 10th (⌈9.5⌉, ⌈9.9⌉), to bucket precision
        LatencyHistogram ten = new LatencyHistogram();
        for (double v : new double[] {70, 30, 90, 10, 100, 20, 80, 40, 60, 50}) {
            ten.add(v);
        }
        assertThat(ten.percentile(50)).isCloseTo(50.0, withPercentage(1.1));
        assertThat(ten.percentile(95)).isCloseTo(100.0, withPercentage(1.1));
        assertThat(new LatencyHistogram().add(42.5).add(42.5).percentile(50)).isEqualTo(42.5);
        assertThat(new LatencyHistogram().percentile(50)).isNull();
    }

    @Test
    void manyRandomSamplesStayWithinBucketPrecisionAndSurviveTheTextForm() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            double[] values = new double[1 + random.nextInt(3000)];
            LatencyHistogram h = new LatencyHistogram();
            for (int i = 0; i < values.length; i++) {
                values[i] = round % 4 == 0 ? random.nextInt(5) + 0.5 : Math.exp(random.nextGaussian() * 2 + 5);
                h.add(values[i]);
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            LatencyHistogram copy = new LatencyHistogram().addText(h.toText());
            assertThat(copy).isEqualTo(h);
            for (int p : new int[] {50, 95, 99}) {
                double exact = sorted[(int) Math.ceil(p / 100.0 * sorted.length) - 1];
                assertThat(copy.percentile(p)).as("round %d p%d", round, p).isCloseTo(exact, withPercentage(1.1));
            }
        }
    }

    @Test
    void histogramsAddUpAndARemovedValueIsGone() {
        LatencyHistogram a = new LatencyHistogram().add(10).add(20);
        LatencyHistogram b = new LatencyHistogram().add(30);
        assertThat(new LatencyHistogram().add(a).add(b)).isEqualTo(new LatencyHistogram().add(10).add(20).add(30));
        assertThat(a.remove(20).count()).isEqualTo(1);
        assertThat(a.remove(10).toText()).isEmpty();
    }
}
