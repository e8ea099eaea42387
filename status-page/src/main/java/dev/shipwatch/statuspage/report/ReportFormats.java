package dev.shipwatch.statuspage.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shipwatch.config.ControlCharacters;
import dev.shipwatch.statuspage.HtmlSafeJson;
import dev.shipwatch.statuspage.Uptime;
import dev.shipwatch.statuspage.report.SlaReport.Budget;
import dev.shipwatch.statuspage.report.SlaReport.IncidentStats;
import dev.shipwatch.statuspage.report.SlaReport.ObjectiveResult;
import dev.shipwatch.statuspage.report.SlaReport.Row;
import dev.shipwatch.store.LatencyFigure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The report as a text table (the CLI), CSV and JSON. The CSV columns and JSON fields are a
 * contract (spreadsheets and scripts read them): add at the end, never rename or reorder.
 */
public final class ReportFormats {
    static final String[] LATENCY = {"build", "deploy", "cold-start", "request"};
    private static final int[] PERCENTS = {50, 95, 99};
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final ObjectMapper MAPPER = HtmlSafeJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFormats() {}

    // --- header ------------------------------------------------------------------------------

    /** The period's bounds in words: local, UTC and the length (745 h for October in Paris). */
    public static List<String> header(SlaReport r) {
        ReportPeriod p = r.period();
        List<String> lines = new ArrayList<>();
        lines.add("SLA report " + p.label() + " - " + r.site());
        lines.add("period: " + local(p.start()) + " to " + local(p.end()) + " (" + p.zone().getId() + ")");
        lines.add("UTC: " + utc(p.from()) + " to " + utc(p.to()) + " (" + hours(p.to().toEpochMilli() - p.from().toEpochMilli()) + ")");
        if (r.partial()) {
            lines.add("figures until " + utc(r.end()) + ": the period is not over");
        }
        lines.add("generated at " + utc(r.generatedAt()));
        return lines;
    }

    static String local(ZonedDateTime t) {
        return LOCAL.format(t.toOffsetDateTime());
    }

    static String utc(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
    }

    static String hours(long ms) {
        long minutes = ms / 60_000;
        return minutes % 60 == 0 ? minutes / 60 + " h" : minutes / 60 + " h " + minutes % 60 + " min";
    }

    // --- CSV -----------------------------------------------------------------------------------

    private static final List<Column> COLUMNS = columns();

