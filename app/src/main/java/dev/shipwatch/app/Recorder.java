package dev.shipwatch.app;

import dev.shipwatch.prober.RunObserver;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import dev.shipwatch.store.RunStore;
import java.time.Duration;

/**
 * Stores a run as it starts and when it ends, then tells whoever shows results. One instance
 * per run: it remembers the hold the run started with.
 */
final class Recorder implements RunObserver {
    private final RunStore runs;
    private final Runnable afterStore;
    private Duration maxHold;

    Recorder(RunStore runs, Runnable afterStore) {
        this.runs = runs;
        this.afterStore = afterStore;
    }

    @Override
    public void started(RunStarted run) {
        maxHold = run.maxHold();
        runs.started(run);
    }

    @Override
    public void finished(ProbeRun run) {
        runs.finished(run, maxHold);
        afterStore.run();
    }
}
