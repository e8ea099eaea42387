package dev.shipwatch.statuspage.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The period a report covers: {@code [start, end)} in a time zone, with its exact UTC bounds. A
 * calendar month in a zone with daylight saving time is 743 or 745 hours long, not 744.
 *
 * @param label {@code 2026-10} for a month, {@code 2026-10-01..2026-10-15} otherwise
 */
public record ReportPeriod(String label, ZoneId zone, ZonedDateTime start, ZonedDateTime end) {
    public ReportPeriod {
        Objects.requireNonNull(zone, "zone");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("the period's end (" + end + ") must be after its start (" + start + ")");
        }
    }

    /** The calendar month in {@code zone}: from its first midnight to the next month's. */
    public static ReportPeriod month(YearMonth month, ZoneId zone) {
        return new ReportPeriod(month.toString(), zone, month.atDay(1).atStartOfDay(zone),
                month.plusMonths(1).atDay(1).atStartOfDay(zone));
    }

    /** Days {@code from} (inclusive) to {@code to} (exclusive), midnights in {@code zone}. */
    public static ReportPeriod days(LocalDate from, LocalDate to, ZoneId zone) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("--to (" + to + ") must be after --from (" + from + "): --to is exclusive");
        }
        return new ReportPeriod(from + ".." + to, zone, from.atStartOfDay(zone), to.atStartOfDay(zone));
    }

    public Instant from() {
        return start.toInstant();
    }

    public Instant to() {
        return end.toInstant();
    }

    public Duration length() {
        return Duration.between(from(), to());
    }
}