    private record Column(String name, Function<Row, Object> value) {}

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("kind", row -> row.kind().wire()));
        c.add(new Column("id", Row::id));
        c.add(new Column("name", Row::name));
        c.add(new Column("component", Row::component));
        c.add(new Column("availability_percent", Row::availability));
        c.add(new Column("up_min", row -> Reports.minutes(row.times().upMs())));
        c.add(new Column("degraded_min", row -> Reports.minutes(row.times().degradedMs())));
        c.add(new Column("downtime_min", row -> Reports.minutes(row.times().downMs())));
        c.add(new Column("maintenance_min", row -> Reports.minutes(row.times().maintenanceMs())));
        c.add(new Column("no_data_min", row -> Reports.minutes(row.times().noDataMs())));
        c.add(new Column("runs", Row::runs));
        c.add(new Column("failed_runs", Row::failedRuns));
        c.add(new Column("incidents", row -> row.incidents().count()));
        c.add(new Column("incident_total_min", row -> Reports.minutes(row.incidents().totalMs())));
        c.add(new Column("incident_longest_min", row -> Reports.minutes(row.incidents().longestMs())));
        c.add(new Column("mttr_min", row -> row.incidents().mttrMs() == null ? null : Reports.minutes(row.incidents().mttrMs())));
        for (String metric : LATENCY) {
            for (int p : PERCENTS) {
                c.add(new Column(metric.replace('-', '_') + "_p" + p + "_ms", row -> {
                    Double v = row.latency().of(metric).get(p);
                    return v == null ? null : Reports.ms(v);
                }));
            }
        }
        c.add(new Column("budget_allowed_min", row -> row.budget() == null ? null : row.budget().allowedMinutes()));
        c.add(new Column("budget_used_min", row -> row.budget() == null ? null : row.budget().usedMinutes()));
        c.add(new Column("budget_left_percent", row -> row.budget() == null ? null : row.budget().leftPercent()));
        c.add(new Column("objectives", row -> String.join(" ", row.objectives().stream()
                .map(o -> o.key() + "=" + o.compliance().wire()).toList())));
        // added with the file-system profile (new columns only ever go at the end)
        for (LatencyFigure f : SlaReport.INSIDE) {
            c.add(new Column(f.wire() + "_p50_" + (f.perSecond() ? "per_s" : "ms"), row -> inside(row, f)));
        }
        return List.copyOf(c);
    }

    /** {@code fs_open_read_per_s}, {@code outbound_dns_ms}: the figure and its unit. */
    static String insideKey(LatencyFigure f) {
        return f.wire() + (f.perSecond() ? "_per_s" : "_ms");
    }

    /** A median inside the platform: whole operations per second, milliseconds to one decimal; null when not measured. */
    private static BigDecimal inside(Row row, LatencyFigure f) {
        Double v = row.inside().get(f);
        return v == null ? null : f.perSecond() ? BigDecimal.valueOf(Math.round(v)) : Reports.ms(v);
    }

    /**
     * RFC 4180 CSV, one row per component and target, after {@code #} comment lines holding the
     * header and the rules (most tools skip them: e.g. pandas {@code comment='#'}). A comment
     * line never breaks: control characters in it (a site name's CR LF) are written as escapes.
     */
    public static String csv(SlaReport r) {
        StringBuilder sb = new StringBuilder();
        header(r).forEach(l -> sb.append("# ").append(ControlCharacters.visible(l)).append("\r\n"));
        for (int i = 0; i < r.rules().size(); i++) {
            sb.append("# rule ").append(i + 1).append(": ").append(r.rules().get(i)).append("\r\n");
        }
        sb.append(String.join(",", COLUMNS.stream().map(Column::name).toList())).append("\r\n");
        for (Row row : r.rows()) {
            List<String> cells = new ArrayList<>();
            for (Column col : COLUMNS) {
                cells.add(csvCell(col.value().apply(row)));
            }
            sb.append(String.join(",", cells)).append("\r\n");
        }
        return sb.toString();
    }

    /**
     * A number as written, text quoted when it must be. Text a spreadsheet would run as a formula
     * (starting with {@code = + - @}, tab or CR: a component named {@code =HYPERLINK(…)}) is
     * neutralised as OWASP recommends: a leading {@code '} inside a quoted cell. Numbers are never
     * text here, so {@code -1.5} stays a number.
     */
    static String csvCell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Number n) {
            return n instanceof BigDecimal d ? d.toPlainString() : n.toString();
        }
        String s = v.toString();
        boolean formula = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0;
        if (formula || s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + (formula ? "'" : "") + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    // --- JSON ----------------------------------------------------------------------------------

    /** The report as JSON: field order fixed, numbers as decimals with the report's precision. */
    public static String json(SlaReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        ReportPeriod p = r.period();
        root.put("site", r.site());
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("label", p.label());
        period.put("time_zone", p.zone().getId());
        period.put("start", local(p.start()));
        period.put("end", local(p.end()));
        period.put("start_utc", utc(p.from()));
        period.put("end_utc", utc(p.to()));
        period.put("minutes", (p.to().toEpochMilli() - p.from().toEpochMilli()) / 60_000);
        period.put("figures_until_utc", utc(r.end()));
        period.put("partial", r.partial());
        root.put("period", period);
        root.put("generated_at", utc(r.generatedAt()));
        root.put("precision", r.precision());
        root.put("rules", r.rules());
        List<Object> rows = new ArrayList<>();
        for (Row row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", row.kind().wire());
            m.put("id", row.id());
            m.put("name", row.name());
            m.put("component", row.component());
            m.put("availability_percent", row.availability());
            Uptime.Times t = row.times();
            Map<String, Object> minutes = new LinkedHashMap<>();
            minutes.put("up", Reports.minutes(t.upMs()));
            minutes.put("degraded", Reports.minutes(t.degradedMs()));
            minutes.put("down", Reports.minutes(t.downMs()));
            minutes.put("maintenance", Reports.minutes(t.maintenanceMs()));
            minutes.put("no_data", Reports.minutes(t.noDataMs()));
            m.put("minutes", minutes);
            m.put("runs", row.runs());
            m.put("failed_runs", row.failedRuns());
            IncidentStats i = row.incidents();
            Map<String, Object> incidents = new LinkedHashMap<>();
            incidents.put("count", i.count());
            incidents.put("total_min", Reports.minutes(i.totalMs()));
            incidents.put("longest_min", Reports.minutes(i.longestMs()));
            incidents.put("mttr_min", i.mttrMs() == null ? null : Reports.minutes(i.mttrMs()));
            m.put("incidents", incidents);
            Map<String, Object> latency = new LinkedHashMap<>();
            for (String metric : LATENCY) {
                Map<String, Object> ps = new LinkedHashMap<>();
                for (int pc : PERCENTS) {
                    Double v = row.latency().of(metric).get(pc);
                    ps.put("p" + pc, v == null ? null : Reports.ms(v));
                }
                latency.put(metric.replace('-', '_'), ps);
            }
            m.put("latency_ms", latency);
            List<Object> objectives = new ArrayList<>();
            for (ObjectiveResult o : row.objectives()) {
                Map<String, Object> om = new LinkedHashMap<>();
                om.put("key", o.key());
                om.put("objective", o.objective());
                om.put("actual", o.actual());
                om.put("compliance", o.compliance().wire());
                objectives.add(om);
            }
            m.put("objectives", objectives);
            Budget b = row.budget();
            if (b == null) {
                m.put("error_budget", null);
            } else {
                Map<String, Object> bm = new LinkedHashMap<>();
                bm.put("allowed_min", b.allowedMinutes());
                bm.put("used_min", b.usedMinutes());
                bm.put("left_percent", b.leftPercent());
                m.put("error_budget", bm);
            }
            Map<String, Object> inside = new LinkedHashMap<>();
            for (LatencyFigure f : SlaReport.INSIDE) {
                inside.put(insideKey(f), inside(row, f));
            }
            m.put("inside_p50", inside);
            rows.add(m);
        }
        root.put("rows", rows);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    // --- text table ----------------------------------------------------------------------------

    /**
     * For a terminal: the header, three tables (availability, latency, objectives) and the rules.
     * Names are shown with their control characters as escapes: an ESC in a component name must
     * not drive the terminal.
     */
    public static String table(SlaReport r) {
        StringBuilder sb = new StringBuilder();
        header(r).forEach(l -> sb.append(ControlCharacters.visible(l)).append('\n'));
        sb.append('\n');
        List<String[]> avail = new ArrayList<>();
        avail.add(new String[] {"", "availability %", "down min", "maint. min", "no data min", "runs", "failed",
                "incidents", "incident min", "longest min", "MTTR min"});
        for (Row row : r.rows()) {
            IncidentStats i = row.incidents();
            avail.add(new String[] {label(row), text(row.availability()), text(Reports.minutes(row.times().downMs())),
                    text(Reports.minutes(row.times().maintenanceMs())), text(Reports.minutes(row.times().noDataMs())),
                    Integer.toString(row.runs()), Integer.toString(row.failedRuns()), Integer.toString(i.count()),
                    text(Reports.minutes(i.totalMs())), text(Reports.minutes(i.longestMs())),
                    i.mttrMs() == null ? "-" : text(Reports.minutes(i.mttrMs()))});
        }
        align(sb, avail);
        sb.append("\nlatency ms, p50 / p95 / p99 (warm request: over each run's own pN)\n");
        List<String[]> lat = new ArrayList<>();
        lat.add(new String[] {"", "build", "deploy", "cold start", "warm request"});
        for (Row row : r.rows()) {
            String[] cells = new String[5];
            cells[0] = label(row);
            for (int m = 0; m < LATENCY.length; m++) {
                Percentiles p = row.latency().of(LATENCY[m]);
                cells[m + 1] = p.p50() == null ? "-" : text(Reports.ms(p.p50())) + " / " + text(Reports.ms(p.p95()))
                        + " / " + text(Reports.ms(p.p99()));
            }
            lat.add(cells);
        }
        align(sb, lat);
        List<String[]> obj = new ArrayList<>();
        obj.add(new String[] {"", "objective", "promised", "actual", "result", "budget allowed min", "used min", "left %"});
        for (Row row : r.rows()) {
            for (ObjectiveResult o : row.objectives()) {
                boolean availability = o.key().equals("availability");
                String unit = availability ? " %" : " ms";
                Budget b = availability ? row.budget() : null;
                obj.add(new String[] {label(row), o.key(), (availability ? ">= " : "<= ") + text(o.objective()) + unit,
                        o.actual() == null ? "-" : text(o.actual()) + unit, o.compliance().wire().replace('_', ' '),
                        b == null ? "" : text(b.allowedMinutes()), b == null ? "" : text(b.usedMinutes()),
                        b == null ? "" : text(b.leftPercent())});
            }
        }
        if (obj.size() > 1) {
            sb.append("\nobjectives\n");
            align(sb, obj);
        }
        List<LatencyFigure> measured = SlaReport.INSIDE.stream()
                .filter(f -> r.rows().stream().anyMatch(row -> row.inside().containsKey(f))).toList();
        if (!measured.isEmpty()) {
            sb.append("\ninside the platform, medians\n");
            List<String[]> in = new ArrayList<>();
            String[] head = new String[measured.size() + 1];
            head[0] = "";
            for (int i = 0; i < measured.size(); i++) {
                head[i + 1] = measured.get(i).label() + " " + measured.get(i).unit();
            }
            in.add(head);
            for (Row row : r.rows()) {
                String[] cells = new String[measured.size() + 1];
                cells[0] = label(row);
                for (int i = 0; i < measured.size(); i++) {
                    cells[i + 1] = text(inside(row, measured.get(i)));
                }
                in.add(cells);
            }
            align(sb, in);
        }
        sb.append("\nrules\n");
        for (int i = 0; i < r.rules().size(); i++) {
            sb.append("  ").append(i + 1).append(". ").append(r.rules().get(i)).append('\n');
        }
        return sb.toString();
    }

    private static String label(Row row) {
        return ControlCharacters.visible(row.kind() == SlaReport.Kind.COMPONENT ? row.name() : "  " + row.id());
    }

    private static String text(BigDecimal v) {
        return v == null ? "-" : v.toPlainString();
    }

    /** Left-aligned first column, the others right-aligned (numbers). */
    private static void align(StringBuilder sb, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String fmt = c == 0 ? "%-" + width[c] + "s" : "  %" + width[c] + "s";
                line.append(String.format(Locale.ROOT, fmt, row[c]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
