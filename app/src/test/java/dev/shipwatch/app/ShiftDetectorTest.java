package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The detector's arithmetic, checked by hand and against the plain (sorting) definitions. */
class ShiftDetectorTest {
    @Test
    void mannWhitneyZMatchesTheTextbookValues() {
        // every a above every b: U = 3 × 2 = 6, mean 3, variance 3 × 2 × 6 / 12 = 3
        assertThat(ShiftDetector.mannWhitneyZ(new double[] {3, 4, 5}, new double[] {1, 2})).isCloseTo(3 / Math.sqrt(3), within(1e-12));
        // mirrored: as far the other way
        assertThat(ShiftDetector.mannWhitneyZ(new double[] {1, 2}, new double[] {3, 4, 5})).isCloseTo(-3 / Math.sqrt(3), within(1e-12));
        // ties count half, and the variance shrinks by the tie correction: a = {2, 2}, b = {1, 2}
        // U = 1.5 + 1.5 = 3, mean 2, N = 4, ties: one run of three 2s → Σ(t³ − t) = 24,
        // variance = 2 × 2 / 12 × (5 − 24 / 12) = 1
        assertThat(ShiftDetector.mannWhitneyZ(new double[] {2, 2}, new double[] {1, 2})).isCloseTo(1.0, within(1e-12));
        // all equal: no evidence either way
        assertThat(ShiftDetector.mannWhitneyZ(new double[] {7, 7}, new double[] {7, 7, 7})).isZero();
    }

    @Test
    void theSelectedMedianIsTheSortedOne() {
        var random = new SplittableRandom(42);
        for (int n = 1; n < 300; n += 7) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                // repeated values too: ties must not fool the selection
                values[i] = random.nextInt(40) + (i % 3 == 0 ? 0.5 : 0);
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);

            assertThat(ShiftDetector.median(values.clone(), n)).as("n = %d", n).isEqualTo(Comparison.median(sorted));
        }
    }
}
