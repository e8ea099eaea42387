package dev.shipwatch.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@link RunStore} over JDBC, portable between H2 and PostgreSQL.
 *
 * <p>Every write to one target first locks that target's {@code run_targets} row, so the
 * previous and next runs the time-weighting reads cannot change under it; writers of
 * different targets touch disjoint rollup rows and never wait for each other.
 *
 * <p>Each stored run contributes to the rollups: counts and sums on the UTC day it started,
 * and time from its start to the next finished run's start (capped at its hold) to its
 * outcome. Inserting a run R between P and N replaces P's interval to N with P→R plus R→N;
 * removing it does the reverse, so runs may land in any order (an aborted run recorded at
 * the next start lands after later runs of other nodes).
 */
final class JdbcRunStore implements RunStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcRunStore.class);
    static final String ABORTED_MESSAGE = "the monitor stopped during the run";
    private static final String RUNNING = Outcome.RUNNING.wire();
    private static final TypeReference<List<SloBreach>> BREACHES = new TypeReference<>() {};

    /** The columns a run's result sets, in the order {@link #bindResult} binds them; id and node are set at insert. */
    private static final String[] RESULT_COLUMNS = {
            "target", "platform", "component", "started_at", "finished_at", "outcome", "hold_ms",
            "failure_phase", "failure_class", "failure_message",
            "build_ms", "deploy_ms", "cold_start_ms", "teardown_ms",
            "fr_dns_ms", "fr_connect_ms", "fr_tls_ms", "fr_ttfb_ms", "fr_transfer_ms", "fr_total_ms", "fr_status",
            "warm_count", "warm_p50_ms", "warm_p95_ms", "warm_p99_ms", "warm_max_ms",
            "wl_fs_ops_per_s", "wl_cpu_ms", "wl_outbound_ms", "nonce_verified", "canary_started_at", "slo_breaches"};
    private static final String RUN_COLUMNS = "id, node, " + String.join(", ", RESULT_COLUMNS);

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Vendor vendor;
    private final ObjectMapper json = new ObjectMapper();

    JdbcRunStore(DataSource dataSource, Vendor vendor) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.vendor = vendor;
    }

    @Override
    public void started(RunStarted run) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(run.maxHold(), () -> "maxHold of run " + run.id());
        inTransaction("record the start of run " + run.id() + " of target " + run.target(), c -> {
            insertIfAbsent(c, "run_targets", new String[] {"target"}, run.target());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO probe_runs "
                    + "(id, target, platform, component, node, started_at, outcome, hold_ms, nonce_verified) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
                ps.setString(1, run.id());
                ps.setString(2, run.target());
                ps.setString(3, run.platform());
                ps.setString(4, run.component());
                ps.setString(5, run.node());
                setInstant(ps, 6, run.startedAt());
                ps.setString(7, RUNNING);
                ps.setLong(8, run.maxHold().toMillis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void finished(ProbeRun run, Duration maxHold) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(maxHold, () -> "maxHold of run " + run.id());
        if (run.outcome() == null || run.outcome() == Outcome.RUNNING) {
            throw new IllegalArgumentException("run " + run.id() + " of target " + run.target()
                    + " has outcome " + run.outcome() + ": a finished run needs a final outcome");
        }
        ProbeRun stored = normalised(run);
        long holdMs = maxHold.toMillis();
        inTransaction("record finished run " + run.id() + " of target " + run.target(), c -> {
            lockTarget(c, stored.target());
            Optional<StoredRun> existing = select(c, "SELECT " + RUN_COLUMNS + " FROM probe_runs WHERE id = ? FOR UPDATE", stored.id())
                    .stream().findFirst();
            if (existing.isPresent()) {
                StoredRun old = existing.get();
                if (!old.run().target().equals(stored.target())) {
                    throw new StoreException("run " + stored.id() + " belongs to target " + old.run().target()
                            + ", not " + stored.target());
                }
                if (old.run().outcome() != Outcome.RUNNING) {
                    // Stored twice: take the first version out of the rollups before the second goes in.
                    account(c, old.run(), old.holdMs(), -1);
                }
                updateResult(c, stored, holdMs);
                if (old.run().outcome() != Outcome.RUNNING) {
                    refreshMaxColdStart(c, stored.target(), utcDay(old.run().startedAt()));
                }
            } else {
                insertFinished(c, stored, holdMs);
            }
            account(c, stored, holdMs, +1);
            refreshMaxColdStart(c, stored.target(), utcDay(stored.startedAt()));
            return null;
        });
    }

    @Override
    public List<ProbeRun> abortUnfinished(String node, Instant now) {
        Objects.requireNonNull(node, "node");
        Instant finishedAt = micros(Objects.requireNonNull(now, "now"));
        List<ProbeRun> aborted = inTransaction("abort the unfinished runs of node " + node, c -> {
            TreeSet<String> targets = new TreeSet<>();
            for (StoredRun r : select(c, "SELECT " + RUN_COLUMNS + " FROM probe_runs WHERE node = ? AND outcome = ?", node, RUNNING)) {
                targets.add(r.run().target());
            }
            // Sorted, so two nodes aborting at once cannot deadlock on each other's targets.
            for (String target : targets) {
                lockTarget(c, target);
            }
            List<ProbeRun> changed = new ArrayList<>();
            for (StoredRun r : select(c, "SELECT " + RUN_COLUMNS + " FROM probe_runs WHERE node = ? AND outcome = ? "
                    + "ORDER BY started_at, id FOR UPDATE", node, RUNNING)) {
                ProbeRun was = r.run();
                ProbeRun run = new ProbeRun(was.id(), was.target(), was.platform(), was.component(), was.startedAt(),
                        finishedAt, Outcome.ABORTED, new Failure(null, FailureClass.ABORTED, ABORTED_MESSAGE),
                        was.phases(), was.firstRequest(), was.warm(), was.workload(), was.nonceVerified(),
                        was.canaryStartedAt(), was.breaches());
                updateResult(c, run, r.holdMs());
                account(c, run, r.holdMs(), +1);
                refreshMaxColdStart(c, run.target(), utcDay(run.startedAt()));
                changed.add(run);
            }
            return changed;
        });
        if (!aborted.isEmpty()) {
            log.info("Recorded {} unfinished run(s) of node {} as aborted: {}", aborted.size(), node,
                    aborted.stream().map(ProbeRun::id).toList());
        }
        return aborted;
    }

    @Override
    public Optional<ProbeRun> find(String runId) {
        return inTransaction("find run " + runId, c ->
                select(c, "SELECT " + RUN_COLUMNS + " FROM probe_runs WHERE id = ?", runId)
                        .stream().findFirst().map(StoredRun::run));
    }

    @Override
    public Optional<ProbeRun> latest(String target) {
        return recent(target, 1).stream().findFirst();
    }

    @Override
    public List<ProbeRun> recent(String target, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return inTransaction("read the recent runs of target " + target, c ->
                runs(select(c, "SELECT " + RUN_COLUMNS + " FROM probe_runs WHERE target = ? AND outcome <> ? "
                        + "ORDER BY started_at DESC, id DESC LIMIT ?", target, RUNNING, limit)));
    }

    @Override
    public List<ProbeRun> between(String target, Instant from, Instant to) {
        return inTransaction("read the runs of target " + target + " between " + from + " and " + to, c ->
                runs(select(c, "SELECT " + RUN_COLUMNS + " FROM probe_runs WHERE target = ? AND outcome <> ? "
                        + "AND started_at >= ? AND started_at < ? ORDER BY started_at, id", target, RUNNING, from, to)));
    }

    @Override
    public List<DailyRollup> rollups(String target, LocalDate from, LocalDate to) {
        return inTransaction("read the daily rollups of target " + target + " from " + from + " to " + to, c -> {
            List<DailyRollup> rollups = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM daily_rollups WHERE target = ? "
                    + "AND utc_day >= ? AND utc_day <= ? "
                    // a row whose only run was stored again on another day holds nothing
                    + "AND (run_count <> 0 OR success_ms + degraded_ms + failed_ms + aborted_ms + skipped_ms <> 0) "
                    + "ORDER BY utc_day")) {
                bind(ps, target, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rollups.add(new DailyRollup(rs.getString("target"), rs.getObject("utc_day", LocalDate.class),
                                rs.getInt("run_count"), rs.getInt("success_count"), rs.getInt("degraded_count"),
                                rs.getInt("failed_count"), rs.getInt("aborted_count"), rs.getInt("skipped_count"),
                                rs.getLong("success_ms"), rs.getLong("degraded_ms"), rs.getLong("failed_ms"),
                                rs.getLong("aborted_ms"), rs.getLong("skipped_ms"),
                                rs.getInt("build_count"), rs.getDouble("sum_build_ms"),
                                rs.getInt("deploy_count"), rs.getDouble("sum_deploy_ms"),
                                rs.getInt("cold_start_count"), rs.getDouble("sum_cold_start_ms"), rs.getDouble("max_cold_start_ms"),
                                rs.getInt("warm_count"), rs.getDouble("sum_warm_p95_ms")));
                    }
                }
            }
            return rollups;
        });
    }

    @Override
    public List<String> targets() {
        return inTransaction("list the targets", c -> {
            List<String> targets = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT target FROM run_targets ORDER BY target");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    targets.add(rs.getString(1));
                }
            }
            return targets;
        });
    }

    // --- rollups -------------------------------------------------------------------------

    /** Adds ({@code sign = +1}) or removes ({@code -1}) one finished run's share of the rollups. */
    private void account(Connection c, ProbeRun run, long holdMs, int sign) throws SQLException {
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

    /** A finished run's outcome holding from its start for at most {@code holdMs}. */
    private record Held(Instant start, Outcome outcome, long holdMs) {}

    /** The target's finished run just before (or after) {@code run} in (started_at, id) order, itself excluded. */
    private Optional<Held> neighbour(Connection c, ProbeRun run, boolean before) throws SQLException {
        String sql = before
                ? "SELECT started_at, outcome, hold_ms FROM probe_runs WHERE target = ? AND outcome <> ? AND id <> ? "
                  + "AND (started_at < ? OR (started_at = ? AND id < ?)) ORDER BY started_at DESC, id DESC LIMIT 1"
                : "SELECT started_at, outcome, hold_ms FROM probe_runs WHERE target = ? AND outcome <> ? AND id <> ? "
                  + "AND (started_at > ? OR (started_at = ? AND id > ?)) ORDER BY started_at, id LIMIT 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, run.target(), RUNNING, run.id(), run.startedAt(), run.startedAt(), run.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Held(instant(rs, "started_at"), Outcome.fromWire(rs.getString("outcome")), rs.getLong("hold_ms")));
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
        insertIfAbsent(c, "daily_rollups", new String[] {"target", "utc_day"}, target, day);
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
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, params.toArray());
            ps.executeUpdate();
        }
    }

    /** Adds (or takes out) the run's latency figures to its start day's histograms (see LatencyHistogram). */
    private void addToHistograms(Connection c, ProbeRun run, int sign) throws SQLException {
        LocalDate day = utcDay(run.startedAt());
        for (LatencyFigure figure : LatencyFigure.values()) {
            Double value = figure.of(run);
            if (value == null) {
                continue;
            }
            insertIfAbsent(c, "daily_latency_histograms", new String[] {"target", "utc_day", "figure"}, run.target(), day,
                    figure.wire());
            LatencyHistogram h = new LatencyHistogram();
            try (PreparedStatement ps = c.prepareStatement("SELECT buckets FROM daily_latency_histograms "
                    + "WHERE target = ? AND utc_day = ? AND figure = ?")) {
                bind(ps, run.target(), day, figure.wire());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        h.addText(rs.getString(1));
                    }
                }
            }
            if (sign > 0) {
                h.add(value);
            } else {
                h.remove(value);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE daily_latency_histograms SET buckets = ? "
                    + "WHERE target = ? AND utc_day = ? AND figure = ?")) {
                bind(ps, h.toText(), run.target(), day, figure.wire());
                ps.executeUpdate();
            }
        }
    }

    /**
     * A maximum cannot be un-added; recomputed from the day's runs (one index range). Completed
     * cold starts only, as in {@link #account}.
     */
    private void refreshMaxColdStart(Connection c, String target, LocalDate day) throws SQLException {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        try (PreparedStatement ps = c.prepareStatement("UPDATE daily_rollups SET max_cold_start_ms = COALESCE("
                + "(SELECT MAX(cold_start_ms) FROM probe_runs WHERE target = ? AND outcome <> ? "
                + "AND started_at >= ? AND started_at < ? AND (failure_phase IS NULL OR failure_phase <> ?)), 0) "
                + "WHERE target = ? AND utc_day = ?")) {
            bind(ps, target, RUNNING, from, from.plus(1, ChronoUnit.DAYS), Phase.COLD_START.wire(), target, day);
            ps.executeUpdate();
        }
    }

    /** Creates the target's row if needed and locks it until the transaction ends. */
    private void lockTarget(Connection c, String target) throws SQLException {
        insertIfAbsent(c, "run_targets", new String[] {"target"}, target);
        try (PreparedStatement ps = c.prepareStatement("SELECT target FROM run_targets WHERE target = ? FOR UPDATE")) {
            ps.setString(1, target);
            ps.executeQuery().close();
        }
    }

    /** Inserts a row of key columns unless it exists; the only statement that differs by vendor. */
    private void insertIfAbsent(Connection c, String table, String[] keys, Object... values) throws SQLException {
        String columns = String.join(", ", keys);
        String marks = String.join(", ", Collections.nCopies(keys.length, "?"));
        String sql = switch (vendor) {
            case H2 -> "MERGE INTO " + table + " (" + columns + ") KEY (" + columns + ") VALUES (" + marks + ")";
            case POSTGRESQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ") ON CONFLICT DO NOTHING";
        };
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, values);
            ps.executeUpdate();
        }
    }

    // --- rows ----------------------------------------------------------------------------

    /** A run as stored, with the hold the rollups use. */
    private record StoredRun(ProbeRun run, long holdMs) {}

    private void insertFinished(Connection c, ProbeRun run, long holdMs) throws SQLException {
        String columns = "id, " + String.join(", ", RESULT_COLUMNS);
        String marks = String.join(", ", Collections.nCopies(RESULT_COLUMNS.length + 1, "?"));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO probe_runs (" + columns + ") VALUES (" + marks + ")")) {
            ps.setString(1, run.id());
            bindResult(ps, 2, run, holdMs);
            ps.executeUpdate();
        }
    }

    private void updateResult(Connection c, ProbeRun run, long holdMs) throws SQLException {
        String sets = String.join(" = ?, ", RESULT_COLUMNS) + " = ?";
        try (PreparedStatement ps = c.prepareStatement("UPDATE probe_runs SET " + sets + " WHERE id = ?")) {
            int next = bindResult(ps, 1, run, holdMs);
            ps.setString(next, run.id());
            ps.executeUpdate();
        }
    }

    /** Binds {@link #RESULT_COLUMNS} in order from {@code index}; returns the next free index. */
    private int bindResult(PreparedStatement ps, int index, ProbeRun run, long holdMs) throws SQLException {
        Failure failure = run.failure();
        PhaseTimings phases = run.phases();
        FirstRequest first = run.firstRequest();
        WarmStats warm = run.warm();
        Workload workload = run.workload();
        Object[] values = {
                run.target(), run.platform(), run.component(), run.startedAt(), run.finishedAt(), run.outcome().wire(), holdMs,
                failure == null || failure.phase() == null ? null : failure.phase().wire(),
                failure == null || failure.failureClass() == null ? null : failure.failureClass().wire(),
                failure == null ? null : failure.message(),
                phases.buildMs(), phases.deployMs(), phases.coldStartMs(), phases.teardownMs(),
                first == null ? null : first.dnsMs(), first == null ? null : first.connectMs(),
                first == null ? null : first.tlsMs(), first == null ? null : first.ttfbMs(),
                first == null ? null : first.transferMs(), first == null ? null : first.totalMs(),
                first == null ? null : first.status(),
                warm == null ? null : warm.count(), warm == null ? null : warm.p50Ms(), warm == null ? null : warm.p95Ms(),
                warm == null ? null : warm.p99Ms(), warm == null ? null : warm.maxMs(),
                workload.fsOpsPerS(), workload.cpuMs(), workload.outboundMs(),
                run.nonceVerified(), run.canaryStartedAt(), breachesJson(run),
        };
        // Nulls need their SQL type on PostgreSQL; the columns line up with RESULT_COLUMNS.
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            String column = RESULT_COLUMNS[i];
            if (value == null) {
                ps.setNull(index + i, nullType(column));
            } else {
                bindOne(ps, index + i, value);
            }
        }
        return index + values.length;
    }

    private static int nullType(String column) {
        if (column.endsWith("_ms") || column.equals("wl_fs_ops_per_s")) {
            return Types.DOUBLE;
        }
        if (column.endsWith("_at")) {
            return Types.TIMESTAMP_WITH_TIMEZONE;
        }
        if (column.equals("fr_status") || column.equals("warm_count")) {
            return Types.INTEGER;
        }
        return Types.VARCHAR;
    }

    private String breachesJson(ProbeRun run) {
        if (run.breaches().isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(run.breaches());
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write the SLO breaches of run " + run.id() + " as JSON", e);
        }
    }

    private List<StoredRun> select(Connection c, String sql, Object... params) throws SQLException {
        List<StoredRun> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoredRun(read(rs), rs.getLong("hold_ms")));
                }
            }
        }
        return rows;
    }

    private static List<ProbeRun> runs(List<StoredRun> rows) {
        return rows.stream().map(StoredRun::run).toList();
    }

    private ProbeRun read(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String phase = rs.getString("failure_phase");
        String failureClass = rs.getString("failure_class");
        String message = rs.getString("failure_message");
        Failure failure = phase == null && failureClass == null && message == null ? null
                : new Failure(phase == null ? null : Phase.fromWire(phase),
                        failureClass == null ? null : FailureClass.fromWire(failureClass), message);
        Double total = dbl(rs, "fr_total_ms");
        FirstRequest first = total == null ? null : new FirstRequest(dbl(rs, "fr_dns_ms"), dbl(rs, "fr_connect_ms"),
                dbl(rs, "fr_tls_ms"), dbl(rs, "fr_ttfb_ms"), dbl(rs, "fr_transfer_ms"), total, rs.getInt("fr_status"));
        int warmCount = rs.getInt("warm_count");
        WarmStats warm = rs.wasNull() ? null : new WarmStats(warmCount, rs.getDouble("warm_p50_ms"),
                rs.getDouble("warm_p95_ms"), rs.getDouble("warm_p99_ms"), rs.getDouble("warm_max_ms"));
        String breaches = rs.getString("slo_breaches");
        List<SloBreach> breachList;
        try {
            breachList = breaches == null ? List.of() : json.readValue(breaches, BREACHES);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot read the SLO breaches of run " + id + ": " + e.getOriginalMessage(), e);
        }
        return new ProbeRun(id, rs.getString("target"), rs.getString("platform"), rs.getString("component"),
                instant(rs, "started_at"), instant(rs, "finished_at"), Outcome.fromWire(rs.getString("outcome")), failure,
                new PhaseTimings(dbl(rs, "build_ms"), dbl(rs, "deploy_ms"), dbl(rs, "cold_start_ms"), dbl(rs, "teardown_ms")),
                first, warm,
                new Workload(dbl(rs, "wl_fs_ops_per_s"), dbl(rs, "wl_cpu_ms"), dbl(rs, "wl_outbound_ms")),
                rs.getBoolean("nonce_verified"), instant(rs, "canary_started_at"), breachList);
    }

    // --- JDBC plumbing -------------------------------------------------------------------

    private <T> T inTransaction(String operation, Jdbc.Work<T> work) {
        return jdbc.inTransaction(operation, work);
    }

    private static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            bindOne(ps, i + 1, values[i]);
        }
    }

    private static void bindOne(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof Instant instant) {
            setInstant(ps, index, instant);
        } else {
            ps.setObject(index, value);
        }
    }

    /** UTC, truncated to microseconds: the precision both H2 and PostgreSQL keep. */
    private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Double dbl(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static LocalDate utcDay(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The run as it will read back: instants at microsecond precision. */
    private static ProbeRun normalised(ProbeRun run) {
        return new ProbeRun(run.id(), run.target(), run.platform(), run.component(), micros(run.startedAt()),
                micros(run.finishedAt()), run.outcome(), run.failure(), run.phases(), run.firstRequest(), run.warm(),
                run.workload(), run.nonceVerified(), micros(run.canaryStartedAt()), run.breaches());
    }
}
