package dev.shipwatch.prober;

import dev.shipwatch.config.Schedule;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** The per-run identifiers and secrets, and how long a run's outcome holds. */
final class RunIds {
    /** Kubernetes-style label values are at most 63 characters. */
    static final int MAX_ID = 63;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd't'HHmmss").withZone(ZoneOffset.UTC);
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    /** Used when a cron expression cannot be evaluated: twice the default schedule. */
    private static final Duration FALLBACK_HOLD = Duration.ofMinutes(10);
    private static final int CRON_SAMPLES = 50;

    private final SecureRandom random = new SecureRandom();

    /**
     * Sortable by start, unique, and valid as a label or a container name:
     * {@code 20261122t101502-local-java-k3x9qa}.
     */
    String runId(Instant startedAt, String target) {
        var suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(BASE36.charAt(random.nextInt(BASE36.length())));
        }
        String stamp = STAMP.format(startedAt);
        int room = MAX_ID - stamp.length() - suffix.length() - 2;
        String name = target.length() > room ? target.substring(0, room) : target;
        name = name.replaceAll("-+$", "");
        return stamp + "-" + (name.isEmpty() ? "" : name + "-") + suffix;
    }

    /** 128 random bits, hex. */
    String nonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** 256 random bits, base64url without padding (safe in env vars, headers and URLs). */
    String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Twice the schedule's interval; for a cron schedule twice the shortest gap between its next
     * fire times (evaluated in UTC from {@code from}).
     */
    static Duration maxHold(Schedule schedule, Instant from) {
        if (!schedule.isCron()) {
            return schedule.interval().multipliedBy(2);
        }
        try {
            var cron = new CronExpression(schedule.cron());
            cron.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
            Date previous = cron.getNextValidTimeAfter(Date.from(from));
            Duration shortest = null;
            for (int i = 0; i < CRON_SAMPLES && previous != null; i++) {
                Date next = cron.getNextValidTimeAfter(previous);
                if (next == null) {
                    break;
                }
                Duration gap = Duration.between(previous.toInstant(), next.toInstant());
                shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
                previous = next;
            }
            return shortest == null ? FALLBACK_HOLD : shortest.multipliedBy(2);
        } catch (ParseException e) {
            return FALLBACK_HOLD;
        }
    }
}
