package dev.shipwatch.statuspage;

import dev.shipwatch.store.DailyRollup;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import dev.shipwatch.store.RunStore;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A run store in memory with only what the status page reads; the rest throws, so a page that
 * starts reading something new fails loudly here instead of silently seeing nothing.
 */
final class InMemoryRunStore implements RunStore {
    private final List<ProbeRun> runs = new CopyOnWriteArrayList<>();
    private final List<String> reads = new CopyOnWriteArrayList<>();

    /** Adds a finished run, as {@link #finished} would. */
    InMemoryRunStore add(ProbeRun run) {
        runs.add(run);
        return this;
    }

    /** The targets whose runs were read, in order; lets a test see when the store was touched. */
    List<String> reads() {
        return List.copyOf(reads);
    }

    @Override
    public List<ProbeRun> recent(String target, int limit) {
        reads.add(target);
        return runs.stream().filter(r -> r.target().equals(target))
                .sorted(Comparator.comparing(ProbeRun::startedAt).reversed())
                .limit(limit).toList();
    }

    @Override
    public Optional<ProbeRun> latest(String target) {
        return recent(target, 1).stream().findFirst();
    }

    @Override
    public List<String> targets() {
        return new ArrayList<>(runs.stream().map(ProbeRun::target).distinct().toList());
    }

    @Override
    public void started(RunStarted run) {
        throw new UnsupportedOperationException("started");
    }

    @Override
    public void finished(ProbeRun run, Duration maxHold) {
        throw new UnsupportedOperationException("finished");
    }

    @Override
    public List<ProbeRun> abortUnfinished(String node, Instant now) {
        throw new UnsupportedOperationException("abortUnfinished");
    }

    @Override
    public Optional<ProbeRun> find(String runId) {
        throw new UnsupportedOperationException("find");
    }

    @Override
    public List<ProbeRun> between(String target, Instant from, Instant to) {
        throw new UnsupportedOperationException("between");
    }

    @Override
    public List<DailyRollup> rollups(String target, LocalDate from, LocalDate to) {
        throw new UnsupportedOperationException("rollups");
    }
}
