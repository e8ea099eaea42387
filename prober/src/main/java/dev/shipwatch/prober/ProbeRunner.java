package dev.shipwatch.prober;

import dev.shipwatch.config.Durations;
import dev.shipwatch.config.Target;
import dev.shipwatch.config.Timeouts;
import dev.shipwatch.prober.canary.CanaryClient;
import dev.shipwatch.prober.canary.ColdStart;
import dev.shipwatch.prober.platform.Artifact;
import dev.shipwatch.prober.platform.Deployment;
import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.prober.platform.RunContext;
import dev.shipwatch.prober.platform.TargetPlatform;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStarted;
import dev.shipwatch.store.SloBreach;
import dev.shipwatch.store.WarmStats;
import dev.shipwatch.store.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one canary cycle of a target: build, deploy, cold start, first request, warm requests,
 * workload, and always teardown. Each phase runs on a worker thread under its timeout; when the
 * timeout passes the worker is interrupted and the phase fails with its timeout class. A phase
 * failure ends the cycle (teardown still runs) and is the run's outcome, never an exception.
 *
 * <p>A stop ({@link #abortAll()}) interrupts only the phase workers, which run platform code and
 * never the store: the thread that called {@link #run} (a scheduler worker, which stores the run)
 * is never interrupted, because an interrupt inside a database's file I/O can close the database.
 *
 * <p>Thread-safe: several targets may run at once on one runner.
 */
public final class ProbeRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProbeRunner.class);
    /** Cold start polls at most this far apart (docs/canary-contract.md: ≤ 10 ms locally). */
    static final Duration HEALTH_POLL = Duration.ofMillis(10);
    /**
     * Added to the limits the canary client enforces itself (cold start, per request), so that
     * its more precise failure (wrong_version, connect, …) wins over the runner's backstop.
     */
    private static final Duration BACKSTOP = Duration.ofSeconds(1);
    /** How long a cancelled phase may take to notice its interrupt before teardown starts anyway. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);
    /** /work/fs, /work/fs-profile, /work/cpu and /work/outbound. */
    private static final int WORKLOAD_REQUESTS = 4;

    private final Path workRoot;
    private final String node;
    private final String location;
    private final Clock clock;
    private final RunIds ids = new RunIds();
    private final ExecutorService workers;
    /** The cycles in progress, so that a stop reaches them. */
    private final Set<Cycle> active = ConcurrentHashMap.newKeySet();
    private volatile boolean aborting;

    /**
     * @param workRoot where run directories are created (one per run, named after the run id)
     * @param node     this monitor instance's name, recorded on every run it starts
     */
    public ProbeRunner(Path workRoot, String node, Clock clock) {
        this(workRoot, node, null, clock);
    }

    /**
     * @param location this node's location, recorded on every run it starts (null: not recorded)
     */
    public ProbeRunner(Path workRoot, String node, String location, Clock clock) {
        this.workRoot = workRoot;
        this.node = node;
        this.location = location;
        this.clock = clock;
        var counter = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "shipwatch-phase-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs one full cycle of {@code target} on {@code platform}; never throws for a failing phase
     * (that is an outcome); returns the finished run. After {@link #abortAll()}, or if the calling
     * thread is interrupted, the current phase is stopped, teardown still runs and the run is
     * {@code aborted}; an interrupt of the caller is handed back (its flag set again on return).
     */
    public ProbeRun run(Target target, TargetPlatform platform, RunObserver observer) {
        return run(target, platform, observer, null);
    }

    /** {@link #run(Target, TargetPlatform, RunObserver)} for the scheduler's fire at {@code scheduledAt} (stored with the run). */
    public ProbeRun run(Target target, TargetPlatform platform, RunObserver observer, Instant scheduledAt) {
        RunObserver listener = observer == null ? new RunObserver() {} : observer;
        Instant startedAt = clock.instant();
        String runId = ids.runId(startedAt, target.name());
        Map<String, String> outerMdc = MDC.getCopyOfContextMap();
        MDC.put("target", target.name());
        MDC.put("platform", target.platform().type());
        MDC.put("run", runId);
        try {
            var started = new RunStarted(runId, target.name(), target.platform().type(), target.component(),
                    startedAt, node, RunIds.maxHold(target.schedule(), startedAt), scheduledAt, location);
            tell(listener, "started", o -> o.started(started));
            var context = new RunContext(runId, target, ids.nonce(), ids.token(), workRoot.resolve(runId));
            Cycle cycle = new Cycle(target, platform, listener, started, context);
            active.add(cycle);
            ProbeRun run;
            try {
                if (aborting) {
                    cycle.abort(); // a stop that came while this run was starting
                }
                run = cycle.run();
            } finally {
                active.remove(cycle);
            }
            tell(listener, "finished", o -> o.finished(run));
            logFinished(run);
            return run;
        } finally {
            if (outerMdc == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(outerMdc);
            }
        }
    }

    /**
     * The monitor is stopping: every run in progress (and every run that starts from now on)
     * stops its current phase, tears down and ends as {@code aborted}. Returns at once; the runs
     * end on their own threads.
     */
    public void abortAll() {
        aborting = true;
        for (Cycle c : active) {
            c.abort();
        }
    }

    /** Stops the phase workers; a run in progress fails as internal. */
    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** The state of one run as its phases complete. */
    private final class Cycle {
        private final Target target;
        private final TargetPlatform platform;
        private final RunObserver observer;
        private final RunStarted started;
        private final RunContext context;
        private Phase current = Phase.BUILD;
        private Failure failure;
        private boolean aborted;
        private Double buildMs;
        private Double deployMs;
        private Double coldStartMs;
        private Double teardownMs;
        private ColdStart coldStart;
        private FirstRequest firstRequest;
        private WarmStats warm;
        private Workload workload;
        private Artifact artifact;
        private Deployment deployment;
        /** Milliseconds the last completed phase took, measured on its worker. */
        private double lastMs;
        /** Set by a stop; the phase in progress (when it may be stopped) is cancelled with it. */
        private volatile boolean abortRequested;
        private volatile Future<?> stoppable;
        /** The caller's thread was interrupted during a phase: its flag is set again when the run ends. */
        private boolean callerInterrupted;
        /** Milliseconds the phase that failed or timed out ran until then; null while none has. */
        private Double failedMs;

        Cycle(Target target, TargetPlatform platform, RunObserver observer, RunStarted started, RunContext context) {
            this.target = target;
            this.platform = platform;
            this.observer = observer;
            this.started = started;
            this.context = context;
        }

        /** Stops the current phase (its worker is interrupted) and every later one; teardown still runs. */
        void abort() {
            abortRequested = true;
            Future<?> f = stoppable;
            if (f != null) {
                f.cancel(true);
            }
        }

        ProbeRun run() {
            Timeouts limits = target.timeouts();
            CanaryClient client = null;
            try {
                client = new CanaryClient(limits.request());
                Files.createDirectories(context.workDir());
                phases(client, limits);
            } catch (PhaseFailure f) {
                failure = new Failure(current, f.failureClass(), f.getMessage());
                timeFailed(current);
            } catch (Aborted a) {
                aborted = true;
                failure = new Failure(current, FailureClass.ABORTED, "the monitor stopped during " + current.wire());
            } catch (IOException | RuntimeException e) {
                log.error("run {} of target {}: unexpected error in {}", context.runId(), target.name(), current.wire(), e);
                failure = new Failure(current, FailureClass.INTERNAL, shortMessage(e));
            } finally {
                teardown(limits);
                if (client != null) {
                    client.close();
                }
            }
            var phases = new PhaseTimings(buildMs, deployMs, coldStartMs, teardownMs);
            // A failed phase's time says how long it took to fail, not how fast the platform is.
            PhaseTimings completed = failure == null ? phases : phases.without(failure.phase());
            List<SloBreach> breaches = SloCheck.breaches(target.slo(), completed, firstRequest, warm, workload);
            Outcome outcome = aborted ? Outcome.ABORTED
                    : failure != null ? Outcome.FAILED
                    : breaches.isEmpty() ? Outcome.SUCCESS : Outcome.DEGRADED;
            return new ProbeRun(context.runId(), target.name(), target.platform().type(), target.component(),
                    started.startedAt(), clock.instant(), outcome, failure, phases, firstRequest, warm, workload,
                    coldStart != null, coldStart == null ? null : coldStart.canaryStartedAt(), breaches, List.of(),
                    started.location());
        }

        private void phases(CanaryClient client, Timeouts limits) throws PhaseFailure, Aborted {
            artifact = phase(Phase.BUILD, limits.build(), FailureClass.BUILD_TIMEOUT, () -> platform.build(context));
            buildMs = lastMs;
            current = Phase.DEPLOY;
            deployment = phase(Phase.DEPLOY, limits.deploy(), FailureClass.DEPLOY_TIMEOUT, () -> platform.deploy(context, artifact));
            deployMs = lastMs;
            current = Phase.COLD_START;
            Deployment d = deployment;
            coldStart = phase(Phase.COLD_START, limits.coldStart().plus(BACKSTOP), FailureClass.HEALTH_TIMEOUT,
                    () -> client.awaitHealthy(d.baseUrl(), context.nonce(), limits.coldStart(), HEALTH_POLL,
                            () -> platform.checkRunning(context, d)));
            coldStartMs = coldStart.elapsedMs();
            current = Phase.FIRST_REQUEST;
            firstRequest = phase(Phase.FIRST_REQUEST, limits.request().plus(BACKSTOP), FailureClass.REQUEST_TIMEOUT,
                    () -> client.firstRequest(d.baseUrl()));
            if (target.requests() > 0) {
                current = Phase.WARM_REQUESTS;
                warm = phase(Phase.WARM_REQUESTS, limits.request().multipliedBy(target.requests()).plus(BACKSTOP),
                        FailureClass.REQUEST_TIMEOUT, () -> client.warmRequests(d.baseUrl(), target.requests()));
            }
            current = Phase.WORKLOAD;
            boolean outbound = target.canary().outboundUrl() != null;
            workload = phase(Phase.WORKLOAD, limits.request().multipliedBy(WORKLOAD_REQUESTS).plus(BACKSTOP),
                    FailureClass.REQUEST_TIMEOUT, () -> client.workload(d.baseUrl(), context.token(), outbound));
        }

        /** Teardown runs whatever happened before, and is not cut short by an interrupt of the caller. */
        private void teardown(Timeouts limits) {
            boolean interrupted = Thread.interrupted();
            try {
                phaseOnWorker(Phase.TEARDOWN, limits.teardown(), FailureClass.TEARDOWN_FAILED, false, () -> {
                    platform.teardown(context, artifact, deployment);
                    return null;
                });
                teardownMs = lastMs;
            } catch (PhaseFailure f) {
                timeFailed(Phase.TEARDOWN);
                if (failure == null) {
                    failure = new Failure(Phase.TEARDOWN, f.failureClass(), f.getMessage());
                } else {
                    log.warn("run {} of target {}: teardown failed too ({}): {}", context.runId(), target.name(),
                            f.failureClass().wire(), f.getMessage());
                }
            } catch (Aborted cannotHappen) {
                throw new IllegalStateException(cannotHappen);
            } catch (RuntimeException e) {
                log.error("run {} of target {}: unexpected error in teardown", context.runId(), target.name(), e);
                if (failure == null) {
                    failure = new Failure(Phase.TEARDOWN, FailureClass.INTERNAL, shortMessage(e));
                }
            } finally {
                // Only an interrupt the caller received is handed back; a stop (abortAll) never
                // leaves the caller's thread interrupted, since that thread goes on to store the run.
                if (interrupted || callerInterrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /**
         * The platform phases are timed when they fail or time out too (until the failure, or until
         * the limit passed), so a broken build still has a build time; PhaseTimings says so.
         */
        private void timeFailed(Phase phase) {
            switch (phase) {
                case BUILD -> buildMs = failedMs;
                case DEPLOY -> deployMs = failedMs;
                case COLD_START -> coldStartMs = failedMs;
                case TEARDOWN -> teardownMs = failedMs;
                default -> { } // request phases keep their own records (FirstRequest, WarmStats)
            }
        }

        private <T> T phase(Phase phase, Duration limit, FailureClass timeoutClass, PhaseWork<T> work) throws PhaseFailure, Aborted {
            return phaseOnWorker(phase, limit, timeoutClass, true, work);
        }

        private <T> T phaseOnWorker(Phase phase, Duration limit, FailureClass timeoutClass, boolean interruptible,
                                    PhaseWork<T> work) throws PhaseFailure, Aborted {
            if (interruptible && abortRequested) {
                throw new Aborted();
            }
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            var done = new CountDownLatch(1);
            var claimed = new AtomicBoolean();
            var workerNanos = new AtomicLong(-1);
            long submitted = System.nanoTime();
            Future<T> future = workers.submit(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    done.countDown();
                    return null; // stopped before it began
                }
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                long t0 = System.nanoTime();
                try {
                    return work.call();
                } finally {
                    workerNanos.set(System.nanoTime() - t0);
                    MDC.clear();
                    done.countDown();
                }
            });
            long deadline = submitted + limit.toNanos();
            boolean interruptedMeanwhile = false;
            if (interruptible) {
                stoppable = future;
                if (abortRequested) {
                    future.cancel(true); // the stop came between the check above and now
                }
            }
            try {
                while (true) {
                    try {
                        T value = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        lastMs = workerNanos.get() / 1e6;
                        phaseDone(phase, lastMs, true);
                        return value;
                    } catch (CancellationException e) {
                        // only a stop cancels a phase
                        stop(future, claimed, done);
                        phaseDone(phase, since(submitted), false);
                        throw new Aborted();
                    } catch (InterruptedException e) {
                        // The caller's thread was interrupted (a command-line probe's Ctrl-C): the same as a stop.
                        if (interruptible) {
                            callerInterrupted = true;
                            stop(future, claimed, done);
                            phaseDone(phase, since(submitted), false);
                            throw new Aborted();
                        }
                        interruptedMeanwhile = true;
                    }
                }
            } catch (TimeoutException e) {
                failedMs = since(submitted); // the limit, give or take the wake-up: not the time stopping took
                stop(future, claimed, done);
                phaseDone(phase, failedMs, false);
                throw new PhaseFailure(timeoutClass, phase.wire() + " did not finish within " + Durations.format(limit));
            } catch (ExecutionException e) {
                long worked = workerNanos.get();
                failedMs = worked >= 0 ? worked / 1e6 : since(submitted);
                phaseDone(phase, failedMs, false);
                Throwable cause = e.getCause();
                if (cause instanceof PhaseFailure f) {
                    throw f;
                }
                log.error("run {} of target {}: unexpected error in {}", context.runId(), target.name(), phase.wire(), cause);
                throw new PhaseFailure(FailureClass.INTERNAL, shortMessage(cause), cause);
            } finally {
                if (interruptible) {
                    stoppable = null;
                }
                if (interruptedMeanwhile) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Interrupts the worker and gives it a moment to let go, so teardown does not race a half-done deploy. */
        private void stop(Future<?> future, AtomicBoolean claimed, CountDownLatch done) {
            if (claimed.compareAndSet(false, true)) {
                future.cancel(false); // the work never started and now never will: nothing to wait for
                return;
            }
            future.cancel(true);
            boolean interrupted = Thread.interrupted();
            long deadline = System.nanoTime() + CANCEL_GRACE.toNanos();
            while (true) {
                try {
                    if (!done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        log.warn("run {} of target {}: {} did not stop within {} of its interrupt; tearing down anyway",
                                context.runId(), target.name(), current.wire(), Durations.format(CANCEL_GRACE));
                    }
                    break;
                } catch (InterruptedException again) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void phaseDone(Phase phase, double ms, boolean ok) {
            tell(observer, "phaseDone", o -> o.phaseDone(started, phase, ms, ok));
        }
    }

    private static double since(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e6;
    }

    /**
     * Observers store and page: they run with the interrupt flag cleared (a stopping monitor
     * interrupts its runs, and an interrupted thread can neither take a pooled connection nor
     * safely write H2's file), and it is set again afterwards.
     */
    private static void tell(RunObserver observer, String what, Consumer<RunObserver> call) {
        boolean interrupted = Thread.interrupted();
        try {
            call.accept(observer);
        } catch (RuntimeException e) {
            log.warn("run observer {} failed in {}; the run goes on", observer.getClass().getName(), what, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String shortMessage(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static void logFinished(ProbeRun run) {
        PhaseTimings p = run.phases();
        var line = new StringBuilder().append("run ").append(run.id()).append(" of ").append(run.target())
                .append(" on ").append(run.platform()).append(": ").append(run.outcome().wire());
        append(line, "build", p.buildMs());
        append(line, "deploy", p.deployMs());
        append(line, "cold_start", p.coldStartMs());
        append(line, "first_request", run.firstRequest() == null ? null : run.firstRequest().totalMs());
        append(line, "warm_p95", run.warm() == null ? null : run.warm().p95Ms());
        append(line, "teardown", p.teardownMs());
        if (run.failure() != null) {
            line.append(" failure=").append(run.failure().phase().wire()).append('/').append(run.failure().failureClass().wire())
                    .append(" \"").append(run.failure().message()).append('"');
        }
        for (SloBreach b : run.breaches()) {
            line.append(" breach=").append(b.objective()).append("(actual ").append(b.actual())
                    .append(", limit ").append(b.limit()).append(')');
        }
        log.info("{}", line);
    }

    private static void append(StringBuilder line, String name, Double ms) {
        if (ms != null) {
            line.append(' ').append(name).append('=').append(String.format(Locale.ROOT, "%.1fms", ms));
        }
    }

    /** A phase's work; may throw anything, which the runner classifies. */
    @FunctionalInterface
    private interface PhaseWork<T> {
        T call() throws Exception;
    }

    /** The caller's thread was interrupted: the monitor is stopping. */
    private static final class Aborted extends Exception {
        Aborted() {
            super(null, null, false, false);
        }
    }
}
