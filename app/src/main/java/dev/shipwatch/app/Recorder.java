package dev.shipwatch.app;

import dev.shipwatch.prober.RunObserver;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import dev.shipwatch.store.RunStore;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Stores a run as it starts and when it ends, then tells whoever shows results and alerting.
 * One instance per run: it remembers the hold the run started with. Alerting hears of every
 * finished run even when storing it failed (a database outage must still page if it can).
 */
final class Recorder implements RunObserver {
    private final RunStore runs;
    private final UnaryOperator<ProbeRun> beforeStore;
    private final Runnable afterStore;
    private final Consumer<ProbeRun> alerting;
    private Duration maxHold;
    private volatile ProbeRun recorded;

    Recorder(RunStore runs, Runnable afterStore) {
        this(runs, afterStore, run -> { });
    }

    /** @param alerting told of every finished run; must not throw */
    Recorder(RunStore runs, Runnable afterStore, Consumer<ProbeRun> alerting) {
        this(runs, UnaryOperator.identity(), afterStore, alerting);
    }

    /** @param beforeStore adds to the finished run what is stored with it (the regression detector's shifts); must not throw */
    Recorder(RunStore runs, UnaryOperator<ProbeRun> beforeStore, Runnable afterStore, Consumer<ProbeRun> alerting) {
        this.runs = runs;
        this.beforeStore = beforeStore;
        this.afterStore = afterStore;
        this.alerting = alerting;
    }

    /** The finished run as it was stored and handed on (with its shifts); null before it finished. */
    ProbeRun recorded() {
        return recorded;
    }

    @Override
    public void started(RunStarted run) {
        maxHold = run.maxHold();
        runs.started(run);
    }

    @Override
    public void finished(ProbeRun finished) {
        ProbeRun run = beforeStore.apply(finished);
        recorded = run;
        try {
            runs.finished(run, maxHold);
            afterStore.run();
        } finally {
            alerting.accept(run);
        }
    }
}
