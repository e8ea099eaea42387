package dev.shipwatch.statuspage;

import dev.shipwatch.store.Failure;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentUpdate;
import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The pages as display-ready strings, so templates only place text (always with {@code th:text}
 * or attribute processors, which escape) and hold no logic. Failures carry phase and class only:
 * a stored message may hold internal detail and never reaches the public page.
 */
final class Views {
    /** Bar cells are UTC days of the last 90; the year and "UTC" are said once, in the legend. */
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private Views() {}

    /** A time as {@code <time datetime="iso" title="title">text</time>}. */
    record Time(String iso, String text, String title) {}

    record Banner(String text, String symbol, String css) {}

    record StatusLabel(String text, String symbol, String css) {}

    /** One day of an uptime bar: an SVG rect at {@code x} with a {@code <title>} for pointer users. */
    record Cell(int x, String css, String title) {}

    /** @param summary the bar in words, read by screen readers instead of the 90 cells */
    record Bar(List<Cell> cells, String summary, String uptime, String noData) {}

    record ComponentView(String id, String name, String description, String link, StatusLabel status,
                         Time lastChecked, Bar bar) {}

    /** A group and its members, or (name null) one ungrouped component. */
    record Section(String id, String name, StatusLabel status, List<ComponentView> components) {}

    record UpdateView(String status, String body, Time at) {}

    record IncidentView(String id, String name, String link, String status, String impact, String impactCss,
                        Time created, Time resolved, List<String> components, List<UpdateView> updates) {}

    /** @param window e.g. {@code 29 Mar 2026, 01:30 CET – 29 Mar 2026, 04:30 CEST} */
    record MaintenanceView(String id, String name, String link, String status, Time from, Time until,
                           List<String> components, List<UpdateView> updates) {}

    static Banner banner(StatusModel.Overall o) {
        String css = switch (o.indicator()) {
            case NONE -> o.worst() == ComponentStatus.UNDER_MAINTENANCE ? "under-maintenance"
                    : o.worst() == ComponentStatus.NO_DATA ? "no-data" : "operational";
            case MINOR -> "degraded-performance";
            case MAJOR -> "partial-outage";
            case CRITICAL -> "major-outage";
        };
        String symbol = switch (o.indicator()) {
            case NONE -> o.worst().symbol;
            case MINOR -> ComponentStatus.DEGRADED_PERFORMANCE.symbol;
            case MAJOR, CRITICAL -> ComponentStatus.MAJOR_OUTAGE.symbol;
        };
        return new Banner(o.description(), symbol, css);
    }

    static StatusLabel status(ComponentStatus s) {
        return new StatusLabel(s.label, s.symbol, s.css());
    }

    /** The home page's sections: each group with its members where the first member stands, else single components. */
    static List<Section> sections(StatusModel m) {
        List<Section> sections = new ArrayList<>();
        List<String> done = new ArrayList<>();
        for (StatusModel.Component c : m.components()) {
            if (c.groupId() == null) {
                sections.add(new Section(null, null, null, List.of(component(m, c))));
            } else if (!done.contains(c.groupId())) {
                done.add(c.groupId());
                StatusModel.Group g = m.groups().stream().filter(x -> x.id().equals(c.groupId())).findFirst().orElseThrow();
                List<ComponentView> members = m.components().stream().filter(x -> g.id().equals(x.groupId()))
                        .map(x -> component(m, x)).toList();
                sections.add(new Section(g.id(), g.name(), status(g.status()), members));
            }
        }
        return List.copyOf(sections);
    }

    static ComponentView component(StatusModel m, StatusModel.Component c) {
        ZoneId zone = m.site().timeZone();
        Time checked = c.lastCheckedAt() == null ? null
                : new Time(Format.iso(c.lastCheckedAt()), Format.ago(c.lastCheckedAt(), m.renderedAt()),
                Format.local(c.lastCheckedAt(), zone));
        return new ComponentView(c.id(), c.name(), c.description(), Links.component(c.id()), status(c.status()), checked,
                bar(m, c));
    }

