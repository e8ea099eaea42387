package dev.shipwatch.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link AlertStore} over JDBC, portable between H2 2.x and PostgreSQL (both know
 * {@code FOR UPDATE SKIP LOCKED}).
 */
final class JdbcAlertStore implements AlertStore {
    private static final String STATE_COLUMNS = "dedup_key, kind, subject, is_open, severity, opened_at, summary, "
            + "last_action, last_event_at, count_from, version";
    private static final String OUTBOX_COLUMNS = "id, dedup_key, action, payload, status, created_at, attempts, "
            + "next_attempt_at, last_error, sent_at";
    private static final int MAX_ERROR = 2000;
    private static final String PENDING = OutboxStatus.PENDING.wire();
    /** A pending row that is due and is the oldest pending row of its dedup key; binds pending, now, pending. */
    private static final String DUE_HEAD = "o.status = ? AND o.next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM alert_outbox p "
            + "WHERE p.dedup_key = o.dedup_key AND p.status = ? AND p.id < o.id)";
    private static final int CLAIM_CANDIDATES = 8;
    /** PagerDuty counts events per minute. */
    private static final java.time.Duration BUDGET_WINDOW = java.time.Duration.ofMinutes(1);

    private final Jdbc jdbc;
    private final Durability durability;

    JdbcAlertStore(DataSource dataSource, Durability durability) {
        this.jdbc = new Jdbc(dataSource);
        this.durability = durability;
    }

    @Override
    public Optional<AlertState> state(String dedupKey) {
        return inTransaction("read the alert state of " + dedupKey, c ->
                states(c, "SELECT " + STATE_COLUMNS + " FROM alert_state WHERE dedup_key = ?", dedupKey).stream().findFirst());
    }

    @Override
    public List<AlertState> open() {
        return inTransaction("list the open alerts", c ->
                states(c, "SELECT " + STATE_COLUMNS + " FROM alert_state WHERE is_open = TRUE ORDER BY opened_at, dedup_key"));
    }

