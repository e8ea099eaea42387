package dev.shipwatch.config;

import java.time.Duration;

/** Either a fixed interval or a Quartz cron expression; exactly one is non-null. */
public record Schedule(Duration interval, String cron) {
    public static Schedule every(Duration interval) {
        return new Schedule(interval, null);
    }

    public static Schedule cron(String expression) {
        return new Schedule(null, expression);
    }

    public boolean isCron() {
        return cron != null;
    }

    @Override
    public String toString() {
        return isCron() ? "cron \"" + cron + "\"" : Durations.format(interval);
    }
}
