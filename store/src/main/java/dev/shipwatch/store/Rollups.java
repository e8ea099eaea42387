package dev.shipwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The daily rollups and latency histograms, kept in the transaction that stores each run.
 *
 * <p>Each stored run contributes counts and sums on the UTC day it started, and time from its
 * start to the next finished run's start (capped at its hold) to its outcome. Inserting a run R
 * between P and N replaces P's interval to N with P→R plus R→N; removing it does the reverse, so
 * runs may land in any order (an aborted run recorded at the next start lands after later runs
 * of other nodes). Callers hold the target's lock ({@link JdbcRunStore}).
 *
 * <p>Every read here is an index range of one target: its neighbours are two probes of
 * {@code (target, started_at, id)}, a day's maximum one range of it; nothing scans a target's
 * history.
 */
final class Rollups {
    private static final String RUNNING = Outcome.RUNNING.wire();

    /** Finished runs of a target from an instant backwards (or forwards); binds target, instant, {@code running}, limit. */
    static final String BEFORE = "SELECT started_at, id, outcome, hold_ms FROM probe_runs WHERE target = ? AND started_at <= ? "
            + "AND outcome <> ? ORDER BY target DESC, started_at DESC, id DESC LIMIT ?";
    static final String AFTER = "SELECT started_at, id, outcome, hold_ms FROM probe_runs WHERE target = ? AND started_at >= ? "
            + "AND outcome <> ? ORDER BY target, started_at, id LIMIT ?";

    private final Vendor vendor;

    Rollups(Vendor vendor) {
        this.vendor = vendor;
    }

    /**
     * Adds ({@code sign = +1}) or removes ({@code -1}) one finished run's share of the rollups.
     * Every change to one (target, day) row is summed first and written by one statement; an
     * added run's completed cold start raises its day's maximum there too (a removed one's
     * needs {@link #refreshMaxColdStart}).
     */
    void account(Connection c, ProbeRun run, long holdMs, int sign) throws SQLException {
        String target = run.target();
        Deltas deltas = new Deltas();
        LocalDate day = utcDay(run.startedAt());
        deltas.add(day, "run_count", sign);
        deltas.add(day, run.outcome().wire() + "_count", sign);
        PhaseTimings phases = run.completedPhases(); // a failed phase's time is not the platform's speed
        if (phases.buildMs() != null) {
            deltas.add(day, "build_count", sign);
            deltas.add(day, "sum_build_ms", sign * phases.buildMs());
        }
        if (phases.deployMs() != null) {
            deltas.add(day, "deploy_count", sign);
            deltas.add(day, "sum_deploy_ms", sign * phases.deployMs());
        }
        if (phases.coldStartMs() != null) {
            deltas.add(day, "cold_start_count", sign);
            deltas.add(day, "sum_cold_start_ms", sign * phases.coldStartMs());
        }
        Double raiseMaxColdStart = sign > 0 ? phases.coldStartMs() : null;
        if (run.warm() != null) {
            deltas.add(day, "warm_count", sign);
            deltas.add(day, "sum_warm_p95_ms", sign * run.warm().p95Ms());
        }
        addToHistograms(c, run, sign);

        Held self = new Held(run.startedAt(), run.outcome(), holdMs);
        Optional<Held> prev = neighbour(c, run, true);
        Optional<Held> next = neighbour(c, run, false);
        if (prev.isPresent() && next.isPresent()) {
            weigh(deltas, prev.get(), next.get().start(), -sign);
        }
        if (prev.isPresent()) {
            weigh(deltas, prev.get(), run.startedAt(), sign);
        }
        if (next.isPresent()) {
            weigh(deltas, self, next.get().start(), sign);
        }
        for (Map.Entry<LocalDate, Map<String, Number>> d : deltas.byDay.entrySet()) {
            addToRollup(c, target, d.getKey(), d.getValue(), d.getKey().equals(day) ? raiseMaxColdStart : null);
        }
    }

    /** The changes of one {@link #account}, summed per day and column. */
    private static final class Deltas {
        final Map<LocalDate, Map<String, Number>> byDay = new TreeMap<>();

