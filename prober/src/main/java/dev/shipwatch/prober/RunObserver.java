package dev.shipwatch.prober;

import dev.shipwatch.store.Phase;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;

/**
 * Hears about a run as it progresses. Called on the run's thread; an observer that throws is
 * logged and does not stop the run or the other observers (a database outage must still page).
 */
public interface RunObserver {
    default void started(RunStarted run) {}

    /** A phase completed (or failed) after {@code ms} milliseconds. */
    default void phaseDone(RunStarted run, Phase phase, double ms, boolean ok) {}

    default void finished(ProbeRun run) {}
}
