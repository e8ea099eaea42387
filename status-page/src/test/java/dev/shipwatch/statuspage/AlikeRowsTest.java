package dev.shipwatch.statuspage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlikeRowsTest {
    private static List<long[]> rows(long[]... rows) {
        return List.of(rows);
    }

    @Test
    void everyRowReadsBackAsGivenWhateverRowsRepeat() {
        List<long[]> given = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            given.add(i < 10 ? new long[] {0, -1, 86_400_000L} : i == 50 ? new long[] {3, 9_950, Long.MAX_VALUE}
                    : new long[] {1, 10_000, -1});
        }
        AlikeRows a = AlikeRows.of(given, 3);

        assertThat(a.size()).isEqualTo(90);
        for (int i = 0; i < 90; i++) {
            for (int k = 0; k < 3; k++) {
                assertThat(a.get(i, k)).as("row %d, number %d", i, k).isEqualTo(given.get(i)[k]);
            }
        }
    }

    @Test
    void numbersThatFitAnIntAndOnesThatDoNotReadBackTheSame() {
        AlikeRows small = AlikeRows.of(rows(new long[] {-1, Integer.MAX_VALUE}, new long[] {Integer.MIN_VALUE, 0}), 2);
        AlikeRows large = AlikeRows.of(rows(new long[] {-1, Integer.MAX_VALUE + 1L}, new long[] {Integer.MIN_VALUE - 1L, 0}), 2);

        assertThat(new long[] {small.get(0, 0), small.get(0, 1), small.get(1, 0), small.get(1, 1)})
                .containsExactly(-1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0);
        assertThat(new long[] {large.get(0, 0), large.get(0, 1), large.get(1, 0), large.get(1, 1)})
                .containsExactly(-1, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, 0);
        assertThat(large).isNotEqualTo(small);
    }

    @Test
    void equalWhenTheRowsAreTheSameInTheSameOrder() {
        long[] up = {1, 10_000};
        long[] none = {0, -1};
        AlikeRows a = AlikeRows.of(rows(none, up, up), 2);

        assertThat(AlikeRows.of(rows(none.clone(), up.clone(), up.clone()), 2)).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(AlikeRows.of(rows(up, none, up), 2)).isNotEqualTo(a);
        assertThat(AlikeRows.of(rows(none, up), 2)).isNotEqualTo(a);
        assertThat(AlikeRows.of(rows(none, up, new long[] {1, 9_999}), 2)).isNotEqualTo(a);
    }

    @Test
    void aRowOfAnotherWidthIsRefused() {
        assertThatThrownBy(() -> AlikeRows.of(rows(new long[] {1, 2}, new long[] {1}), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("row 1 has 1 numbers, not 2");
    }
}
