package dev.shipwatch.statuspage;

import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentUpdate;
import dev.shipwatch.store.Maintenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Atom feed's content: the recent incidents and maintenance windows, each entry's text the
 * timeline newest first. Text only ({@code type="text"}): the XML template escapes it, and
 * characters XML 1.0 forbids are replaced before ({@link Xml#legal}).
 */
record Feed(String title, String id, String updated, String self, String home, List<Entry> entries) {
    static final int MAX_ENTRIES = 50;

    Feed {
        title = Xml.legal(title);
    }

    /** Titles and content are any text (names, admin bodies): only what XML 1.0 can hold goes in. */
    record Entry(String id, String title, String link, String published, String updated, String content) {
        Entry {
            title = Xml.legal(title);
            content = Xml.legal(content);
        }
    }

    static Feed of(StatusModel m) {
        List<Entry> entries = new ArrayList<>();
        List<Instant> order = new ArrayList<>();
        for (Incident i : m.recentIncidents()) {
            StringBuilder text = new StringBuilder();
            List<IncidentUpdate> updates = new ArrayList<>(i.updates());
            java.util.Collections.reverse(updates);
            for (IncidentUpdate u : updates) {
                append(text, Views.label(u.status().wire()), u.createdAt(), u.body(), m);
            }
            entries.add(new Entry(Links.absolute(m.site(), Links.incident(i.id())), i.name(),
                    Links.absolute(m.site(), Links.incident(i.id())), Format.iso(i.createdAt()), Format.iso(i.updatedAt()),
                    text.toString().strip()));
            order.add(i.updatedAt());
        }
        for (Maintenance mt : m.recentMaintenance()) {
            StringBuilder text = new StringBuilder("Scheduled for ").append(Format.local(mt.scheduledFor(), m.site().timeZone()))
                    .append(" until ").append(Format.local(mt.scheduledUntil(), m.site().timeZone())).append(".\n\n");
            List<Timeline.Entry> timeline = new ArrayList<>(Timeline.of(mt, m.renderedAt()));
            java.util.Collections.reverse(timeline);
            Instant updated = mt.updatedAt();
            for (Timeline.Entry e : timeline) {
                append(text, Views.label(e.status()), e.at(), e.body(), m);
                updated = e.at().isAfter(updated) ? e.at() : updated;
            }
            entries.add(new Entry(Links.absolute(m.site(), Links.incident(mt.id())), "Maintenance: " + mt.name(),
                    Links.absolute(m.site(), Links.incident(mt.id())), Format.iso(mt.createdAt()), Format.iso(updated),
                    text.toString().strip()));
            order.add(updated);
        }
        List<Integer> idx = new ArrayList<>();
        for (int k = 0; k < entries.size(); k++) {
            idx.add(k);
        }
        idx.sort(Comparator.comparing((Integer k) -> order.get(k)).reversed());
        List<Entry> sorted = idx.stream().limit(MAX_ENTRIES).map(entries::get).toList();
        // the newest entry's time: runs are not in the feed, so they must not make it change
        String updated = sorted.isEmpty() ? Format.iso(m.startedAt()) : sorted.get(0).updated();
        return new Feed(m.site().name() + " status", Links.absolute(m.site(), "/"), updated,
                Links.absolute(m.site(), StatusPage.FEED), Links.absolute(m.site(), "/"), sorted);
    }

    private static void append(StringBuilder text, String status, Instant at, String body, StatusModel m) {
        text.append(status).append(" (").append(Format.local(at, m.site().timeZone())).append(")");
        if (body != null && !body.isBlank()) {
            text.append(": ").append(body);
        }
        text.append("\n\n");
    }
}