    /**
     * 90 cells, oldest first. A day with no measured time is drawn as no data (or maintenance),
     * never as up; the title gives uptime, downtime and that day's incidents.
     */
    static Bar bar(StatusModel m, StatusModel.Component c) {
        List<Cell> cells = new ArrayList<>();
        int i = 0;
        int noDataDays = 0;
        for (Uptime.Day d : c.uptime().days()) {
            Uptime.Times t = d.times();
            List<String> incidents = incidentsOn(m, c.id(), d.day());
            StringBuilder title = new StringBuilder(DAY.format(d.day())).append(": ");
            String css;
            OptionalDouble pct = t.percent();
            if (pct.isEmpty()) {
                css = t.maintenanceMs() > 0 ? "c-maint" : "c-none";
                title.append(t.maintenanceMs() > 0 ? "maintenance" : "no data");
                if (t.maintenanceMs() == 0) {
                    noDataDays++;
                }
            } else {
                double p = pct.getAsDouble();
                css = t.downMs() == 0 ? "c-ok" : p >= 99 ? "c-minor" : p >= 95 ? "c-partial" : "c-major";
                title.append(percent(p)).append(" up");
                if (t.downMs() > 0) {
                    title.append(", ").append(minutes(t.downMs())).append(" down");
                }
                if (t.maintenanceMs() > 0) {
                    title.append(", ").append(minutes(t.maintenanceMs())).append(" maintenance");
                }
                if (t.noDataMs() > 0) {
                    title.append(", ").append(minutes(t.noDataMs())).append(" no data");
                }
            }
            if (!incidents.isEmpty()) {
                title.append("; ").append(incidents.size() == 1 ? "1 incident: " : incidents.size() + " incidents: ")
                        .append(String.join(", ", incidents));
            }
            cells.add(new Cell(i++ * 5, css, title.toString()));
        }
        Uptime.Times total = c.uptime().total();
        String uptime = total.percent().isPresent() ? percent(total.percent().getAsDouble()) + " uptime" : "No data";
        String noData = noDataDays == 0 ? null : noDataDays == 1 ? "1 day without data" : noDataDays + " days without data";
        String summary = "Uptime over the last " + c.uptime().days().size() + " days: " + uptime
                + (noData == null ? "" : "; " + noData);
        return new Bar(List.copyOf(cells), summary, uptime, noData);
    }

    /** Names of the incidents touching this component that were open at some time of that UTC day. */
    static List<String> incidentsOn(StatusModel m, String componentId, LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<String> names = new ArrayList<>();
        for (Incident i : m.pastYear()) {
            Instant end = i.resolvedAt() == null ? m.renderedAt() : i.resolvedAt();
            if (i.components().containsKey(componentId) && i.createdAt().isBefore(to) && !end.isBefore(from)) {
                names.add(i.name());
            }
        }
        return names;
    }

    static String percent(double p) {
        if (p >= 100) {
            return "100%";
        }
        // never round 99.996 up to a claim of 100%
        return String.format(Locale.ROOT, "%.2f%%", Math.floor(p * 100) / 100);
    }

    static String minutes(long ms) {
        long min = Math.round(ms / 60_000.0);
        if (min < 60) {
            return min + " min";
        }
        return min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
    }

    static IncidentView incident(StatusModel m, Incident i) {
        ZoneId zone = m.site().timeZone();
        List<UpdateView> updates = new ArrayList<>();
        for (IncidentUpdate u : i.updates()) {
            updates.add(new UpdateView(label(u.status().wire()), u.body(), time(u.createdAt(), zone)));
        }
        Collections.reverse(updates);
        return new IncidentView(i.id(), i.name(), Links.incident(i.id()), label(i.status().wire()), impactLabel(i.impact()),
                "impact-" + i.impact().wire(), time(i.createdAt(), zone),
                i.resolvedAt() == null ? null : time(i.resolvedAt(), zone), names(m, i.components().keySet()), List.copyOf(updates));
    }

    static MaintenanceView maintenance(StatusModel m, Maintenance mt) {
        ZoneId zone = m.site().timeZone();
        List<UpdateView> updates = new ArrayList<>();
        for (Timeline.Entry e : Timeline.of(mt, m.renderedAt())) {
            updates.add(new UpdateView(label(e.status()), e.body(), time(e.at(), zone)));
        }
        Collections.reverse(updates);
        String status = mt.cancelled() ? "Cancelled" : label(mt.statusAt(m.renderedAt()).wire());
        return new MaintenanceView(mt.id(), mt.name(), Links.incident(mt.id()), status, time(mt.scheduledFor(), zone),
                time(mt.scheduledUntil(), zone), names(m, mt.components()), List.copyOf(updates));
    }

