package dev.shipwatch.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The one copy of the JDBC plumbing every store uses: transactions, binding, typed nulls, instants. */
final class Jdbc {
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** A SQL NULL of a given type: a bare null does not tell the driver the column type (PostgreSQL needs it). */
    record TypedNull(int sqlType) {}

    static final TypedNull NULL_INSTANT = new TypedNull(Types.TIMESTAMP_WITH_TIMEZONE);
    static final TypedNull NULL_TEXT = new TypedNull(Types.VARCHAR);
    static final TypedNull NULL_DOUBLE = new TypedNull(Types.DOUBLE);
    static final TypedNull NULL_INT = new TypedNull(Types.INTEGER);

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in one transaction; a failure rolls back and becomes a {@link StoreException} naming {@code operation}. */
    <T> T inTransaction(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + operation + ": " + e.getMessage(), e);
        }
    }

    static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, values);
            return ps.executeUpdate();
        }
    }

    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, values);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.read(rs));
                }
                return out;
            }
        }
    }

    /**
     * Binds {@code values} from index 1: instants as UTC at microsecond precision (what both H2
     * and PostgreSQL keep), {@link TypedNull}s as typed NULLs, a bare null as a text NULL.
     */
    static void bind(PreparedStatement ps, Object... values) throws SQLException {
        bindFrom(ps, 1, values);
    }

    /** {@link #bind} from {@code index}; returns the next free index. */
    static int bindFrom(PreparedStatement ps, int index, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof Instant instant) {
                ps.setObject(index + i, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
            } else if (v instanceof TypedNull n) {
                ps.setNull(index + i, n.sqlType());
            } else if (v == null) {
                ps.setNull(index + i, Types.VARCHAR);
            } else {
                ps.setObject(index + i, v);
            }
        }
        return index + values.length;
    }

    /** {@code value}, or a NULL of {@code type} when it is null. */
    static Object orNull(Object value, TypedNull type) {
        return value == null ? type : value;
    }

    static Object instantOrNull(Instant t) {
        return orNull(t, NULL_INSTANT);
    }

    static Object textOrNull(String s) {
        return orNull(s, NULL_TEXT);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs, rs.findColumn(column));
    }

    static Double dbl(ResultSet rs, String column) throws SQLException {
        return dbl(rs, rs.findColumn(column));
    }

    /** The instant in the column at {@code position}, or null. */
    static Instant instant(ResultSet rs, int position) throws SQLException {
        OffsetDateTime value = rs.getObject(position, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The number in the column at {@code position}, or null (not 0) for a SQL NULL. */
    static Double dbl(ResultSet rs, int position) throws SQLException {
        double value = rs.getDouble(position);
        return rs.wasNull() ? null : value;
    }

    /** The precision both databases keep. */
    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code (?, ?, ?)} for an IN list of {@code n} values. */
    static String placeholders(int n) {
        return "(" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }

    /** Inserts a row of key columns unless it exists; the only statement that differs by vendor. */
    static void insertIfAbsent(Connection c, Vendor vendor, String table, String[] keys, Object... values) throws SQLException {
        String columns = String.join(", ", keys);
        String marks = String.join(", ", Collections.nCopies(keys.length, "?"));
        String sql = switch (vendor) {
            case H2 -> "MERGE INTO " + table + " (" + columns + ") KEY (" + columns + ") VALUES (" + marks + ")";
            case POSTGRESQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ") ON CONFLICT DO NOTHING";
        };
        update(c, sql, values);
    }
}
