package dev.shipwatch.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Alert state per subject and the durable outbox of alert events. Implementations are
 * thread-safe and safe for several nodes on one database; every method runs in its own
 * transaction.
 */
public interface AlertStore {
    /** The JDBC store of {@code db} (same pool and schema as its runs). */
    static AlertStore of(Database db) {
        return new JdbcAlertStore(db.dataSource(), db.durability());
    }

    Optional<AlertState> state(String dedupKey);

    /** Every open alert, oldest first. */
    List<AlertState> open();

    /**
     * Stores {@code next} (with version {@code expectedVersion + 1}) and, when {@code message}
     * is not null, appends it to the outbox as {@code pending} — in one transaction, so that a
     * state change never exists without its event, nor an event without its state change.
     *
     * @param expectedVersion the version the decision was made on; 0 when there was no row
     * @return false, changing nothing, when the stored version is no longer {@code expectedVersion}
     *         (another node or thread changed the state first: read it again and decide again)
     */
    boolean change(AlertState next, long expectedVersion, OutboxMessage message, Instant now);

    /** What {@link #deliverNext(Instant, int, Function)} did. */
    enum Sent {
        /** One event was attempted and its result stored. */
        ONE,
        /** No event was due. */
        NONE_DUE,
        /** The budget of the last minute is spent: nothing goes out until {@link #budgetFreesAt}. */
        BUDGET_SPENT
    }

    /**
     * Claims the oldest due {@code pending} event whose dedup key has no older pending event
     * (so events of one key go out in order), with {@code FOR UPDATE SKIP LOCKED} so that other
     * senders skip it; passes it to {@code attempt} and stores the returned result, in one
     * transaction. The lock is held while {@code attempt} runs: keep it bounded (timeouts).
     * If {@code attempt} throws, the event stays as it was.
     *
     * <p>At most {@code perMinute} attempts go out in any 60 s, counted across every node on this
     * database (PagerDuty's limit is per routing key): senders take turns deciding, under a lock.
     */
    Sent deliverNext(Instant now, int perMinute, Function<OutboxEntry, Delivery> attempt);

    /** {@link #deliverNext(Instant, int, Function)} without a budget; false when no event was due. */
    default boolean deliverNext(Instant now, Function<OutboxEntry, Delivery> attempt) {
        return deliverNext(now, Integer.MAX_VALUE, attempt) == Sent.ONE;
    }

    /** When the oldest attempt of the last minute leaves the budget; empty when none was made in it. */
    Optional<Instant> budgetFreesAt(Instant now);

    /** Deletes events sent before {@code before} (their alert states stay); returns how many. */
    int pruneSent(Instant before);

    /** When the earliest pending event is due (maybe in the past); empty when none is pending. */
    Optional<Instant> nextDue();

    OutboxCounts counts();

    /** Events with {@code status}, newest first. */
    List<OutboxEntry> outbox(OutboxStatus status, int limit);
}