    /** Component names for ids, in order; ids no longer configured are shown as they are. */
    static List<String> names(StatusModel m, Iterable<String> ids) {
        List<String> names = new ArrayList<>();
        for (String id : ids) {
            names.add(m.component(id).map(StatusModel.Component::name).orElse(id));
        }
        return List.copyOf(names);
    }

    /** {@code in_progress} → {@code In progress}. */
    static String label(String wire) {
        String s = wire.replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String impactLabel(IncidentImpact impact) {
        return switch (impact) {
            case NONE -> "No impact";
            case MINOR -> "Minor impact";
            case MAJOR -> "Major impact";
            case CRITICAL -> "Critical impact";
        };
    }

    static Time time(Instant t, ZoneId zone) {
        return new Time(Format.iso(t), Format.local(t, zone), null);
    }

    // --- the component page --------------------------------------------------------------------

    record Timing(String label, String value) {}

    /**
     * One run in the "last runs" table.
     *
     * @param failure e.g. {@code cold start failed: health_timeout}, or null
     */
    record RunRow(Time when, String outcome, String outcomeSymbol, String outcomeCss, String build, String deploy,
                  String coldStart, String firstRequest, String warmP95, String failure, List<String> breaches) {}

    record TargetView(String name, String platform, List<RunRow> runs) {}

    static List<TargetView> targets(StatusModel m, StatusModel.Component c, int runs) {
        ZoneId zone = m.site().timeZone();
        List<TargetView> out = new ArrayList<>();
        for (StatusModel.TargetRuns t : c.targets()) {
            String platform = t.target().platform() == null ? null : t.target().platform().type();
            List<RunRow> rows = t.recent().stream().limit(runs).map(r -> row(r, zone)).toList();
            out.add(new TargetView(t.target().name(), platform, rows));
        }
        return List.copyOf(out);
    }

    static RunRow row(ProbeRun run, ZoneId zone) {
        List<String> breaches = run.breaches().stream()
                .map(b -> b.objective() + " " + b.actual() + " (objective " + b.limit() + ")").toList();
        return new RunRow(time(StatusModel.finished(run), zone), outcomeLabel(run.outcome()), outcomeSymbol(run.outcome()),
                run.outcome().wire(), ms(run.phases().buildMs()), ms(run.phases().deployMs()), ms(run.phases().coldStartMs()),
                ms(run.firstRequest() == null ? null : run.firstRequest().totalMs()),
                ms(run.warm() == null ? null : run.warm().p95Ms()), failure(run.failure()), breaches);
    }

    private static String ms(Double v) {
        return v == null ? "–" : Format.millis(v);
    }

    /** Phase and class only, e.g. {@code cold start failed: health_timeout}; never the message. */
    static String failure(Failure f) {
        if (f == null) {
            return null;
        }
        String phase = f.phase() == null ? "run" : f.phase().wire().replace('_', ' ');
        return phase + " failed" + (f.failureClass() == null ? "" : ": " + f.failureClass().wire());
    }

    static String outcomeLabel(Outcome o) {
        return switch (o) {
            case SUCCESS -> "Success";
            case DEGRADED -> "Degraded";
            case FAILED -> "Failed";
            case ABORTED -> "Aborted";
            case SKIPPED -> "Skipped";
            case RUNNING -> "Running";
        };
    }

    static String outcomeSymbol(Outcome o) {
        return switch (o) {
            case SUCCESS -> ComponentStatus.OPERATIONAL.symbol;
            case DEGRADED -> ComponentStatus.DEGRADED_PERFORMANCE.symbol;
            case FAILED -> ComponentStatus.MAJOR_OUTAGE.symbol;
            case ABORTED, SKIPPED, RUNNING -> "–";
        };
    }

    static boolean isOpen(Incident i) {
        return Objects.requireNonNull(i).isOpen();
    }
}
