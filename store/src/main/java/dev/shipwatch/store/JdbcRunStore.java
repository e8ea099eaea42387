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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 * different targets touch disjoint rollup rows and never wait for each other. The rollups
 * themselves are {@link Rollups}'. A start and a finish are durable when they return
 * ({@link Durability}).
 *
 * <p>Reads of a target's runs order by the whole {@code (target, started_at, id)} index key, so
 * that H2 walks the index instead of sorting the target's history.
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
            "wl_fs_ops_per_s", "wl_cpu_ms", "wl_outbound_ms", "nonce_verified", "canary_started_at", "slo_breaches",
            // V30, V31
            "wl_fs_open_read_per_s", "wl_fs_stat_missing_per_s", "wl_fs_create_fsync_per_s", "wl_fs_list_per_s",
            "wl_out_dns_ms", "wl_out_connect_ms", "wl_out_tls_ms", "wl_out_ttfb_ms", "shifts"};
    private static final String RUN_COLUMNS = "id, node, location, " + String.join(", ", RESULT_COLUMNS);
    /**
     * Each column's 1-based position in a row of {@code SELECT RUN_COLUMNS}: rows are read by
     * position, because H2 upper-cases a column's name on every lookup by name (48 a row).
     */
    private static final Map<String, Integer> POSITION = positions(RUN_COLUMNS.split(", "));
    /** A platform's newest finished runs; binds platform, {@code running}, limit. */
    static final String RECENT_ON_PLATFORM = "SELECT " + RUN_COLUMNS + " FROM probe_runs WHERE platform = ? AND outcome <> ? "
            + "ORDER BY platform DESC, started_at DESC, id DESC LIMIT ?";
    /** A target's newest finished runs; binds target, {@code running}, limit. */
    static final String RECENT = "SELECT " + RUN_COLUMNS + " FROM probe_runs WHERE target = ? AND outcome <> ? "
            + "ORDER BY target DESC, started_at DESC, id DESC LIMIT ?";

    private final Jdbc jdbc;
    private final Vendor vendor;
    private final Durability durability;
    private final Rollups rollups;
    private final ObjectMapper json = new ObjectMapper();

    private final Changes changes;

    JdbcRunStore(DataSource dataSource, Vendor vendor, Durability durability, Changes changes) {
        this.jdbc = new Jdbc(dataSource);
        this.vendor = vendor;
        this.durability = durability;
        this.changes = changes;
        this.rollups = new Rollups(vendor);
    }

    @Override
    public void started(RunStarted run) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(run.maxHold(), () -> "maxHold of run " + run.id());
        inTransaction("record the start of run " + run.id() + " of target " + run.target(), c -> {
            Jdbc.insertIfAbsent(c, vendor, "run_targets", new String[] {"target"}, run.target());
            Jdbc.update(c, "INSERT INTO probe_runs (id, target, platform, component, node, started_at, outcome, hold_ms, "
                            + "nonce_verified, scheduled_at, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)",
                    run.id(), run.target(), Jdbc.textOrNull(run.platform()), Jdbc.textOrNull(run.component()),
                    Jdbc.textOrNull(run.node()), run.startedAt(), RUNNING, run.maxHold().toMillis(),
                    Jdbc.instantOrNull(run.scheduledAt()), Jdbc.textOrNull(run.location()));
            return null;
        });
        durability.sync();
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
            // Its target and outcome decide what follows; the whole row is read only when it was
            // stored finished before (rare), to take that version out of the rollups.
            List<String[]> existing = Jdbc.query(c, "SELECT target, outcome FROM probe_runs WHERE id = ? FOR UPDATE",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, stored.id());
            if (!existing.isEmpty()) {
                String oldTarget = existing.get(0)[0];
                if (!oldTarget.equals(stored.target())) {
                    throw new StoreException("run " + stored.id() + " belongs to target " + oldTarget + ", not " + stored.target());
                }
                StoredRun old = RUNNING.equals(existing.get(0)[1]) ? null
                        : select(c, "SELECT " + RUN_COLUMNS + " FROM probe_runs WHERE id = ?", stored.id()).get(0);
                if (old != null) {
                    // Stored twice: take the first version out of the rollups before the second goes in.
                    rollups.account(c, old.run(), old.holdMs(), -1);
                }
                updateResult(c, stored, holdMs);
                if (old != null) {
                    rollups.refreshMaxColdStart(c, stored.target(), Rollups.utcDay(old.run().startedAt()));
                }
            } else {
                insertFinished(c, stored, holdMs);
            }
            rollups.account(c, stored, holdMs, +1);
            changes.send(c, Changes.run(stored.target()));
            return null;
        });
        durability.sync();
        changes.committed(Changes.run(stored.target()));
    }

    @Override
    public List<ProbeRun> abortUnfinished(String node, Instant now) {
        Objects.requireNonNull(node, "node");
        Instant finishedAt = Jdbc.micros(Objects.requireNonNull(now, "now"));
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
                        was.canaryStartedAt(), was.breaches(), was.shifts(), was.location());
                updateResult(c, run, r.holdMs());
                rollups.account(c, run, r.holdMs(), +1);
                changes.send(c, Changes.run(run.target()));
                changed.add(run);
            }
            return changed;
        });
        if (!aborted.isEmpty()) {
            log.info("Recorded {} unfinished run(s) of node {} as aborted: {}", aborted.size(), node,
                    aborted.stream().map(ProbeRun::id).toList());
            aborted.stream().map(ProbeRun::target).distinct().forEach(t -> changes.committed(Changes.run(t)));
        }
        return aborted;
    }

    @Override
    public List<ProbeRun> unfinished(String node) {
        return inTransaction("read the unfinished runs of node " + node, c -> runs(select(c, "SELECT " + RUN_COLUMNS
                + " FROM probe_runs WHERE node = ? AND outcome = ? ORDER BY started_at, id", node, RUNNING)));
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
                runs(select(c, RECENT, target, RUNNING, limit)));
    }

    @Override
    public List<ProbeRun> recentOnPlatform(String platform, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return inTransaction("read the recent runs on platform " + platform, c ->
                runs(select(c, RECENT_ON_PLATFORM, platform, RUNNING, limit)));
    }

    @Override
    public List<ProbeRun> between(String target, Instant from, Instant to) {
        return inTransaction("read the runs of target " + target + " between " + from + " and " + to, c ->
                runs(select(c, "SELECT " + RUN_COLUMNS + " FROM probe_runs WHERE target = ? AND outcome <> ? "
                        + "AND started_at >= ? AND started_at < ? ORDER BY target, started_at, id", target, RUNNING, from, to)));
    }

    @Override
    public List<DailyRollup> rollups(String target, LocalDate from, LocalDate to) {
        return inTransaction("read the daily rollups of target " + target + " from " + from + " to " + to,
                c -> rollups.read(c, target, from, to));
    }

    @Override
    public List<String> targets() {
        return inTransaction("list the targets", c -> Jdbc.query(c, "SELECT target FROM run_targets ORDER BY target",
                rs -> rs.getString(1)));
    }

    /** Locks the target's row until the transaction ends, creating it first if it is missing (rare: its run's start made it). */
    private void lockTarget(Connection c, String target) throws SQLException {
        if (Jdbc.query(c, LOCK_TARGET, rs -> null, target).isEmpty()) {
            Jdbc.insertIfAbsent(c, vendor, "run_targets", new String[] {"target"}, target);
            Jdbc.query(c, LOCK_TARGET, rs -> null, target);
        }
    }

    private static final String LOCK_TARGET = "SELECT target FROM run_targets WHERE target = ? FOR UPDATE";

    // --- rows ----------------------------------------------------------------------------

    /** A run as stored, with the hold the rollups use. */
    private record StoredRun(ProbeRun run, long holdMs) {}

    private void insertFinished(Connection c, ProbeRun run, long holdMs) throws SQLException {
        // A finish without a stored start (tests, imports): the location comes with the run. Otherwise it was set at the start.
        String columns = "id, location, " + String.join(", ", RESULT_COLUMNS);
        String marks = String.join(", ", Collections.nCopies(RESULT_COLUMNS.length + 2, "?"));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO probe_runs (" + columns + ") VALUES (" + marks + ")")) {
            ps.setString(1, run.id());
            ps.setString(2, run.location());
            bindResult(ps, 3, run, holdMs);
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
                workload.fs().openReadPerS(), workload.fs().statMissingPerS(), workload.fs().createFsyncPerS(),
                workload.fs().listPerS(), workload.outbound().dnsMs(), workload.outbound().connectMs(),
                workload.outbound().tlsMs(), workload.outbound().ttfbMs(), ShiftsJson.write(run.shifts()),
        };
        // Nulls need their SQL type on PostgreSQL; the columns line up with RESULT_COLUMNS.
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                values[i] = nullType(RESULT_COLUMNS[i]);
            }
        }
        return Jdbc.bindFrom(ps, index, values);
    }

    private static Jdbc.TypedNull nullType(String column) {
        if (column.endsWith("_ms") || column.endsWith("_per_s")) {
            return Jdbc.NULL_DOUBLE;
        }
        if (column.endsWith("_at")) {
            return Jdbc.NULL_INSTANT;
        }
        if (column.equals("fr_status") || column.equals("warm_count")) {
            return Jdbc.NULL_INT;
        }
        return Jdbc.NULL_TEXT;
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
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoredRun(read(rs), rs.getLong(at("hold_ms"))));
                }
            }
        }
        return rows;
    }

    private static List<ProbeRun> runs(List<StoredRun> rows) {
        return rows.stream().map(StoredRun::run).toList();
    }

    private ProbeRun read(ResultSet rs) throws SQLException {
        String id = rs.getString(at("id"));
        String phase = rs.getString(at("failure_phase"));
        String failureClass = rs.getString(at("failure_class"));
        String message = rs.getString(at("failure_message"));
        Failure failure = phase == null && failureClass == null && message == null ? null
                : new Failure(phase == null ? null : Phase.fromWire(phase),
                        failureClass == null ? null : FailureClass.fromWire(failureClass), message);
        Double total = Jdbc.dbl(rs, at("fr_total_ms"));
        FirstRequest first = total == null ? null : new FirstRequest(Jdbc.dbl(rs, at("fr_dns_ms")),
                Jdbc.dbl(rs, at("fr_connect_ms")), Jdbc.dbl(rs, at("fr_tls_ms")), Jdbc.dbl(rs, at("fr_ttfb_ms")),
                Jdbc.dbl(rs, at("fr_transfer_ms")), total, rs.getInt(at("fr_status")));
        int warmCount = rs.getInt(at("warm_count"));
        WarmStats warm = rs.wasNull() ? null : new WarmStats(warmCount, rs.getDouble(at("warm_p50_ms")),
                rs.getDouble(at("warm_p95_ms")), rs.getDouble(at("warm_p99_ms")), rs.getDouble(at("warm_max_ms")));
        String breaches = rs.getString(at("slo_breaches"));
        List<SloBreach> breachList;
        try {
            breachList = breaches == null ? List.of() : json.readValue(breaches, BREACHES);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot read the SLO breaches of run " + id + ": " + e.getOriginalMessage(), e);
        }
        return new ProbeRun(id, rs.getString(at("target")), rs.getString(at("platform")), rs.getString(at("component")),
                Jdbc.instant(rs, at("started_at")), Jdbc.instant(rs, at("finished_at")), Outcome.fromWire(rs.getString(at("outcome"))),
                failure, new PhaseTimings(Jdbc.dbl(rs, at("build_ms")), Jdbc.dbl(rs, at("deploy_ms")),
                        Jdbc.dbl(rs, at("cold_start_ms")), Jdbc.dbl(rs, at("teardown_ms"))),
                first, warm,
                new Workload(Jdbc.dbl(rs, at("wl_fs_ops_per_s")), Jdbc.dbl(rs, at("wl_cpu_ms")), Jdbc.dbl(rs, at("wl_outbound_ms")),
                        new FsProfile(Jdbc.dbl(rs, at("wl_fs_open_read_per_s")), Jdbc.dbl(rs, at("wl_fs_stat_missing_per_s")),
                                Jdbc.dbl(rs, at("wl_fs_create_fsync_per_s")), Jdbc.dbl(rs, at("wl_fs_list_per_s"))),
                        new OutboundTimings(Jdbc.dbl(rs, at("wl_out_dns_ms")), Jdbc.dbl(rs, at("wl_out_connect_ms")),
                                Jdbc.dbl(rs, at("wl_out_tls_ms")), Jdbc.dbl(rs, at("wl_out_ttfb_ms")))),
                rs.getBoolean(at("nonce_verified")), Jdbc.instant(rs, at("canary_started_at")), breachList,
                ShiftsJson.read(rs.getString(at("shifts")), id), rs.getString(at("location")));
    }

    private static Map<String, Integer> positions(String[] columns) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < columns.length; i++) {
            m.put(columns[i], i + 1);
        }
        return Map.copyOf(m);
    }

    /** The position of {@code column} in a row of {@code SELECT RUN_COLUMNS}. */
    private static int at(String column) {
        Integer i = POSITION.get(column);
        if (i == null) {
            throw new IllegalArgumentException("no column " + column + " among " + RUN_COLUMNS);
        }
        return i;
    }

    private <T> T inTransaction(String operation, Jdbc.Work<T> work) {
        return jdbc.inTransaction(operation, work);
    }

    /** The run as it will read back: instants at microsecond precision. */
    private static ProbeRun normalised(ProbeRun run) {
        return new ProbeRun(run.id(), run.target(), run.platform(), run.component(), Jdbc.micros(run.startedAt()),
                Jdbc.micros(run.finishedAt()), run.outcome(), run.failure(), run.phases(), run.firstRequest(), run.warm(),
                run.workload(), run.nonceVerified(), Jdbc.micros(run.canaryStartedAt()), run.breaches(),
                run.shifts().stream().map(f -> new FigureShift(f.figure(), f.factor(), Jdbc.micros(f.since()), f.baselineMedian(),
                        f.recentMedian(), f.baselineRuns(), f.recentRuns())).toList(), run.location());
    }
}
