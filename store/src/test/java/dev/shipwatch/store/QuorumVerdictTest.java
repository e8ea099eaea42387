package dev.shipwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuorumVerdictTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant FRESH_AFTER = NOW.minusSeconds(600);

    /** "eu=failed us=success": each location's newest run; "us=old-failed" started before FRESH_AFTER; "-" none. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("eu=success us=success", 2, Outcome.SUCCESS, List.of(), "UP UP"),
                Arguments.of("eu=failed us=success", 2, Outcome.DEGRADED, List.of("eu"), "FAILING UP"),
                Arguments.of("eu=failed us=failed", 2, Outcome.FAILED, List.of("eu", "us"), "FAILING FAILING"),
                Arguments.of("eu=failed us=success", 1, Outcome.FAILED, List.of("eu"), "FAILING UP"),
                Arguments.of("eu=success", 2, Outcome.SUCCESS, List.of(), "UP NO_DATA"),
                Arguments.of("eu=failed", 2, Outcome.DEGRADED, List.of("eu"), "FAILING NO_DATA"),
                Arguments.of("eu=success us=old-failed", 2, Outcome.SUCCESS, List.of(), "UP NO_DATA"),
                Arguments.of("eu=degraded us=success", 2, Outcome.DEGRADED, List.of(), "DEGRADED UP"),
                Arguments.of("-", 2, null, List.of(), "NO_DATA NO_DATA"),
                // an aborted run does not decide: the failure before it does
                Arguments.of("eu=aborted eu=failed us=failed", 2, Outcome.FAILED, List.of("eu", "us"), "FAILING FAILING"));
    }

    @ParameterizedTest(name = "{0}, quorum {1}")
    @MethodSource("cases")
    void twoLocations(String runs, int quorum, Outcome outcome, List<String> failing, String states) {
        List<ProbeRun> newestFirst = new ArrayList<>();
        int n = 0;
        for (String r : runs.split(" ")) {
            if (r.equals("-")) {
                continue;
            }
            String[] lr = r.split("=");
            boolean old = lr[1].startsWith("old-");
            Outcome o = Outcome.fromWire(old ? lr[1].substring(4) : lr[1]);
            Instant start = old ? FRESH_AFTER.minusSeconds(1) : NOW.minusSeconds(10 + n++);
            newestFirst.add(new ProbeRun("r" + n, "t", "local", "c", start, start.plusSeconds(5), o, null, null, null, null,
                    null, true, null, List.of(), List.of(), lr[0]));
        }
        QuorumVerdict v = QuorumVerdict.of(List.of("eu", "us"), quorum, newestFirst, FRESH_AFTER);
        assertThat(v.outcome()).isEqualTo(outcome);
        assertThat(v.failing()).isEqualTo(failing);
        assertThat(String.join(" ", v.locations().stream().map(p -> p.state().name()).toList())).isEqualTo(states);
        assertThat(v.failed()).isEqualTo(outcome == Outcome.FAILED);
    }

    @org.junit.jupiter.api.Test
    void aRunCountsAsAFailureForPagingOnlyWhenWithItTheTargetFailsInAsManyLocationsAsItsQuorum() {
        // oldest first: eu fails, us fails (now both), eu recovers, eu fails again (both again)
        String[][] runs = {{"1", "eu", "failed"}, {"2", "us", "failed"}, {"3", "eu", "success"}, {"4", "eu", "failed"},
                {"5", "us", "aborted"}, {"6", "ap", "failed"}};
        List<ProbeRun> newestFirst = new ArrayList<>();
        for (String[] r : runs) {
            Instant start = NOW.plusSeconds(Integer.parseInt(r[0]));
            newestFirst.add(0, new ProbeRun(r[0], "t", "local", "c", start, start.plusSeconds(5), Outcome.fromWire(r[2]), null,
                    null, null, null, null, true, null, List.of(), List.of(), r[1]));
        }
        assertThat(QuorumVerdict.failingAtQuorum(List.of("eu", "us"), 2, newestFirst)).containsExactlyInAnyOrder("2", "4");
        assertThat(QuorumVerdict.failingAtQuorum(List.of("eu", "us"), 1, newestFirst)).containsExactlyInAnyOrder("1", "2", "3", "4");
    }
}
