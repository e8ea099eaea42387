package dev.shipwatch.statuspage.report;

import dev.shipwatch.statuspage.Uptime;
import dev.shipwatch.store.DailyRollup;
import dev.shipwatch.store.HeldRun;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.RunHistory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One target's time over a period, exactly: whole UTC days from their rollup, the rest from
 * the raw runs. A rollup is used only where it answers exactly — a UTC day entirely inside the
 * period, touched by no maintenance window of the target's component (a rollup does not say
 * when in the day its time fell) and not by the latest run's open interval (not in any rollup
 * yet). Everything else (a non-UTC period's first and last day, maintenance days, today) is
 * weighed from the runs, which for a month is a handful of days.
 *
 * <p>Both paths classify time the one way {@link Uptime#day} does, so the status page's bars
 * and the reports never disagree on what counts as up, down, maintenance or no data.
 */
final class Accounting {
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    /** A target's time over the period and its runs (by start time), of which failed. */
    record TargetTime(Uptime.Times times, int runs, int failedRuns) {
        TargetTime plus(TargetTime o) {
            return new TargetTime(times.plus(o.times), runs + o.runs, failedRuns + o.failedRuns);
        }

        static final TargetTime ZERO = new TargetTime(Uptime.Times.ZERO, 0, 0);
    }

    private Accounting() {}

    /**
     * @param rollups     the target's rollups of the UTC days the period touches
     * @param maintenance the target's component's maintenance windows, merged ({@link Uptime#merge})
     * @param latest      the target's latest finished run, if any
     * @param to          the period's end, not after {@code now}
     */
    static TargetTime of(String target, List<DailyRollup> rollups, List<Uptime.Window> maintenance,
                         Optional<HeldRun> latest, RunHistory history, Instant from, Instant to, Instant now) {
        Map<LocalDate, DailyRollup> byDay = new HashMap<>();
        rollups.forEach(r -> byDay.put(r.day(), r));
        Instant openFrom = latest.map(HeldRun::start).orElse(null);
        Instant openTo = latest.map(l -> l.holdsUntil(null, now)).orElse(null);

        TargetTime total = TargetTime.ZERO;
        List<Uptime.Window> raw = new ArrayList<>();
        Instant dayStart = LocalDate.ofInstant(from, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (; dayStart.isBefore(to); dayStart = dayStart.plusMillis(DAY_MS)) {
            Instant dayEnd = dayStart.plusMillis(DAY_MS);
            boolean whole = !dayStart.isBefore(from) && !dayEnd.isAfter(to);
            boolean exact = whole && overlap(maintenance, dayStart, dayEnd) == 0
                    && (openFrom == null || !overlaps(openFrom, openTo, dayStart, dayEnd));
            if (exact) {
                DailyRollup r = byDay.get(LocalDate.ofInstant(dayStart, ZoneOffset.UTC));
                total = total.plus(new TargetTime(Uptime.day(r, DAY_MS, 0), r == null ? 0 : r.runs(), r == null ? 0 : r.failed()));
            } else {
                Instant a = max(dayStart, from);
                Instant b = min(dayEnd, to);
                if (!raw.isEmpty() && raw.get(raw.size() - 1).to().equals(a)) {
                    a = raw.remove(raw.size() - 1).from();
                }
                raw.add(new Uptime.Window(a, b));
            }
        }
        for (Uptime.Window w : raw) {
            total = total.plus(fromRuns(history.held(target, w.from(), w.to()), maintenance, w.from(), w.to(), now));
        }
        return total;
    }

    /**
     * A target in several locations, weighed from its runs by the quorum verdict
     * ({@link dev.shipwatch.store.QuorumVerdict}): each location's run holds until that
     * location's next run (at most its hold); at each moment the target is down when at least
     * {@code quorum} locations are failing, degraded (up) when fewer fail or one is degraded,
     * up when every location with data succeeded, maintenance when the only data is skipped
     * runs, no data otherwise. Runs and failed runs are counted per location run, by start time.
     */
    static TargetTime byQuorum(String target, List<String> locations, int quorum, List<Uptime.Window> maintenance,
                               RunHistory history, Instant from, Instant to, Instant now) {
        List<long[]> edges = new ArrayList<>(); // per location run: start ms, end ms, outcome ordinal
        int count = 0;
        int failed = 0;
        java.util.TreeSet<Long> cuts = new java.util.TreeSet<>(List.of(from.toEpochMilli(), to.toEpochMilli()));
        for (String location : locations) {
            List<HeldRun> runs = history.held(target, location, from, to);
            for (int i = 0; i < runs.size(); i++) {
                HeldRun run = runs.get(i);
                Instant next = i + 1 < runs.size() ? runs.get(i + 1).start() : null;
                long a = Math.max(run.start().toEpochMilli(), from.toEpochMilli());
                long b = Math.min(run.holdsUntil(next, now).toEpochMilli(), to.toEpochMilli());
                if (b > a) {
                    edges.add(new long[] {a, b, run.outcome().ordinal()});
                    cuts.add(a);
                    cuts.add(b);
                }
                if (!run.start().isBefore(from) && run.start().isBefore(to)) {
                    count++;
                    failed += run.outcome() == Outcome.FAILED ? 1 : 0;
                }
            }
        }
        // The verdict between consecutive cuts, as contiguous pseudo-runs for fromRuns' classification.
        List<HeldRun> verdicts = new ArrayList<>();
        Long previous = null;
        for (long cut : cuts) {
            if (previous != null && cut > previous) {
                int failing = 0;
                boolean data = false;
                boolean bad = false;
                boolean skipped = false;
                for (long[] e : edges) {
                    if (e[0] <= previous && e[1] >= cut) {
                        Outcome o = Outcome.values()[(int) e[2]];
                        failing += o == Outcome.FAILED ? 1 : 0;
                        data |= o == Outcome.SUCCESS || o == Outcome.DEGRADED || o == Outcome.FAILED;
                        bad |= o == Outcome.DEGRADED || o == Outcome.FAILED;
                        skipped |= o == Outcome.SKIPPED;
                    }
                }
                Outcome verdict = failing >= quorum ? Outcome.FAILED : bad ? Outcome.DEGRADED : data ? Outcome.SUCCESS
                        : skipped ? Outcome.SKIPPED : null;
                if (verdict != null) {
                    verdicts.add(new HeldRun(Instant.ofEpochMilli(previous), verdict, cut - previous));
                }
            }
            previous = cut;
        }
        TargetTime time = fromRuns(verdicts, maintenance, from, to, now);
        return new TargetTime(time.times(), count, failed);
    }

    /**
     * {@code [from, to)} weighed from the runs: each run's outcome holds until the next run's
     * start (capped at its hold; the latest one also at now), maintenance windows are taken out
     * first and counted as maintenance, and the rest is classified by {@link Uptime#day}.
     */
    static TargetTime fromRuns(List<HeldRun> runs, List<Uptime.Window> maintenance, Instant from, Instant to, Instant now) {
        Map<Outcome, Long> ms = new EnumMap<>(Outcome.class);
        int count = 0;
        int failed = 0;
        for (int i = 0; i < runs.size(); i++) {
            HeldRun run = runs.get(i);
            Instant next = i + 1 < runs.size() ? runs.get(i + 1).start() : null;
            Instant a = max(run.start(), from);
            Instant b = min(run.holdsUntil(next, now), to);
            if (b.isAfter(a)) {
                long held = Duration.between(a, b).toMillis() - overlap(maintenance, a, b);
                ms.merge(run.outcome(), held, Long::sum);
            }
            if (!run.start().isBefore(from) && run.start().isBefore(to)) {
                count++;
                if (run.outcome() == Outcome.FAILED) {
                    failed++;
                }
            }
        }
        long windows = overlap(maintenance, from, to);
        long length = Duration.between(from, to).toMillis() - windows;
        DailyRollup asRollup = new DailyRollup(null, null, 0, 0, 0, 0, 0, 0,
                ms.getOrDefault(Outcome.SUCCESS, 0L), ms.getOrDefault(Outcome.DEGRADED, 0L), ms.getOrDefault(Outcome.FAILED, 0L),
                ms.getOrDefault(Outcome.ABORTED, 0L), ms.getOrDefault(Outcome.SKIPPED, 0L), 0, 0, 0, 0, 0, 0, 0, 0, 0);
        Uptime.Times t = Uptime.day(asRollup, length, 0).plus(new Uptime.Times(0, 0, 0, windows, 0));
        return new TargetTime(t, count, failed);
    }

    /** Milliseconds of {@code [from, to)} covered by the (merged) windows. */
    static long overlap(List<Uptime.Window> merged, Instant from, Instant to) {
        long ms = 0;
        for (Uptime.Window w : merged) {
            Instant a = max(w.from(), from);
            Instant b = min(w.to(), to);
            if (b.isAfter(a)) {
                ms += Duration.between(a, b).toMillis();
            }
        }
        return ms;
    }

    private static boolean overlaps(Instant a1, Instant b1, Instant a2, Instant b2) {
        return a1.isBefore(b2) && a2.isBefore(b1);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