        void add(LocalDate day, String column, Number delta) {
            byDay.computeIfAbsent(day, d -> new LinkedHashMap<>()).merge(column, delta, Deltas::sum);
        }

        /** Integral columns stay integral (counts, milliseconds held); sums of timings are doubles. */
        private static Number sum(Number a, Number b) {
            if (a instanceof Double || b instanceof Double) {
                return a.doubleValue() + b.doubleValue();
            }
            return a.longValue() + b.longValue();
        }
    }

    /**
     * A maximum cannot be un-added; recomputed from the day's runs (one index range). Completed
     * cold starts only, as in {@link #account}.
     */
    void refreshMaxColdStart(Connection c, String target, LocalDate day) throws SQLException {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Jdbc.update(c, "UPDATE daily_rollups SET max_cold_start_ms = COALESCE("
                + "(SELECT MAX(cold_start_ms) FROM probe_runs WHERE target = ? AND outcome <> ? "
                + "AND started_at >= ? AND started_at < ? AND (failure_phase IS NULL OR failure_phase <> ?)), 0) "
                + "WHERE target = ? AND utc_day = ?",
                target, RUNNING, from, from.plus(1, ChronoUnit.DAYS), Phase.COLD_START.wire(), target, day);
    }

    /** The target's rollups for UTC days {@code from..to} inclusive (see {@link RunStore#rollups}). */
    List<DailyRollup> read(Connection c, String target, LocalDate from, LocalDate to) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM daily_rollups WHERE target = ? AND utc_day >= ? AND utc_day <= ? "
                        // a row whose only run was stored again on another day holds nothing
                        + "AND (run_count <> 0 OR success_ms + degraded_ms + failed_ms + aborted_ms + skipped_ms <> 0) "
                        + "ORDER BY target, utc_day",
                rs -> new DailyRollup(rs.getString("target"), rs.getObject("utc_day", LocalDate.class),
                        rs.getInt("run_count"), rs.getInt("success_count"), rs.getInt("degraded_count"),
                        rs.getInt("failed_count"), rs.getInt("aborted_count"), rs.getInt("skipped_count"),
                        rs.getLong("success_ms"), rs.getLong("degraded_ms"), rs.getLong("failed_ms"),
                        rs.getLong("aborted_ms"), rs.getLong("skipped_ms"),
                        rs.getInt("build_count"), rs.getDouble("sum_build_ms"),
                        rs.getInt("deploy_count"), rs.getDouble("sum_deploy_ms"),
                        rs.getInt("cold_start_count"), rs.getDouble("sum_cold_start_ms"), rs.getDouble("max_cold_start_ms"),
                        rs.getInt("warm_count"), rs.getDouble("sum_warm_p95_ms")),
                target, from, to);
    }

    /** A finished run's outcome holding from its start for at most {@code holdMs}. */
    private record Held(Instant start, Outcome outcome, long holdMs) {}

    /**
     * The target's finished run just before (or after) {@code run} in (started_at, id) order,
     * itself excluded. Ordered by the whole index key, target first, so that H2 walks the index
     * from {@code run}'s position instead of sorting the target's runs.
     */
    private Optional<Held> neighbour(Connection c, ProbeRun run, boolean before) throws SQLException {
        String sql = before ? BEFORE : AFTER;
        // Runs starting in the same microsecond as this one come first in the range; a few more
        // rows than those and itself find the neighbour.
        for (int limit = 4; ; limit *= 4) {
            List<Object[]> rows = Jdbc.query(c, sql, rs -> new Object[] {Jdbc.instant(rs, "started_at"), rs.getString("id"),
                    rs.getString("outcome"), rs.getLong("hold_ms")}, run.target(), run.startedAt(), RUNNING, limit);
            for (Object[] row : rows) {
                Instant start = (Instant) row[0];
                int byId = ((String) row[1]).compareTo(run.id());
                boolean beyond = start.equals(run.startedAt()) ? (before ? byId < 0 : byId > 0) : true;
                if (beyond) {
                    return Optional.of(new Held(start, Outcome.fromWire((String) row[2]), (Long) row[3]));
                }
            }
            if (rows.size() < limit) {
                return Optional.empty();
            }
        }
    }

    /**
     * Adds {@code sign ×} the time {@code held}'s outcome holds until {@code until} (capped at
     * its hold; the rest is no-data) to its outcome's time on each UTC day the time falls on.
     */
    private static void weigh(Deltas deltas, Held held, Instant until, int sign) {
        Instant capped = held.start().plusMillis(held.holdMs());
        Instant end = until.isBefore(capped) ? until : capped;
        String column = held.outcome().wire() + "_ms";
        for (LocalDate day = utcDay(held.start()); ; day = day.plusDays(1)) {
            Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!dayStart.isBefore(end)) {
                break;
            }
            Instant dayEnd = dayStart.plus(1, ChronoUnit.DAYS);
            Instant from = held.start().isAfter(dayStart) ? held.start() : dayStart;
            Instant to = end.isBefore(dayEnd) ? end : dayEnd;
            long ms = Duration.between(from, to).toMillis();
            if (ms > 0) {
                deltas.add(day, column, (long) sign * ms);
            }
        }
    }

    /**
     * {@code column += delta} for each entry (at least one) on the (target, day) rollup, and its
     * cold-start maximum raised to {@code maxColdStart} unless null; the row is created first if it is
     * missing (the target's lock keeps another writer from creating it meanwhile).
     */
    private void addToRollup(Connection c, String target, LocalDate day, Map<String, Number> deltas, Double maxColdStart)
            throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE daily_rollups SET ");
        List<Object> params = new ArrayList<>();
        for (Map.Entry<String, Number> delta : deltas.entrySet()) {
            if (!params.isEmpty()) {
                sql.append(", ");
            }
            // Column names come from this class (outcome wire names), never from callers.
            sql.append(delta.getKey()).append(" = ").append(delta.getKey()).append(" + ?");
            params.add(delta.getValue());
        }
        if (maxColdStart != null) {
            sql.append(", max_cold_start_ms = GREATEST(max_cold_start_ms, ?)");
            params.add(maxColdStart);
        }
        sql.append(" WHERE target = ? AND utc_day = ?");
        params.add(target);
        params.add(day);
        if (Jdbc.update(c, sql.toString(), params.toArray()) == 0) {
            Jdbc.insertIfAbsent(c, vendor, "daily_rollups", new String[] {"target", "utc_day"}, target, day);
            Jdbc.update(c, sql.toString(), params.toArray());
        }
    }

    /**
     * Adds (or takes out) the run's latency figures to its start day's histograms (see
     * LatencyHistogram): one read of the day's histograms, then one batch of updates and one of
     * inserts (under the target's lock, no one else adds a row of this target meanwhile).
     */
    private static void addToHistograms(Connection c, ProbeRun run, int sign) throws SQLException {
        LocalDate day = utcDay(run.startedAt());
        Map<String, String> stored = new HashMap<>();
        for (String[] row : Jdbc.query(c, "SELECT figure, buckets FROM daily_latency_histograms WHERE target = ? AND utc_day = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, run.target(), day)) {
            stored.put(row[0], row[1]);
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE daily_latency_histograms SET buckets = ? WHERE target = ? AND utc_day = ? AND figure = ?");
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO daily_latency_histograms (buckets, target, utc_day, figure) VALUES (?, ?, ?, ?)")) {
            for (LatencyFigure figure : LatencyFigure.values()) {
                Double value = figure.of(run);
                if (value == null) {
                    continue;
                }
                String text = stored.get(figure.wire());
                LatencyHistogram h = new LatencyHistogram();
                if (text != null) {
                    h.addText(text);
                }
                if (sign > 0) {
                    h.add(value);
                } else {
                    h.remove(value);
                }
                PreparedStatement ps = text != null ? update : insert;
                Jdbc.bind(ps, h.toText(), run.target(), day, figure.wire());
                ps.addBatch();
            }
            update.executeBatch(); // an empty batch runs nothing
            insert.executeBatch();
        }
    }

    static LocalDate utcDay(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
