package dev.shipwatch.statuspage;

import dev.shipwatch.store.Failure;
import dev.shipwatch.store.Incident;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentUpdate;
import dev.shipwatch.store.Maintenance;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.QuorumVerdict;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

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

    /** A component on its own page: everything including the bar's day detail. */
    record ComponentView(String id, String name, String description, String link, StatusLabel status,
                         Time lastChecked, Bar bar) {}

    /**
     * One stroke of the home page's compact bar: days of one class, as runs of days drawn by one
     * dashed SVG path, so a bar costs a few bytes per change of class, not a rect per day.
     */
    record Stroke(String css, String d) {}

    /** The home page's bar: the strokes and the same words as the component page's bar; no per-day detail. */
    record EntryBar(List<Stroke> strokes, String summary, String uptime, String noData) {}

    /**
     * A component on the home page.
     *
     * @param grouped shown inside its group (an {@code h4}) rather than as a section of its own (an {@code h3})
     */
    record EntryView(String id, String name, String description, String link, StatusLabel status,
                     Time lastChecked, EntryBar bar, boolean grouped) {}

    /**
     * A group on the home page: its members are in a {@code <details>}, open when a member needs
     * attention (or the page is small), so a page of many healthy groups stays short.
     *
     * @param count e.g. {@code 12 components}
     */
    record GroupView(String id, String name, StatusLabel status, String count, boolean open) {}

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

    /** Groups with at most this many components in all start open on the home page. */
    static final int SMALL_PAGE = 20;

    static GroupView group(StatusModel.Group g, int components) {
        boolean open = components <= SMALL_PAGE
                || g.status() != ComponentStatus.OPERATIONAL && g.status() != ComponentStatus.NO_DATA;
        int n = g.members().size();
        return new GroupView(g.id(), g.name(), status(g.status()), n == 1 ? "1 component" : n + " components", open);
    }

    static ComponentView component(ZoneId zone, StatusModel.Component c, BarKey bar) {
        return new ComponentView(c.id(), c.name(), c.description(), Links.component(c.id()), status(c.status()),
                lastChecked(zone, c), bar(bar));
    }

    static EntryView entry(StatusModel m, StatusModel.Component c, BarKey bar, boolean grouped) {
        return new EntryView(c.id(), c.name(), c.description(), Links.component(c.id()), status(c.status()),
                lastChecked(m.site().timeZone(), c), entryBar(bar), grouped);
    }

    /** An absolute time: relative text ("3 min ago") would change every minute for every component. */
    private static Time lastChecked(ZoneId zone, StatusModel.Component c) {
        return c.lastCheckedAt() == null ? null : time(c.lastCheckedAt(), zone);
    }

    /** A day's class: no data (or maintenance) when nothing was measured, never up. */
    static String css(Uptime.Times t) {
        OptionalDouble pct = t.percent();
        if (pct.isEmpty()) {
            return t.maintenanceMs() > 0 ? "c-maint" : "c-none";
        }
        double p = pct.getAsDouble();
        return t.downMs() == 0 ? "c-ok" : p >= 99 ? "c-minor" : p >= 95 ? "c-partial" : "c-major";
    }

    /** Stroke order is fixed, so equal bars give equal bytes. */
    private static final List<String> CLASSES = List.of("c-none", "c-maint", "c-ok", "c-minor", "c-partial", "c-major");
    private static final int FIGURES = 5;
    private static final long HOUR_MS = 3_600_000;

    /**
     * A bar as the numbers it shows: per day its class, uptime in hundredths of a percent and
     * rounded minutes down, in maintenance and without data (-1 where the title leaves them
     * out), and the incidents named. Equal keys give equal bars, and a key is a few numbers per
     * distinct day, so the renderer keeps keys instead of the bars' text.
     *
     * @param days      {@value #FIGURES} numbers per day, oldest day first, alike days held once
     * @param incidents per day the title's incident text, or null; null when no day has any
     * @param total     the period's uptime in hundredths of a percent, -1 when nothing was measured
     */
    record BarKey(LocalDate first, AlikeRows days, String[] incidents, int total) {
        int count() {
            return days.size();
        }

        /** Figure {@code k} of day {@code day}. */
        int figure(int day, int k) {
            return (int) days.get(day, k);
        }

        String css(int day) {
            return CLASSES.get(figure(day, 0));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BarKey k && first.equals(k.first) && total == k.total && days.equals(k.days)
                    && Arrays.equals(incidents, k.incidents);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * first.hashCode() + days.hashCode()) + Arrays.hashCode(incidents);
        }

        @Override
        public String toString() {
            return "BarKey[" + first + ", " + count() + " days]";
        }
    }

    static BarKey barKey(StatusModel m, StatusModel.Component c) {
        List<Uptime.Day> days = c.uptime().days();
        List<long[]> figures = new ArrayList<>(days.size());
        List<Incident> touching = m.context().incidentsOf(c.id());
        String[] incidents = null;
        for (int i = 0; i < days.size(); i++) {
            Uptime.Times t = days.get(i).times();
            String css = css(t);
            long[] f = new long[FIGURES];
            f[0] = CLASSES.indexOf(css);
            boolean measured = !css.equals("c-none") && !css.equals("c-maint");
            f[1] = measured ? hundredths(t.percent().getAsDouble()) : -1;
            f[2] = measured && t.downMs() > 0 ? roundedMinutes(t.downMs()) : -1;
            f[3] = measured && t.maintenanceMs() > 0 ? roundedMinutes(t.maintenanceMs()) : -1;
            f[4] = measured && t.noDataMs() > 0 ? roundedMinutes(t.noDataMs()) : -1;
            if (i == days.size() - 1 && f[4] >= 0) {
                // today, so far: its no-data time grows while a target is silent; in whole hours, so
                // a silent target's page changes hourly, not every minute
                f[4] = t.noDataMs() >= HOUR_MS ? (int) (t.noDataMs() / HOUR_MS) * 60 : -1;
            }
            figures.add(f);
            if (!touching.isEmpty()) {
                List<String> names = incidentsOn(m, touching, days.get(i).day());
                if (!names.isEmpty()) {
                    incidents = incidents == null ? new String[days.size()] : incidents;
                    incidents[i] = (names.size() == 1 ? "1 incident: " : names.size() + " incidents: ") + String.join(", ", names);
                }
            }
        }
        Uptime.Times total = c.uptime().total();
        return new BarKey(days.isEmpty() ? LocalDate.EPOCH : days.get(0).day(), AlikeRows.of(figures, FIGURES), incidents,
                total.percent().isPresent() ? hundredths(total.percent().getAsDouble()) : -1);
    }

    /**
     * The home page's bar in few bytes: one unit per day (dashes of 0.8 leave the gap between
     * days), strokes centred on y 0, the most frequent kind of measured day drawn as one stroke
     * under all measured days and the other kinds over it, each run of days after the first as a
     * relative move ({@code m gap 0 h days}). Days without data are short strokes at the bottom.
     */
    static EntryBar entryBar(BarKey k) {
        int n = k.count();
        int[] css = new int[n];
        int[] days = new int[CLASSES.size()];
        for (int i = 0; i < n; i++) {
            css[i] = k.figure(i, 0);
            days[css[i]]++;
        }
        int base = -1;
        for (int c = 1; c < CLASSES.size(); c++) { // 0 is no data: never the base
            base = days[c] > 0 && (base < 0 || days[c] > days[base]) ? c : base;
        }
        List<Stroke> strokes = new ArrayList<>();
        if (base >= 0) {
            strokes.add(new Stroke(CLASSES.get(base), runs(css, c -> c != 0, 0)));
        }
        for (int c = 0; c < CLASSES.size(); c++) {
            int kind = c;
            if (c != base && days[c] > 0) {
                strokes.add(new Stroke(CLASSES.get(c), runs(css, x -> x == kind, c == 0 ? 13 : 0)));
            }
        }
        String[] words = words(k);
        return new EntryBar(List.copyOf(strokes), words[0], words[1], words[2]);
    }

    /** Path data at height {@code y} for the runs of days that {@code in} takes: the first absolute, the rest relative. */
    private static String runs(int[] css, java.util.function.IntPredicate in, int y) {
        StringBuilder d = new StringBuilder();
        int end = 0;
        for (int i = 0; i < css.length; ) {
            if (!in.test(css[i])) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < css.length && in.test(css[j])) {
                j++;
            }
            // y is the same for every run of a stroke: after the first, moves are relative (m dx 0)
            if (d.length() == 0) {
                d.append('M').append(i).append(' ').append(y);
            } else {
                d.append('m').append(i - end).append(" 0");
            }
            d.append('h').append(j - i);
            end = j;
            i = j;
        }
        return d.toString();
    }

    /** The summary for screen readers, the uptime and the days without data. */
    private static String[] words(BarKey k) {
        int noDataDays = 0;
        for (int i = 0; i < k.count(); i++) {
            noDataDays += k.figure(i, 0) == 0 ? 1 : 0;
        }
        String uptime = k.total() >= 0 ? percentText(k.total()) + " uptime" : "No data";
        String noData = noDataDays == 0 ? null : noDataDays == 1 ? "1 day without data" : noDataDays + " days without data";
        String summary = "Uptime over the last " + k.count() + " days: " + uptime + (noData == null ? "" : "; " + noData);
        return new String[] {summary, uptime, noData};
    }

    /**
     * 90 cells, oldest first. A day with no measured time is drawn as no data (or maintenance),
     * never as up; the title gives uptime, downtime and that day's incidents.
     */
    static Bar bar(BarKey k) {
        List<Cell> cells = new ArrayList<>(k.count());
        for (int i = 0; i < k.count(); i++) {
            String css = k.css(i);
            StringBuilder title = new StringBuilder(48).append(dayLabel(k.first().plusDays(i))).append(": ");
            if (k.figure(i, 1) < 0) {
                title.append(css.equals("c-maint") ? "maintenance" : "no data");
            } else {
                title.append(percentText(k.figure(i, 1))).append(" up");
                if (k.figure(i, 2) >= 0) {
                    title.append(", ").append(minutesText(k.figure(i, 2))).append(" down");
                }
                if (k.figure(i, 3) >= 0) {
                    title.append(", ").append(minutesText(k.figure(i, 3))).append(" maintenance");
                }
                if (k.figure(i, 4) >= 0) {
                    title.append(", ").append(minutesText(k.figure(i, 4))).append(" no data");
                }
            }
            if (k.incidents() != null && k.incidents()[i] != null) {
                title.append("; ").append(k.incidents()[i]);
            }
            cells.add(new Cell(i * 5, css, title.toString()));
        }
        String[] words = words(k);
        return new Bar(List.copyOf(cells), words[0], words[1], words[2]);
    }

    private static final Map<LocalDate, String> DAY_LABELS = new ConcurrentHashMap<>();

    /** {@code 1 Jul}; the same days are labelled for every component, so once each. */
    static String dayLabel(LocalDate day) {
        if (DAY_LABELS.size() > 1000) {
            DAY_LABELS.clear();
        }
        return DAY_LABELS.computeIfAbsent(day, DAY::format);
    }

    /** Names of the incidents (of those touching the component) that were open at some time of that UTC day. */
    static List<String> incidentsOn(StatusModel m, List<Incident> touching, LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<String> names = new ArrayList<>();
        for (Incident i : touching) {
            Instant end = i.resolvedAt() == null ? m.renderedAt() : i.resolvedAt();
            if (i.createdAt().isBefore(to) && !end.isBefore(from)) {
                names.add(i.name());
            }
        }
        return names;
    }

    /** Whole hundredths of a percent, rounded down: never round 99.996 up to a claim of 100%. */
    static int hundredths(double p) {
        return p >= 100 ? 10_000 : (int) Math.floor(p * 100);
    }

    static String percent(double p) {
        return percentText(hundredths(p));
    }

    private static String percentText(int hundredths) {
        if (hundredths >= 10_000) {
            return "100%";
        }
        int frac = hundredths % 100;
        return hundredths / 100 + (frac < 10 ? ".0" : ".") + frac + "%";
    }

    private static int roundedMinutes(long ms) {
        return (int) Math.round(ms / 60_000.0);
    }

    static String minutes(long ms) {
        return minutesText(roundedMinutes(ms));
    }

    private static String minutesText(int min) {
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

    /**
     * @param locations one row per location of a target in several locations; empty otherwise
     * @param verdict   e.g. {@code Failing in us (an outage takes 2 of 2 locations)}; null for a target in one location
     */
    record TargetView(String name, String platform, List<RunRow> runs, List<LocationRow> locations, String verdict) {}

    /** A location of a target in several: its state by its newest run (no data when it has none lately). */
    record LocationRow(String location, String status, String statusSymbol, String statusCss, Time lastRun, String coldStart) {}

    static List<TargetView> targets(ZoneId zone, StatusModel.Component c, int runs) {
        List<TargetView> out = new ArrayList<>();
        for (StatusModel.TargetRuns t : c.targets()) {
            String platform = t.target().platform() == null ? null : t.target().platform().type();
            List<RunRow> rows = t.recent().stream().limit(runs).map(r -> row(r, zone)).toList();
            QuorumVerdict v = c.quorums().get(t.target().name());
            List<LocationRow> locations = v == null ? List.of() : v.locations().stream().map(p -> location(p, zone)).toList();
            out.add(new TargetView(t.target().name(), platform, rows, locations, v == null ? null : verdict(v)));
        }
        return List.copyOf(out);
    }

    static LocationRow location(QuorumVerdict.Place p, ZoneId zone) {
        ProbeRun r = p.latest();
        Time last = r == null ? null : time(StatusModel.finished(r), zone);
        String coldStart = r == null ? "–" : ms(r.phases().coldStartMs());
        return switch (p.state()) {
            case UP -> new LocationRow(p.location(), "Up", ComponentStatus.OPERATIONAL.symbol, "success", last, coldStart);
            case DEGRADED -> new LocationRow(p.location(), "Degraded", ComponentStatus.DEGRADED_PERFORMANCE.symbol, "degraded",
                    last, coldStart);
            case FAILING -> new LocationRow(p.location(), "Failing", ComponentStatus.MAJOR_OUTAGE.symbol, "failed", last, coldStart);
            case NO_DATA -> new LocationRow(p.location(), "No data", "?", "no-data", last, coldStart);
        };
    }

    /** Which locations fail, against the quorum an outage takes. */
    static String verdict(QuorumVerdict v) {
        String rule = " (an outage takes " + v.quorum() + " of " + v.locations().size() + " locations)";
        List<String> failing = v.failing();
        return failing.isEmpty() ? "Failing in no location" + rule : "Failing in " + String.join(", ", failing) + rule;
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