    @Override
    public boolean change(AlertState next, long expectedVersion, OutboxMessage message, Instant now) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(now, "now");
        if (message != null && !message.dedupKey().equals(next.dedupKey())) {
            throw new IllegalArgumentException("outbox event for " + message.dedupKey() + " with the state of " + next.dedupKey());
        }
        return inTransaction("change the alert state of " + next.dedupKey(), c -> {
            Object[] values = {next.kind(), next.subject(), next.open(), next.severity(), Jdbc.instantOrNull(next.openedAt()), next.summary(),
                    next.lastAction(), Jdbc.instantOrNull(next.lastEventAt()), Jdbc.instantOrNull(next.countFrom()), expectedVersion + 1, next.dedupKey()};
            int changed;
            if (expectedVersion == 0) {
                // Two nodes inserting the first row for one subject: the second fails on the key.
                if (!states(c, "SELECT " + STATE_COLUMNS + " FROM alert_state WHERE dedup_key = ?", next.dedupKey()).isEmpty()) {
                    return false;
                }
                try {
                    changed = Jdbc.update(c, "INSERT INTO alert_state (kind, subject, is_open, severity, opened_at, summary, "
                            + "last_action, last_event_at, count_from, version, dedup_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
                } catch (SQLException e) {
                    if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                        c.rollback();
                        return false;
                    }
                    throw e;
                }
            } else {
                Object[] withVersion = new Object[values.length + 1];
                System.arraycopy(values, 0, withVersion, 0, values.length);
                withVersion[values.length] = expectedVersion;
                changed = Jdbc.update(c, "UPDATE alert_state SET kind = ?, subject = ?, is_open = ?, severity = ?, opened_at = ?, "
                        + "summary = ?, last_action = ?, last_event_at = ?, count_from = ?, version = ? "
                        + "WHERE dedup_key = ? AND version = ?", withVersion);
            }
            if (changed != 1) {
                c.rollback();
                return false;
            }
            if (message != null) {
                Jdbc.update(c, "INSERT INTO alert_outbox (dedup_key, action, payload, status, created_at, attempts, next_attempt_at) "
                        + "VALUES (?, ?, ?, ?, ?, 0, ?)", message.dedupKey(), message.action(), message.payload(), PENDING, now, now);
            }
            return true;
        });
    }

    @Override
    public Sent deliverNext(Instant now, int perMinute, Function<OutboxEntry, Delivery> attempt) {
        Objects.requireNonNull(attempt, "attempt");
        return inTransaction("deliver the next alert event", c -> {
            Optional<OutboxEntry> claimed = claim(c, now);
            if (claimed.isEmpty()) {
                return Sent.NONE_DUE;
            }
            if (!reserve(now, perMinute)) {
                c.rollback(); // the claim goes back: the event is sent when the budget has room
                return Sent.BUDGET_SPENT;
            }
            OutboxEntry entry = claimed.get();
            // An event must never be sent and then forgotten: everything committed (this event
            // included) reaches the database's files before it goes out.
            durability.sync();
            Delivery result = Objects.requireNonNull(attempt.apply(entry), "delivery result");
            Jdbc.update(c, "UPDATE alert_outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, "
                            + "sent_at = ? WHERE id = ?",
                    result.status().wire(),
                    result.status() == OutboxStatus.PENDING ? result.at() : entry.nextAttemptAt(),
                    trim(result.error()),
                    Jdbc.instantOrNull(result.status() == OutboxStatus.SENT ? result.at() : null),
                    entry.id());
            return Sent.ONE;
        });
    }

    /**
     * Takes one attempt of the minute's budget, for every node: in a short transaction of its
     * own, under the one lock of the budget (the claim's transaction is held while the event is
     * sent). A reservation stays counted whatever the send does: PagerDuty may have seen it.
     */
    private boolean reserve(Instant now, int perMinute) {
        if (perMinute == Integer.MAX_VALUE) {
            return true;
        }
        return inTransaction("take from the alert budget", c -> {
            Jdbc.query(c, "SELECT id FROM alert_budget WHERE id = 1 FOR UPDATE", rs -> null);
            Jdbc.update(c, "DELETE FROM alert_sends WHERE sent_at <= ?", now.minus(BUDGET_WINDOW));
            long spent = Jdbc.query(c, "SELECT COUNT(*) FROM alert_sends", rs -> rs.getLong(1)).get(0);
            if (spent >= perMinute) {
                return false;
            }
            Jdbc.update(c, "INSERT INTO alert_sends (sent_at) VALUES (?)", now);
            return true;
        });
    }

    @Override
    public Optional<Instant> budgetFreesAt(Instant now) {
        return inTransaction("read the alert budget", c -> Jdbc.query(c, "SELECT MIN(sent_at) FROM alert_sends WHERE sent_at > ?",
                rs -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                now.minus(BUDGET_WINDOW)).get(0).map(t -> t.plus(BUDGET_WINDOW)));
    }

    @Override
    public int pruneSent(Instant before) {
        return inTransaction("prune the sent alert events", c -> Jdbc.update(c,
                "DELETE FROM alert_outbox WHERE status = ? AND sent_at < ?", OutboxStatus.SENT.wire(), before));
    }

    /**
     * Locks the oldest due event that no other sender holds. A row of a key whose older row is
     * still pending is not eligible, even when that older row is locked by another sender: events
     * of one dedup key never overtake each other. Candidates are read first and then locked one by
     * one: H2 applies {@code LIMIT} before skipping locked rows, so a single
     * {@code ... LIMIT 1 FOR UPDATE SKIP LOCKED} would find nothing while another sender holds the
     * first row.
     */
    private static Optional<OutboxEntry> claim(Connection c, Instant now) throws SQLException {
        List<Long> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT o.id FROM alert_outbox o WHERE " + DUE_HEAD
                + " ORDER BY o.id LIMIT " + CLAIM_CANDIDATES)) {
            Jdbc.bind(ps, PENDING, now, PENDING);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(rs.getLong(1));
                }
            }
        }
        for (long id : candidates) {
            // Checked again under the lock: another sender may have sent it since it was read.
            List<OutboxEntry> locked = entries(c, "SELECT " + OUTBOX_COLUMNS + " FROM alert_outbox o WHERE o.id = ? AND "
                    + DUE_HEAD + " FOR UPDATE SKIP LOCKED", id, PENDING, now, PENDING);
            if (!locked.isEmpty()) {
                return Optional.of(locked.get(0));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Instant> nextDue() {
        return inTransaction("find the next due alert event", c -> {
            // Only the oldest pending row of each key can be sent next.
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(o.next_attempt_at) FROM alert_outbox o WHERE o.status = ? "
                    + "AND NOT EXISTS (SELECT 1 FROM alert_outbox p WHERE p.dedup_key = o.dedup_key AND p.status = ? AND p.id < o.id)")) {
                Jdbc.bind(ps, PENDING, PENDING);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    OffsetDateTime due = rs.getObject(1, OffsetDateTime.class);
                    return Optional.ofNullable(due).map(OffsetDateTime::toInstant);
                }
            }
        });
    }

    @Override
    public OutboxCounts counts() {
        return inTransaction("count the alert events", c -> {
            long pending = 0, failed = 0, sent = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM alert_outbox GROUP BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switch (OutboxStatus.fromWire(rs.getString(1))) {
                        case PENDING -> pending = rs.getLong(2);
                        case FAILED -> failed = rs.getLong(2);
                        case SENT -> sent = rs.getLong(2);
                    }
                }
            }
            return new OutboxCounts(pending, failed, sent);
        });
    }

    @Override
    public List<OutboxEntry> outbox(OutboxStatus status, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return inTransaction("list the " + status.wire() + " alert events", c ->
                entries(c, "SELECT " + OUTBOX_COLUMNS + " FROM alert_outbox WHERE status = ? ORDER BY id DESC LIMIT ?",
                        status.wire(), limit));
    }

    // --- rows ----------------------------------------------------------------------------

    private static List<AlertState> states(Connection c, String sql, Object... params) throws SQLException {
        List<AlertState> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AlertState(rs.getString("dedup_key"), rs.getString("kind"), rs.getString("subject"),
                            rs.getBoolean("is_open"), rs.getString("severity"), Jdbc.instant(rs, "opened_at"), rs.getString("summary"),
                            rs.getString("last_action"), Jdbc.instant(rs, "last_event_at"), Jdbc.instant(rs, "count_from"),
                            rs.getLong("version")));
                }
            }
        }
        return rows;
    }

    private static List<OutboxEntry> entries(Connection c, String sql, Object... params) throws SQLException {
        List<OutboxEntry> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxEntry(rs.getLong("id"), rs.getString("dedup_key"), rs.getString("action"),
                            rs.getString("payload"), OutboxStatus.fromWire(rs.getString("status")), Jdbc.instant(rs, "created_at"),
                            rs.getInt("attempts"), Jdbc.instant(rs, "next_attempt_at"), rs.getString("last_error"),
                            Jdbc.instant(rs, "sent_at")));
                }
            }
        }
        return rows;
    }

    private static String trim(String error) {
        return dev.shipwatch.config.Texts.cut(error, MAX_ERROR);
    }

    // --- JDBC plumbing -------------------------------------------------------------------

    private <T> T inTransaction(String operation, Jdbc.Work<T> work) {
        return jdbc.inTransaction(operation, work);
    }

}
