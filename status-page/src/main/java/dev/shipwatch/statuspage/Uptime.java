package dev.shipwatch.statuspage;

import dev.shipwatch.store.DailyRollup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.RandomAccess;

/**
 * Time-weighted uptime from daily rollups: each run's outcome holds until the next run (that is
 * how {@link DailyRollup} accounts time), maintenance is excluded, and time without data is
 * excluded and reported apart, never counted as up.
 *
 * <p>Per UTC day and target, of the day's length {@code L} (less for a day cut by the period):
 * <ul>
 *   <li>skipped time is maintenance (runs skip during maintenance);</li>
 *   <li>maintenance windows not covered by skipped time ({@code M'}) are excluded too. A rollup
 *       does not say when in the day its outcome time fell, so the remaining time is taken as
 *       spread evenly: success, degraded, failed, aborted and no-data time are each scaled by
 *       {@code (L − skipped − M') / (L − skipped)}. Where runs are skipped during maintenance,
 *       {@code M'} is 0 and the result is exact;</li>
 *   <li>no data is what is left: {@code L − maintenance − success − degraded − failed}
 *       (aborted runs are the monitor's own failure and count as no data).</li>
 * </ul>
 * Uptime % = (success + degraded) / (success + degraded + failed): degraded still works. A
 * component with several targets adds their times. Thread-safe, stateless.
 */
public final class Uptime {
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private Uptime() {}

    /** A time range, {@code [from, to)}. */
    public record Window(Instant from, Instant to) {
        public Window {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * Time in milliseconds by kind, for one day or a whole period.
     *
     * @param upMs       success time
     * @param degradedMs degraded time (counts as up)
     * @param downMs     failed time
     */
    public record Times(long upMs, long degradedMs, long downMs, long maintenanceMs, long noDataMs) {
        public static final Times ZERO = new Times(0, 0, 0, 0, 0);

        /** Time with a measured outcome. */
        public long measuredMs() {
            return upMs + degradedMs + downMs;
        }

        /** Up share of the measured time, in percent; empty when nothing was measured. */
        public OptionalDouble percent() {
            long measured = measuredMs();
            return measured == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * (upMs + degradedMs) / measured);
        }

        public Times plus(Times o) {
            return new Times(upMs + o.upMs, degradedMs + o.degradedMs, downMs + o.downMs,
                    maintenanceMs + o.maintenanceMs, noDataMs + o.noDataMs);
        }
    }

    public record Day(LocalDate day, Times times) {}

    /** A period's days (oldest first, every day of the period present) and their sum. */
    public record Result(List<Day> days, Times total) {}

    /**
     * @param rollups     the rollups of every target of the component (any order)
     * @param targets     how many targets feed the component: each adds a day of possible time
     * @param maintenance the component's maintenance windows (may overlap each other)
     * @param from        start of the period: a UTC midnight
     * @param to          end of the period (exclusive), e.g. now; the last day counts up to it
     */
    public static Result compute(List<DailyRollup> rollups, int targets, List<Window> maintenance, Instant from, Instant to) {
        if (!from.atOffset(ZoneOffset.UTC).toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            throw new IllegalArgumentException("uptime periods start at a UTC midnight (rollups are per UTC day), not " + from);
        }
        Map<LocalDate, List<DailyRollup>> byDay = new HashMap<>();
        for (DailyRollup r : rollups) {
            byDay.computeIfAbsent(r.day(), k -> new ArrayList<>()).add(r);
        }
        List<Window> merged = merge(maintenance);
        List<long[]> days = new ArrayList<>();
        Times total = Times.ZERO;
        for (Instant dayStart = from; dayStart.isBefore(to); dayStart = dayStart.plusMillis(DAY_MS)) {
            Instant dayEnd = min(dayStart.plusMillis(DAY_MS), to);
            LocalDate day = LocalDate.ofInstant(dayStart, ZoneOffset.UTC);
            long length = dayEnd.toEpochMilli() - dayStart.toEpochMilli();
            long maintenanceMs = overlap(merged, dayStart, dayEnd);
            Times t = Times.ZERO;
            List<DailyRollup> dayRollups = byDay.getOrDefault(day, List.of());
            for (int i = 0; i < targets; i++) {
                t = t.plus(day(i < dayRollups.size() ? dayRollups.get(i) : null, length, maintenanceMs));
            }
            days.add(new long[] {t.upMs(), t.degradedMs(), t.downMs(), t.maintenanceMs(), t.noDataMs()});
            total = total.plus(t);
        }
        return new Result(new Days(LocalDate.ofInstant(from, ZoneOffset.UTC), days), total);
    }

    /**
     * A period's days, each {@link Day} made when asked for: the status page keeps 90 days of
     * every component, alike days held once ({@link AlikeRows}).
     */
    private static final class Days extends AbstractList<Day> implements RandomAccess {
        private final LocalDate first;
        /** Per day: up, degraded, down, maintenance and no-data time. */
        private final AlikeRows times;

        Days(LocalDate first, List<long[]> days) {
            this.first = first;
            this.times = AlikeRows.of(days, 5);
        }

        @Override
        public Day get(int i) {
            Objects.checkIndex(i, size());
            return new Day(first.plusDays(i), new Times(times.get(i, 0), times.get(i, 1), times.get(i, 2), times.get(i, 3),
                    times.get(i, 4)));
        }

        @Override
        public int size() {
            return times.size();
        }

        /**
         * The same days as a list of any kind; between two of these, without making a {@link Day}
         * (the inherited hash code is the elements', as lists agree on).
         */
        @Override
        public boolean equals(Object o) {
            if (o instanceof Days d) {
                return first.equals(d.first) && times.equals(d.times);
            }
            return super.equals(o);
        }
    }

    /** One target's day (or any span of {@code length} ms); {@code r} null when it has no rollup that day. */
    public static Times day(DailyRollup r, long length, long maintenanceMs) {
        long success = r == null ? 0 : r.successMs();
        long degraded = r == null ? 0 : r.degradedMs();
        long failed = r == null ? 0 : r.failedMs();
        long skipped = r == null ? 0 : Math.min(r.skippedMs(), length);
        long rest = length - skipped;
        long extra = Math.max(0, Math.min(maintenanceMs - skipped, rest));
        double keep = rest == 0 ? 0 : (double) (rest - extra) / rest;
        long up = Math.round(success * keep);
        long deg = Math.round(degraded * keep);
        long down = Math.round(failed * keep);
        long maintenance = skipped + extra;
        long noData = Math.max(0, length - maintenance - up - deg - down);
        return new Times(up, deg, down, maintenance, noData);
    }

    /** Sorted, non-overlapping windows covering the same time. */
    public static List<Window> merge(List<Window> windows) {
        List<Window> sorted = windows.stream().filter(w -> w.to().isAfter(w.from()))
                .sorted(Comparator.comparing(Window::from)).toList();
        List<Window> out = new ArrayList<>();
        for (Window w : sorted) {
            if (!out.isEmpty() && !w.from().isAfter(out.get(out.size() - 1).to())) {
                Window last = out.remove(out.size() - 1);
                out.add(new Window(last.from(), max(last.to(), w.to())));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private static long overlap(List<Window> merged, Instant from, Instant to) {
        long ms = 0;
        for (Window w : merged) {
            Instant a = max(w.from(), from);
            Instant b = min(w.to(), to);
            if (b.isAfter(a)) {
                ms += b.toEpochMilli() - a.toEpochMilli();
            }
        }
        return ms;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
