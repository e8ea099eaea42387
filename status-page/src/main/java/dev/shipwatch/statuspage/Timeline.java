package dev.shipwatch.statuspage;

import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.MaintenanceStatus;
import dev.shipwatch.store.MaintenanceUpdate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A maintenance window's timeline as shown: its stored updates plus the start and the end the
 * clock made (nobody posts "in progress" at 02:00), so every view tells the same story.
 */
final class Timeline {
    static final String STARTED = "Scheduled maintenance is currently in progress. We will provide updates as necessary.";
    static final String COMPLETED = "The scheduled maintenance has been completed.";

    record Entry(String id, String status, String body, Instant at) {}

    private Timeline() {}

    /**
     * Oldest first, as of {@code now}. A window created when it had already started was never
     * scheduled: its first update (stored as "scheduled") is shown as the start, in progress at
     * the window's start, instead of a "scheduled" after the start.
     */
    static List<Entry> of(Maintenance m, Instant now) {
        List<Entry> entries = new ArrayList<>();
        boolean startedWhenCreated = !m.createdAt().isBefore(m.scheduledFor()) && m.scheduledFor().isBefore(m.end());
        for (MaintenanceUpdate u : m.updates()) {
            if (startedWhenCreated && u.status() == MaintenanceStatus.SCHEDULED && !u.createdAt().isAfter(m.createdAt())) {
                entries.add(new Entry(u.id(), MaintenanceStatus.IN_PROGRESS.wire(), u.body(), m.scheduledFor()));
            } else {
                entries.add(new Entry(u.id(), u.status().wire(), u.body(), u.createdAt()));
            }
        }
        if (!m.cancelled()) {
            boolean started = !now.isBefore(m.scheduledFor()) && m.scheduledFor().isBefore(m.end());
            if (started && !startedWhenCreated && m.updates().stream().noneMatch(u -> u.status() == MaintenanceStatus.IN_PROGRESS)) {
                entries.add(new Entry(m.id() + "-started", MaintenanceStatus.IN_PROGRESS.wire(), STARTED, m.scheduledFor()));
            }
            if (!now.isBefore(m.end()) && m.updates().stream().noneMatch(u -> u.status() == MaintenanceStatus.COMPLETED)) {
                entries.add(new Entry(m.id() + "-completed", MaintenanceStatus.COMPLETED.wire(), COMPLETED, m.end()));
            }
        }
        entries.sort(Comparator.comparing(Entry::at));
        return List.copyOf(entries);
    }
}
