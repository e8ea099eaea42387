package dev.shipwatch.app;

import dev.shipwatch.prober.RunObserver;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import dev.shipwatch.store.RunStore;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Stores a run as it starts and when it ends, then tells whoever shows results and alerting.
 * One instance per run: it remembers the hold the run started with. Alerting hears of every
 * finished run even when storing it failed (a database outage must still page if it can).
 */
final class Recorder implements RunObserver {
    private final RunStore runs;
    private final Runnable afterStore;
    private final Consumer<ProbeRun> alerting;
    private Duration maxHold;

    Recorder(RunStore runs, Runnable afterStore) {
        this(runs, afterStore, run -> { });
    }

    /** @param alerting told of every finished run; must not throw */
    Recorder(RunStore runs, Runnable afterStore, Consumer<ProbeRun> alerting) {
        this.runs = runs;
        this.afterStore = afterStore;
        this.alerting = alerting;
    }

    @Override
    public void started(RunStarted run) {
        maxHold = run.maxHold();
        runs.started(run);
    }

    @Override
    public void finished(ProbeRun run) {
        try {
            runs.finished(run, maxHold);
            afterStore.run();
        } finally {
            alerting.accept(run);
        }
    }
}
