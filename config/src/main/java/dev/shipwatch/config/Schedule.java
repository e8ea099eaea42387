package dev.shipwatch.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

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

    /**
     * How far apart runs are at least: the interval, or for cron the shortest gap between fire
     * times; empty for a cron expression that never fires again.
     */
    public Optional<Duration> shortestGap(ZoneId zone) {
        return isCron() ? Crons.shortestGap(cron, zone) : Optional.of(interval);
    }

    @Override
    public String toString() {
        return isCron() ? "cron \"" + cron + "\"" : Durations.format(interval);
    }
}
