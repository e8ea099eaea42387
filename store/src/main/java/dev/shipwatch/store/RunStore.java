package dev.shipwatch.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Stored probe runs and their daily rollups. Implementations are thread-safe; every method
 * runs in its own transaction.
 */
public interface RunStore {
    /** Records a run as {@code running}. */
    void started(RunStarted run);

    /**
     * Stores a finished run (replacing its {@code running} row, or inserting it when there is
     * none) and updates the daily rollups in the same transaction.
     *
     * @param maxHold how long this run's outcome may hold before the time after it counts as
     *                no-data (twice the target's schedule interval)
     */
    void finished(ProbeRun run, Duration maxHold);

    /**
     * Marks every run still {@code running} on {@code node} as {@code aborted} (failure class
     * {@code aborted}, finished at {@code now}, rollups updated with the hold stored at start);
     * returns the runs it changed.
     */
    List<ProbeRun> abortUnfinished(String node, Instant now);

    /** The runs still marked {@code running} on {@code node}, oldest first. */
    List<ProbeRun> unfinished(String node);

    Optional<ProbeRun> find(String runId);

    /** The target's most recent finished run. */
    Optional<ProbeRun> latest(String target);

    /** The target's most recent finished runs, newest first. */
    List<ProbeRun> recent(String target, int limit);

    /** The newest finished runs on a platform (its type), of any target, newest first. */
    List<ProbeRun> recentOnPlatform(String platform, int limit);

    /** The target's finished runs that started in {@code [from, to)}, oldest first. */
    List<ProbeRun> between(String target, Instant from, Instant to);

    /**
     * The target's rollups for UTC days {@code from..to} inclusive, oldest first; days without
     * runs are absent, except a day that only holds time of a run started the day before
     * (it has {@code runs == 0} and outcome time).
     */
    List<DailyRollup> rollups(String target, LocalDate from, LocalDate to);

    /** Every target name that has at least one run. */
    List<String> targets();
}
