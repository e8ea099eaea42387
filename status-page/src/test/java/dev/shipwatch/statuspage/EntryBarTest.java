package dev.shipwatch.statuspage;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The home page's compact bar: few bytes whatever the days, and the same days the component page shows. */
class EntryBarTest {
    private static final LocalDate FIRST = LocalDate.parse("2026-04-03");

    /** A bar key with these classes (0 no data, 2 up, 3 minor, 4 partial, as in Views) and made-up figures. */
    private static Views.BarKey bar(int... classes) {
        java.util.List<long[]> figures = new java.util.ArrayList<>();
        for (int c : classes) {
            figures.add(new long[] {c, c == 0 ? -1 : c == 2 ? 10_000 : 9_950, -1, -1, -1});
        }
        return new Views.BarKey(FIRST, AlikeRows.of(figures, 5), null, 9_990);
    }

    private static String paths(Views.EntryBar b) {
        return b.strokes().stream().map(s -> s.css() + ":" + s.d()).collect(Collectors.joining(" "));
    }

    @Test
    void theMostFrequentKindOfDayIsOneStrokeUnderTheOthersAndRunsAfterTheFirstAreRelative() {
        int[] days = new int[90];
        java.util.Arrays.fill(days, 2);
        java.util.Arrays.fill(days, 0, 10, 0); // no data before the target existed
        days[40] = 3;
        days[41] = 3;
        days[70] = 4;
        days[80] = 3;

        assertThat(paths(Views.entryBar(bar(days))))
                .isEqualTo("c-ok:M10 0h80 c-none:M0 13h10 c-minor:M40 0h2m38 0h1 c-partial:M70 0h1");
    }

    @Test
    void aBarWhoseDaysAlternateStaysSmall() {
        int[] days = new int[90];
        for (int i = 0; i < days.length; i++) {
            days[i] = i % 2 == 0 ? 2 : 3;
        }
        Views.EntryBar b = Views.entryBar(bar(days));

        int bytes = b.strokes().stream().mapToInt(s -> s.d().length() + s.css().length() + "<path class=\"\" d=\"\"/>".length()).sum();
        assertThat(bytes).as(paths(b)).isLessThan(360);
        assertThat(b.summary()).isEqualTo("Uptime over the last 90 days: 99.90% uptime");
    }
}
