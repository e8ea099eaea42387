package dev.shipwatch.statuspage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Human and machine forms of durations and times, shared by every view. */
final class Format {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm zzz", Locale.ENGLISH);
    /** Statuspage's timestamp form: millisecond precision, explicit offset. */
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Format() {}

    /** {@code 0.9 ms}, {@code 812 ms}, {@code 1.4 s}, {@code 12 s}, {@code 2 min 5 s}. */
    static String millis(double ms) {
        if (ms < 9.95) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms < 999.5) {
            return Math.round(ms) + " ms";
        }
        double s = ms / 1000;
        if (s < 9.95) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        if (s < 59.5) {
            return Math.round(s) + " s";
        }
        long total = Math.round(s);
        long sec = total % 60;
        return total / 60 + " min" + (sec == 0 ? "" : " " + sec + " s");
    }

    /** {@code just now}, {@code 1 min ago}, {@code 3 h ago}, {@code 2 days ago}; a time in the future is "just now". */
    static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        long min = d.toMinutes();
        if (min < 1) {
            return "just now";
        }
        if (min < 120) {
            return min + " min ago";
        }
        long hours = d.toHours();
        if (hours < 48) {
            return hours + " h ago";
        }
        return d.toDays() + " days ago";
    }

    /** A time for people, in the page's time zone: {@code 16 Sep 2024, 21:55 CEST}. */
    static String local(Instant t, ZoneId zone) {
        return LOCAL.format(t.atZone(zone));
    }

    /** A time for machines (JSON, {@code <time datetime>}): {@code 2024-09-16T21:55:28.472Z}. */
    static String iso(Instant t) {
        return ISO.format(t.truncatedTo(ChronoUnit.MILLIS));
    }
}
