package dev.shipwatch.config;

import java.text.ParseException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** Quartz cron checks for config validation. */
final class Crons {
    /** Enough fire times to meet the short gap of an irregular expression such as "0 0 9,17 * * ?". */
    private static final int FIRES_SAMPLED = 60;

    private Crons() {}

    /** Why {@code expression} cannot schedule a target, or empty when it can. */
    static Optional<String> problem(String expression, ZoneId zone) {
        CronExpression cron;
        try {
            cron = parse(expression, zone);
        } catch (ParseException e) {
            String hint = expression.trim().split("\\s+").length == 5
                    ? "; Quartz expressions start with a seconds field, e.g. \"0 */5 * * * ?\"" : "";
            return Optional.of(Context.quote(expression) + " is not a Quartz cron expression (" + e.getMessage() + hint + ")");
        }
        if (cron.getNextValidTimeAfter(new Date()) == null) {
            return Optional.of(Context.quote(expression) + " has no future fire times");
        }
        return Optional.empty();
    }

    /** The shortest gap between the next fire times, or empty when it fires fewer than twice. */
    static Optional<Duration> shortestGap(String expression, ZoneId zone) {
        CronExpression cron;
        try {
            cron = parse(expression, zone);
        } catch (ParseException e) {
            return Optional.empty();
        }
        Duration shortest = null;
        Date previous = cron.getNextValidTimeAfter(new Date());
        for (int i = 0; i < FIRES_SAMPLED && previous != null; i++) {
            Date next = cron.getNextValidTimeAfter(previous);
            if (next == null) {
                break;
            }
            Duration gap = Duration.ofMillis(next.getTime() - previous.getTime());
            if (shortest == null || gap.compareTo(shortest) < 0) {
                shortest = gap;
            }
            previous = next;
        }
        return Optional.ofNullable(shortest);
    }

    private static CronExpression parse(String expression, ZoneId zone) throws ParseException {
        CronExpression cron = new CronExpression(expression);
        cron.setTimeZone(TimeZone.getTimeZone(zone));
        return cron;
    }
}
