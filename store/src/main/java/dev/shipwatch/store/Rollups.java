package dev.shipwatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Adds ({@code sign = +1}) or removes ({@code -1}) one finished run's share of the rollups. */
    void account(Connection c, ProbeRun run, long holdMs, int sign) throws SQLException {
        String target = run.target();
        Map<String, Number> counts = new LinkedHashMap<>();
        counts.put("run_count", sign);
        counts.put(run.outcome().wire() + "_count", sign);
        PhaseTimings phases = run.completedPhases(); // a failed phase's time is not the platform's speed
        if (phases.buildMs() != null) {
            counts.put("build_count", sign);
            counts.put("sum_build_ms", sign * phases.buildMs());
        }
        if (phases.deployMs() != null) {
            counts.put("deploy_count", sign);
            counts.put("sum_deploy_ms", sign * phases.deployMs());
        }
        if (phases.coldStartMs() != null) {
            counts.put("cold_start_count", sign);
            counts.put("sum_cold_start_ms", sign * phases.coldStartMs());
        }
        if (run.warm() != null) {
            counts.put("warm_count", sign);
            counts.put("sum_warm_p95_ms", sign * run.warm().p95Ms());
        }
        addToRollup(c, target, utcDay(run.startedAt()), counts);
        addToHistograms(c, run, sign);

        Held self = new Held(run.startedAt(), run.outcome(), holdMs);
        Optional<Held> prev = neighbour(c, run, true);
        Optional<Held> next = neighbour(c, run, false);
        if (prev.isPresent() && next.isPresent()) {
            weigh(c, target, prev.get(), next.get().start(), -sign);
        }
        if (prev.isPresent()) {
            weigh(c, target, prev.get(), run.startedAt(), sign);
        }
        if (next.isPresent()) {
            weigh(c, target, self, next.get().start(), sign);
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
    private void weigh(Connection c, String target, Held held, Instant until, int sign) throws SQLException {
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
                addToRollup(c, target, day, Map.of(column, (long) sign * ms));
            }
        }
    }

    /** {@code column += delta} for each entry on the (target, day) rollup, creating the row first. */
    private void addToRollup(Connection c, String target, LocalDate day, Map<String, Number> deltas) throws SQLException {
        Jdbc.insertIfAbsent(c, vendor, "daily_rollups", new String[] {"target", "utc_day"}, target, day);
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
        sql.append(" WHERE target = ? AND utc_day = ?");
        params.add(target);
        params.add(day);
        Jdbc.update(c, sql.toString(), params.toArray());
    }

    /** Adds (or takes out) the run's latency figures to its start day's histograms (see LatencyHistogram). */
    private void addToHistograms(Connection c, ProbeRun run, int sign) throws SQLException {
        LocalDate day = utcDay(run.startedAt());
        for (LatencyFigure figure : LatencyFigure.values()) {
            Double value = figure.of(run);
            if (value == null) {
                continue;
            }
            Jdbc.insertIfAbsent(c, vendor, "daily_latency_histograms", new String[] {"target", "utc_day", "figure"},
                    run.target(), day, figure.wire());
            LatencyHistogram h = new LatencyHistogram();
            for (String text : Jdbc.query(c, "SELECT buckets FROM daily_latency_histograms WHERE target = ? AND utc_day = ? "
                    + "AND figure = ?", rs -> rs.getString(1), run.target(), day, figure.wire())) {
                h.addText(text);
            }
            if (sign > 0) {
                h.add(value);
            } else {
                h.remove(value);
            }
            Jdbc.update(c, "UPDATE daily_latency_histograms SET buckets = ? WHERE target = ? AND utc_day = ? AND figure = ?",
                    h.toText(), run.target(), day, figure.wire());
        }
    }

    static LocalDate utcDay(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
