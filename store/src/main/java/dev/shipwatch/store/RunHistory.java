package dev.shipwatch.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Read-only range queries over raw runs for SLA reports: what the daily rollups cannot answer
 * (a period's edges that cut a UTC day, days touched by maintenance) and the latency
 * histograms. Every query is one range of an index. Thread-safe.
 */
public final class RunHistory {
    private static final String RUNNING = Outcome.RUNNING.wire();

    private final Jdbc jdbc;

    public RunHistory(DataSource dataSource) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * The target's finished runs whose held outcome can fall in {@code [from, to)}: the last one
     * that started before {@code from}, every one started in the range, and the first one that
     * started at or after {@code to} (which ends the range's last interval); oldest first, in the
     * {@code (started_at, id)} order the rollups use.
     */
    public List<HeldRun> held(String target, Instant from, Instant to) {
        return jdbc.inTransaction("read the runs of target " + target + " around " + from + " – " + to, c -> {
            List<HeldRun> runs = new ArrayList<>();
            before(c, target, from).ifPresent(runs::add);
            runs.addAll(Jdbc.query(c, "SELECT started_at, outcome, hold_ms FROM probe_runs WHERE target = ? AND outcome <> ? "
                    + "AND started_at >= ? AND started_at < ? ORDER BY target, started_at, id", RunHistory::held, target, RUNNING, from, to));
            after(c, target, to).ifPresent(runs::add);
            return runs;
        });
    }

    /**
     * {@link #held(String, Instant, Instant)} of the target's runs in one location: each location's
     * runs hold until that location's next run, for the quorum verdict over time.
     */
    public List<HeldRun> held(String target, String location, Instant from, Instant to) {
        return jdbc.inTransaction("read the runs of target " + target + " in " + location + " around " + from + " – " + to, c -> {
            List<HeldRun> runs = new ArrayList<>();
            runs.addAll(Jdbc.query(c, "SELECT started_at, outcome, hold_ms, location FROM probe_runs WHERE target = ? "
                    + "AND outcome <> ? AND started_at < ? AND location = ? ORDER BY target DESC, started_at DESC, id DESC LIMIT 1",
                    RunHistory::heldAt, target, RUNNING, from, location));
            runs.addAll(Jdbc.query(c, "SELECT started_at, outcome, hold_ms, location FROM probe_runs WHERE target = ? "
                    + "AND outcome <> ? AND started_at >= ? AND started_at < ? AND location = ? ORDER BY target, started_at, id",
                    RunHistory::heldAt, target, RUNNING, from, to, location));
            runs.addAll(Jdbc.query(c, "SELECT started_at, outcome, hold_ms, location FROM probe_runs WHERE target = ? "
                    + "AND outcome <> ? AND started_at >= ? AND location = ? ORDER BY target, started_at, id LIMIT 1",
                    RunHistory::heldAt, target, RUNNING, to, location));
            return runs;
        });
    }

    /**
     * The target's latest finished run started before {@code now}: from its start on, the rollups
     * do not hold its time yet (its interval is still open).
     */
    public Optional<HeldRun> latest(String target, Instant now) {
        return jdbc.inTransaction("read the latest run of target " + target, c -> before(c, target, now));
    }

    /*
     * Ordered by the whole (target, started_at, id) index key: H2 walks the index from t and stops
     * at the first row, whatever the size of the target's history.
     */
    static final String BEFORE = "SELECT started_at, outcome, hold_ms FROM probe_runs WHERE target = ? AND outcome <> ? "
            + "AND started_at < ? ORDER BY target DESC, started_at DESC, id DESC LIMIT 1";
    static final String AFTER = "SELECT started_at, outcome, hold_ms FROM probe_runs WHERE target = ? AND outcome <> ? "
            + "AND started_at >= ? ORDER BY target, started_at, id LIMIT 1";

    private static Optional<HeldRun> before(Connection c, String target, Instant t) throws SQLException {
        return Jdbc.query(c, BEFORE, RunHistory::held, target, RUNNING, t).stream().findFirst();
    }

    private static Optional<HeldRun> after(Connection c, String target, Instant t) throws SQLException {
        return Jdbc.query(c, AFTER, RunHistory::held, target, RUNNING, t).stream().findFirst();
    }

    /** The first UTC day any target has a rollup for (the rollup table is small: one row per target and day). */
    public Optional<LocalDate> firstDay() {
        return jdbc.inTransaction("read the first day with runs", c ->
                Jdbc.query(c, "SELECT MIN(utc_day) FROM daily_rollups", rs -> rs.getObject(1, LocalDate.class))
                        .stream().filter(Objects::nonNull).findFirst());
    }

    /**
     * The target's latency histograms of UTC days {@code from..to} inclusive, merged, one per
     * figure (empty histograms for figures never measured).
     */
    public Map<LatencyFigure, LatencyHistogram> histograms(String target, LocalDate from, LocalDate to) {
        Map<LatencyFigure, LatencyHistogram> out = empty();
        if (to.isBefore(from)) {
            return out;
        }
        return jdbc.inTransaction("read the latency histograms of target " + target + " " + from + " – " + to, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT figure, buckets FROM daily_latency_histograms "
                    + "WHERE target = ? AND utc_day >= ? AND utc_day <= ?")) {
                Jdbc.bind(ps, target, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        LatencyFigure figure = LatencyFigure.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT));
                        out.get(figure).addText(rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The latency figures of the target's finished runs started in {@code [from, to)} (a period's
     * edge that cuts a UTC day), as histograms like {@link #histograms}.
     */
    public Map<LatencyFigure, LatencyHistogram> latencies(String target, Instant from, Instant to) {
        Map<LatencyFigure, LatencyHistogram> out = empty();
        LatencyFigure[] figures = LatencyFigure.values();
        StringBuilder columns = new StringBuilder();
        for (LatencyFigure f : figures) {
            columns.append(columns.isEmpty() ? "" : ", ").append(f.column);
        }
        return jdbc.inTransaction("read the latencies of target " + target + " in " + from + " – " + to, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + ", failure_phase FROM probe_runs WHERE target = ? "
                    + "AND started_at >= ? AND started_at < ? AND outcome <> ?")) {
                Jdbc.bind(ps, target, from, to, RUNNING);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String failed = rs.getString(figures.length + 1);
                        for (int i = 0; i < figures.length; i++) {
                            double v = rs.getDouble(i + 1);
                            // as LatencyFigure.of: a failed phase's time is left out
                            boolean ofFailedPhase = figures[i].phase != null && figures[i].phase.wire().equals(failed);
                            if (!rs.wasNull() && !ofFailedPhase) {
                                out.get(figures[i]).add(v);
                            }
                        }
                    }
                }
            }
            return out;
        });
    }

    private static Map<LatencyFigure, LatencyHistogram> empty() {
        Map<LatencyFigure, LatencyHistogram> m = new EnumMap<>(LatencyFigure.class);
        for (LatencyFigure f : LatencyFigure.values()) {
            m.put(f, new LatencyHistogram());
        }
        return m;
    }

    private static HeldRun held(ResultSet rs) throws SQLException {
        return new HeldRun(Jdbc.instant(rs, "started_at"), Outcome.fromWire(rs.getString("outcome")), rs.getLong("hold_ms"));
    }

    private static HeldRun heldAt(ResultSet rs) throws SQLException {
        return new HeldRun(Jdbc.instant(rs, "started_at"), Outcome.fromWire(rs.getString("outcome")), rs.getLong("hold_ms"),
                rs.getString("location"));
    }
}
