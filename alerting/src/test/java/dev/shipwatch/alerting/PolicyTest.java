package dev.shipwatch.alerting;

import dev.shipwatch.config.AlertPolicy;
import dev.shipwatch.store.AlertState;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paging decision as a table: a subject's state, its policy and its runs (newest first)
 * give exactly one answer.
 *
 * <p>Runs: {@code F} failed (bad, critical), {@code W} degraded that pages (bad, warning),
 * {@code S} healthy; a trailing {@code m} means it started in a maintenance window. State:
 * {@code closed}, {@code open:<severity>}, or {@code closed@N}: closed, with runs from the N-th
 * (0 = newest) and older no longer counting (what a resolve leaves behind).
 */
class PolicyTest {
    private static final Instant T0 = Instant.parse("2026-03-10T10:00:00Z");

    @ParameterizedTest(name = "{0}: {1} {2}/{3}/{4} runs [{5}] maintenance now {6} → {7}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                        | state          | failures | window | recover | runs          | now   | expected
            one failure of three does not page             | closed         | 2 | 3 | 2 | F S S         | false | none
            two failures of three page                     | closed         | 2 | 3 | 2 | F S F         | false | trigger critical 2/3
            two failures beyond the window do not page     | closed         | 2 | 3 | 2 | S S F F       | false | none
            one of one pages at once                       | closed         | 1 | 1 | 1 | F             | false | trigger critical 1/1
            too few runs to fill the window still page     | closed         | 2 | 5 | 2 | F F           | false | trigger critical 2/2
            failures in maintenance never count            | closed         | 2 | 3 | 2 | Fm Fm S       | false | none
            maintenance runs are skipped, the window looks further | closed | 2 | 3 | 2 | F Fm Sm F    | false | trigger critical 2/2
            nothing changes in maintenance                 | closed         | 1 | 1 | 1 | F             | true  | none
            an open alert is left alone in maintenance     | open:critical  | 2 | 3 | 2 | S S           | true  | none
            degraded pages at warning                      | closed         | 2 | 3 | 2 | W W           | false | trigger warning 2/2
            one failure among warnings pages critical      | closed         | 2 | 3 | 2 | W F           | false | trigger critical 2/2
            recovery needs recover-after healthy runs      | open:critical  | 2 | 3 | 2 | S F S         | false | none
            two healthy runs resolve                       | open:critical  | 2 | 3 | 2 | S S F F       | false | resolve
            healthy runs in maintenance still resolve      | open:critical  | 2 | 3 | 2 | Sm Sm F       | false | resolve
            a warning alert whose target fails escalates   | open:warning   | 2 | 3 | 2 | F F W         | false | escalate critical 3/3
            a critical alert failing again changes nothing | open:critical  | 2 | 3 | 2 | F F F         | false | none
            a warning alert degraded again changes nothing | open:warning   | 2 | 3 | 2 | W W           | false | none
            runs before a resolve never count again        | closed@1       | 2 | 3 | 2 | F F F         | false | none
            after a resolve new failures count             | closed@2       | 2 | 3 | 2 | F F F         | false | trigger critical 2/2
            """)
    void theDecision(String name, String state, int failures, int window, int recover, String runs, boolean now, String expected) {
        List<Policy.Judged> judged = judged(runs);
        AlertPolicy policy = new AlertPolicy(failures, window, recover, "critical", "warning", true);

        Optional<Policy.Decision> decision = Policy.decide(state(state, judged), policy, judged, now);

        assertThat(describe(decision)).as(name).isEqualTo(expected);
    }

    /** Newest first: the first letter is the newest run, one minute after the next. */
    private static List<Policy.Judged> judged(String runs) {
        String[] codes = runs.trim().split("\\s+");
        List<Policy.Judged> out = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            String code = codes[i];
            char kind = code.charAt(0);
            Outcome outcome = switch (kind) {
                case 'F' -> Outcome.FAILED;
                case 'W' -> Outcome.DEGRADED;
                case 'S' -> Outcome.SUCCESS;
                default -> throw new IllegalArgumentException(code);
            };
            Instant start = T0.minusSeconds(60L * i);
            ProbeRun run = new ProbeRun("run-" + i, "t", "local", "c", start, start.plusSeconds(5), outcome, null,
                    new PhaseTimings(null, null, null, null), null, null, null, true, null, List.of());
            out.add(new Policy.Judged(run, kind != 'S', kind == 'W' ? "warning" : "critical", code.endsWith("m")));
        }
        return out;
    }

    private static AlertState state(String text, List<Policy.Judged> runs) {
        if (text.startsWith("open:")) {
            return new AlertState("shipwatch/t", "target", "t", true, text.substring(5), T0.minusSeconds(3600), "summary",
                    "trigger", T0.minusSeconds(3600), null, 1);
        }
        Instant countFrom = text.startsWith("closed@") ? runs.get(Integer.parseInt(text.substring(7))).run().startedAt() : null;
        return new AlertState("shipwatch/t", "target", "t", false, null, null, null, null, null, countFrom, countFrom == null ? 0 : 2);
    }

    private static String describe(Optional<Policy.Decision> decision) {
        if (decision.isEmpty()) {
            return "none";
        }
        Policy.Decision d = decision.get();
        return switch (d.action()) {
            case RESOLVE -> "resolve";
            case TRIGGER -> "trigger " + d.severity() + " " + d.bad() + "/" + d.window();
            case ESCALATE -> "escalate " + d.severity() + " " + d.bad() + "/" + d.window();
        };
    }
}
