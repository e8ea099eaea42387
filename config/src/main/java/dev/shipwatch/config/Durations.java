package dev.shipwatch.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations as written in config: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
public final class Durations {
    private static final Pattern HUMAN = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /** The duration, or empty when {@code text} is not a human duration. */
    public static Optional<Duration> parse(String text) {
        Matcher m = HUMAN.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
        try {
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            d.toMillis(); // format() and timers work in millis: refuse what they cannot hold
            return Optional.of(d);
        } catch (ArithmeticException tooLong) {
            return Optional.empty();
        }
    }

    /** The shortest human form that round-trips: {@code 90s} stays {@code 90s}, {@code 120s} is {@code 2m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms != 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms != 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms != 0) return ms / 60_000 + "m";
        if (ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }
}
