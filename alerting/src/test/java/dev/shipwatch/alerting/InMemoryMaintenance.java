package dev.shipwatch.alerting;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Maintenance windows kept in a list: the port's contract over the simplest storage. */
final class InMemoryMaintenance implements MaintenanceCalendar {
    record Window(String component, Instant from, Instant until) {}

    private final List<Window> windows = new CopyOnWriteArrayList<>();

    /** A window for {@code component} from now on, until {@link #end}. */
    void begin(String component) {
        windows.add(new Window(component, Instant.now(), Instant.MAX));
    }

    /** Ends {@code component}'s open windows now. */
    void end(String component) {
        Instant now = Instant.now();
        windows.replaceAll(w -> w.component().equals(component) && w.until().isAfter(now) ? new Window(component, w.from(), now) : w);
    }

    @Override
    public boolean inMaintenance(String componentName, Instant at) {
        return windows.stream().anyMatch(w -> w.component().equals(componentName) && !at.isBefore(w.from()) && at.isBefore(w.until()));
    }
}
