package dev.shipwatch.app;

import dev.shipwatch.prober.RunObserver;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a run as it starts and ends, on the run's own thread: it is stored (durable
 * before the canary is deployed, and again when it ends) and alerting hears of it. The pages of
 * every node learn of it from the store ({@code Changes}) and re-render on their own thread: the
 * run never waits for a page. One instance per run:
 * it remembers the hold the run started with. Alerting hears of every finished run even when
 * storing it failed (the run is kept and written later; a database outage must still page).
 */
final class Recorder implements RunObserver {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private final RunWriter writer;
    private final UnaryOperator<ProbeRun> beforeStore;
    private final Consumer<ProbeRun> alerting;
    private Duration maxHold;
    private volatile ProbeRun recorded;

    /** A recorder that stores and tells no one (the command line's probe). */
    Recorder(RunWriter writer) {
        this(writer, UnaryOperator.identity(), run -> { });
    }

    /**
     * @param beforeStore adds to the finished run what is stored with it (the regression detector's shifts); must not throw
     * @param alerting    told of every finished run; must not throw
     */
    Recorder(RunWriter writer, UnaryOperator<ProbeRun> beforeStore, Consumer<ProbeRun> alerting) {
        this.writer = writer;
        this.beforeStore = beforeStore;
        this.alerting = alerting;
    }

    /** The finished run as it was stored and handed on (with its shifts); null before it finished. */
    ProbeRun recorded() {
        return recorded;
    }

    @Override
    public void started(RunStarted run) {
        maxHold = run.maxHold();
        writer.started(run);
        log.debug("run {} of target={} started", run.id(), run.target());
    }

    @Override
    public void finished(ProbeRun finished) {
        ProbeRun run = beforeStore.apply(finished);
        recorded = run;
        try {
            writer.finished(run, maxHold);
        } finally {
            alerting.accept(run);
        }
    }
}
