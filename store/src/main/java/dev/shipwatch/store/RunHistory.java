package dev.shipwatch.store;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Read-only range queries over raw runs for SLA reports: what the daily rollups cannot answer
 * (a period's edges that cut a UTC day, days touched by maintenance, percentiles). Every query
 * is one range of the {@code (target, started_at)} index, or of the covering
 * {@code (target, started_at, outcome, latencies…)} one (V11). Thread-safe.
 */
public final class RunHistory {
    private static final String RUNNING = Outcome.RUNNING.wire();
    private static final String SKIPPED = Outcome.SKIPPED.wire();

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
            runs.addAll(Jdbc.query(c, "SELECT started_at, outcome, hold_ms FROM probe_runs WHERE target = ? AND outcome <> ? "
                    + "AND started_at < ? ORDER BY started_at DESC, id DESC LIMIT 1", RunHistory::held, target, RUNNING, from));
            runs.addAll(Jdbc.query(c, "SELECT started_at, outcome, hold_ms FROM probe_runs WHERE target = ? AND outcome <> ? "
                    + "AND started_at >= ? AND started_at < ? ORDER BY started_at, id", RunHistory::held, target, RUNNING, from, to));
            runs.addAll(Jdbc.query(c, "SELECT started_at, outcome, hold_ms FROM probe_runs WHERE target = ? AND outcome <> ? "
                    + "AND started_at >= ? ORDER BY started_at, id LIMIT 1", RunHistory::held, target, RUNNING, to));
            return runs;
        });
    }

    /** The start of the target's latest finished run: from there on the rollups do not hold its time yet. */
    public Optional<HeldRun> latest(String target) {
        return jdbc.inTransaction("read the latest run of target " + target, c ->
                Jdbc.query(c, "SELECT started_at, outcome, hold_ms FROM probe_runs WHERE target = ? AND outcome <> ? "
                        + "ORDER BY started_at DESC, id DESC LIMIT 1", RunHistory::held, target, RUNNING).stream().findFirst());
    }

    /** The first UTC day any target has a rollup for (the rollup table is small: one row per target and day). */
    public Optional<LocalDate> firstDay() {
        return jdbc.inTransaction("read the first day with runs", c ->
                Jdbc.query(c, "SELECT MIN(utc_day) FROM daily_rollups", rs -> rs.getObject(1, LocalDate.class))
                        .stream().filter(Objects::nonNull).findFirst());
    }

    /**
     * The latency figures of the target's runs started in {@code [from, to)}, skipped and
     * unfinished runs left out (they measured nothing); each figure only from the runs that
     * measured it.
     */
    public RunLatencies latencies(String target, Instant from, Instant to) {
        return jdbc.inTransaction("read the latencies of target " + target + " in " + from + " – " + to, c -> {
            Columns cols = new Columns(6);
            try (PreparedStatement ps = c.prepareStatement("SELECT build_ms, deploy_ms, cold_start_ms, warm_p50_ms, "
                    + "warm_p95_ms, warm_p99_ms FROM probe_runs WHERE target = ? AND started_at >= ? AND started_at < ? "
                    + "AND outcome <> ? AND outcome <> ?")) {
                Jdbc.bind(ps, target, from, to, RUNNING, SKIPPED);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 0; i < 6; i++) {
                            double v = rs.getDouble(i + 1);
                            if (!rs.wasNull()) {
                                cols.add(i, v);
                            }
                        }
                    }
                }
            }
            return new RunLatencies(cols.get(0), cols.get(1), cols.get(2), cols.get(3), cols.get(4), cols.get(5));
        });
    }

    private static HeldRun held(ResultSet rs) throws SQLException {
        return new HeldRun(Jdbc.instant(rs, "started_at"), Outcome.fromWire(rs.getString("outcome")), rs.getLong("hold_ms"));
    }

    /** Growable primitive columns: a year of runs is millions of values, not worth boxing. */
    private static final class Columns {
        private final double[][] data;
        private final int[] size;

        Columns(int n) {
            data = new double[n][1024];
            size = new int[n];
        }

        void add(int col, double v) {
            if (size[col] == data[col].length) {
                data[col] = Arrays.copyOf(data[col], data[col].length * 2);
            }
            data[col][size[col]++] = v;
        }

        double[] get(int col) {
            return Arrays.copyOf(data[col], size[col]);
        }
    }
}
