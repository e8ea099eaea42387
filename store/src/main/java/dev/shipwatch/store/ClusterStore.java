package dev.shipwatch.store;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who the nodes sharing this database are. A node name belongs to one live process at a time:
 * {@link #claim} takes it with a random token, {@link #heartbeat} keeps it. Which nodes are alive
 * is Quartz's to say: its clustered job store checks every scheduler in ({@code QRTZ_SCHEDULER_STATE},
 * the scheduler's instance id being the node name) and recovers the work of one that stopped.
 */
public final class ClusterStore {
    /** What Quartz adds to a node's check-in interval before it counts the node as failed. */
    static final Duration QUARTZ_MARGIN = Duration.ofMillis(7_500);

    /** A node that has not beaten for this long has stopped (it beats every 5 s); its name is free. */
    public static final Duration BEAT_EXPIRES = Duration.ofSeconds(15);

    /**
     * A node as the cluster sees it.
     *
     * @param scheduler the Quartz scheduler it checks in with; null when it has no check-in (yet)
     */
    public record Member(String node, String host, String location, Instant startedAt, Instant heartbeatAt,
                         String scheduler, Instant lastCheckIn, Duration checkInInterval) {
        /**
         * Quartz's own rule where the node checks in (clustered, PostgreSQL): alive until an
         * interval plus 7.5 s after its last check-in (Quartz then recovers its work and deletes
         * its row at another node's next check-in). Without a check-in (H2, or a node that has not
         * checked in yet, or one Quartz recovered): while its heartbeat is fresh.
         */
        public boolean alive(Instant now) {
            if (lastCheckIn != null) {
                return !now.isAfter(lastCheckIn.plus(checkInInterval).plus(QUARTZ_MARGIN));
            }
            return beating(now);
        }

        /** Whether its own heartbeat is fresh. */
        public boolean beating(Instant now) {
            return heartbeatAt != null && !now.isAfter(heartbeatAt.plus(BEAT_EXPIRES));
        }
    }

    /** The holder of a node name found at {@link #claim}. */
    public record Holder(String node, String token, String host, Instant startedAt, Instant heartbeatAt) {}

    private final Jdbc jdbc;
    private final Vendor vendor;

    ClusterStore(DataSource dataSource, Vendor vendor) {
        this.jdbc = new Jdbc(dataSource);
        this.vendor = vendor;
    }

    /** Who holds {@code node} now, if anyone ever did. */
    public Optional<Holder> holder(String node) {
        return jdbc.inTransaction("read the holder of node name " + node, c -> Jdbc.query(c,
                "SELECT node, token, host, started_at, heartbeat_at FROM cluster_nodes WHERE node = ?",
                rs -> new Holder(rs.getString("node"), rs.getString("token"), rs.getString("host"),
                        Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "heartbeat_at")), node).stream().findFirst());
    }

    /**
     * Takes {@code node} for this process ({@code token}), whoever held it before (the caller
     * checked). Two processes claiming a name no one held at the same moment: one of them fails
     * here (the name's primary key), and says so.
     */
    public void claim(String node, String token, String host, String location, Instant now) {
        jdbc.inTransaction("claim node name " + node, c -> {
            if (Jdbc.update(c, "UPDATE cluster_nodes SET token = ?, host = ?, location = ?, started_at = ?, heartbeat_at = ? "
                    + "WHERE node = ?", token, Jdbc.textOrNull(host), Jdbc.textOrNull(location), now, now, node) == 0) {
                try {
                    Jdbc.update(c, "INSERT INTO cluster_nodes (node, token, host, location, started_at, heartbeat_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)", node, token, Jdbc.textOrNull(host), Jdbc.textOrNull(location), now, now);
                } catch (java.sql.SQLException e) {
                    if ("23505".equals(e.getSQLState())) {
                        throw new StoreException("node name " + node + " was claimed by another process at the same moment", e);
                    }
                    throw e;
                }
            }
            return null;
        });
    }

    /** Keeps {@code node}'s name for {@code token}; false when another process holds it now. */
    public boolean heartbeat(String node, String token, Instant now) {
        return jdbc.inTransaction("heartbeat of node " + node, c ->
                Jdbc.update(c, "UPDATE cluster_nodes SET heartbeat_at = ? WHERE node = ? AND token = ?", now, node, token) == 1);
    }

    /** Gives {@code node}'s name up (its heartbeat set long past), if {@code token} still holds it. */
    public void release(String node, String token) {
        jdbc.inTransaction("release node name " + node, c ->
                Jdbc.update(c, "UPDATE cluster_nodes SET heartbeat_at = ? WHERE node = ? AND token = ?", Instant.EPOCH, node, token));
    }

    /**
     * Every node known to the cluster: those that claimed a name, and those Quartz has a check-in
     * of (normally the same; one scheduler per node), by name.
     */
    public List<Member> members() {
        return jdbc.inTransaction("read the cluster's members", c -> {
            Map<String, Member> byName = new LinkedHashMap<>();
            for (Member m : Jdbc.query(c, "SELECT node, host, location, started_at, heartbeat_at FROM cluster_nodes ORDER BY node",
                    rs -> new Member(rs.getString("node"), rs.getString("host"), rs.getString("location"),
                            Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "heartbeat_at"), null, null, null))) {
                byName.put(m.node(), m);
            }
            for (Object[] s : Jdbc.query(c, "SELECT INSTANCE_NAME, SCHED_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL "
                    + "FROM QRTZ_SCHEDULER_STATE ORDER BY INSTANCE_NAME",
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)})) {
                String name = (String) s[0];
                Member known = byName.get(name);
                Instant checkIn = Instant.ofEpochMilli((Long) s[2]);
                Duration interval = Duration.ofMillis((Long) s[3]);
                byName.put(name, known == null ? new Member(name, null, null, null, null, (String) s[1], checkIn, interval)
                        : new Member(name, known.host(), known.location(), known.startedAt(), known.heartbeatAt(), (String) s[1],
                        checkIn, interval));
            }
            return new ArrayList<>(byName.values());
        });
    }

    /** The nodes with runs still marked running. */
    public List<String> nodesWithUnfinishedRuns() {
        return jdbc.inTransaction("find the nodes with unfinished runs", c -> Jdbc.query(c,
                "SELECT DISTINCT node FROM probe_runs WHERE outcome = ? AND node IS NOT NULL", rs -> rs.getString(1),
                Outcome.RUNNING.wire()));
    }

    /** How many runs each node started since {@code since}. */
    public Map<String, Long> runsByNode(Instant since) {
        return jdbc.inTransaction("count the runs by node", c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (Object[] row : Jdbc.query(c, "SELECT node, COUNT(*) FROM probe_runs WHERE started_at >= ? AND node IS NOT NULL "
                    + "GROUP BY node ORDER BY node", rs -> new Object[] {rs.getString(1), rs.getLong(2)}, since)) {
                out.put((String) row[0], (Long) row[1]);
            }
            return out;
        });
    }
}
