package dev.shipwatch.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.config.AlertPolicy;
import dev.shipwatch.config.AlertingConfig;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.AlertState;
import dev.shipwatch.store.AlertStore;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.OutboxCounts;
import dev.shipwatch.store.OutboxEntry;
import dev.shipwatch.store.OutboxMessage;
import dev.shipwatch.store.OutboxStatus;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.QuorumVerdict;
import dev.shipwatch.store.RunStore;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Paging on-call: decides per target (and per platform, for {@code platform_unreachable})
 * whether to trigger or resolve, writes each decision and its event to the database in one
 * transaction, and drains that outbox to PagerDuty.
 *
 * <p>Threading: {@link #onRun} runs on the run's thread and never throws; the sender and the
 * periodic re-evaluation (which notices maintenance windows ending) run on threads of their own.
 * Several nodes may run this on one database: state changes are versioned and the outbox is
 * claimed with {@code SKIP LOCKED}.
 */
public final class Alerting implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Alerting.class);
    static final String TARGET_KEY = "shipwatch/";
    static final String PLATFORM_KEY = "shipwatch/platform/";
    private static final int CHANGE_TRIES = 3;
    private static final int FAILED_SHOWN = 5;
    /** Ticks in which every target is decided again once (see {@link #reevaluate(int)}). */
    static final int SWEEP_TICKS = 10;

    /**
     * Timings of the sender and the re-evaluation.
     *
     * @param retryInitial    first retry delay (doubles per attempt, with jitter)
     * @param retryMax        longest retry delay
     * @param poll            how often the outbox is looked at for events written by other nodes
     * @param reevaluateEvery how often every subject is decided again (maintenance ending, other nodes)
     */
    public record Settings(Duration retryInitial, Duration retryMax, Duration poll, Duration reevaluateEvery) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(2), Duration.ofMinutes(5),
                Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    private final AlertingConfig alerting;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Map<String, List<Target>> byPlatform = new LinkedHashMap<>();
    /** The names of {@link #byPlatform}'s targets, built once: a run's platform check must not grow with them. */
    private final Map<String, Set<String>> namesByPlatform = new HashMap<>();
    private final RunStore runs;
    private final AlertStore alerts;
    private final MaintenanceCalendar maintenance;
    private final Clock clock;
    private final Settings settings;
    private final Events events;
    private final RegressionPages regressionPages;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final OutboxSender sender; // null when paging is off
    private ScheduledExecutorService ticker;
    private volatile OutboxCounts counts = OutboxCounts.ZERO;
    private volatile List<OutboxEntry> failed = List.of();
    private boolean started;
    private boolean closed;

    /**
     * The production wiring: PagerDuty through {@link PagerDutySender} when a routing key is
     * set and paging is enabled; otherwise nothing pages (and {@link #start} says so once).
     */
    public static Alerting create(AlertingConfig alerting, ShipwatchConfig config, RunStore runs, AlertStore alerts,
                                  MaintenanceCalendar maintenance, Clock clock) {
        return create(alerting, config, StatusPageConfig.derive(config.targets()), runs, alerts, maintenance, clock);
    }

    /** As {@link #create(AlertingConfig, ShipwatchConfig, RunStore, AlertStore, MaintenanceCalendar, Clock)}, linking events to {@code pages}' component ids. */
    public static Alerting create(AlertingConfig alerting, ShipwatchConfig config, StatusPageConfig pages, RunStore runs,
                                  AlertStore alerts, MaintenanceCalendar maintenance, Clock clock) {
        EventSender sender = alerting.pagerDuty().pagingOn() ? new PagerDutySender(alerting.pagerDuty()) : null;
        return new Alerting(alerting, config, pages, runs, alerts, maintenance, clock, sender, Settings.DEFAULT, System.getenv());
    }

    /**
     * @param sender null: paging is off (nothing is evaluated, written or sent)
     * @param env    environment whose secret-looking values never reach a page
     */
    public Alerting(AlertingConfig alerting, ShipwatchConfig config, RunStore runs, AlertStore alerts,
                    MaintenanceCalendar maintenance, Clock clock, EventSender sender, Settings settings, Map<String, String> env) {
        this(alerting, config, StatusPageConfig.derive(config.targets()), runs, alerts, maintenance, clock, sender, settings, env);
    }

    /** @param pages the status page's components: events link to the affected component's page */
    public Alerting(AlertingConfig alerting, ShipwatchConfig config, StatusPageConfig pages, RunStore runs, AlertStore alerts,
                    MaintenanceCalendar maintenance, Clock clock, EventSender sender, Settings settings, Map<String, String> env) {
        this.alerting = Objects.requireNonNull(alerting, "alerting");
        config.targets().forEach(t -> {
            targets.put(t.name(), t);
            byPlatform.computeIfAbsent(t.platform().type(), p -> new ArrayList<>()).add(t);
            namesByPlatform.computeIfAbsent(t.platform().type(), p -> new HashSet<>()).add(t.name());
        });
        this.runs = Objects.requireNonNull(runs, "runs");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        Secrets secrets = Secrets.of(List.of(alerting.pagerDuty().routingKey(), config.server().adminToken(),
                config.storage().password() == null ? "" : config.storage().password()), env);
        this.events = new Events(config.site(), Objects.requireNonNull(pages, "pages"), secrets);
        this.regressionPages = new RegressionPages(events, secrets);
        this.sender = sender == null ? null : new OutboxSender(alerts, sender, clock,
                new Backoff(settings.retryInitial(), settings.retryMax()), alerting.pagerDuty().eventsPerMinute(),
                settings.poll(), json, this::refreshCounts);
    }

    public boolean pagingOn() {
        return sender != null;
    }

    /**
     * Reconciles (see {@link #reconcile}), then starts the sender and the periodic re-evaluation.
     * With paging off it only logs, once, that nothing will page.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        if (!pagingOn()) {
            log.warn("paging is off: {} (set alerting.pagerduty.routing-key, e.g. from ${PAGERDUTY_ROUTING_KEY})",
                    alerting.pagerDuty().enabled() ? "no PagerDuty routing key is configured" : "alerting.pagerduty.enabled is false");
            return;
        }
        log.info("paging on-call through PagerDuty at {}", alerting.pagerDuty().eventsUrl());
        reconcile();
        sender.start();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-reevaluation");
            t.setDaemon(true);
            return t;
        });
        long every = settings.reevaluateEvery().toMillis();
        int slice = Math.max(1, (targets.size() + SWEEP_TICKS - 1) / SWEEP_TICKS);
        ticker.scheduleWithFixedDelay(() -> reevaluate(slice), every, every, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::prune, 0, PRUNE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Decides every subject again from stored runs: open alerts whose target is healthy now get
     * their resolve, open alerts of targets no longer configured are resolved, and a target that
     * crossed its threshold while alerting was down gets its trigger. Run at start-up (events a
     * crash left in the outbox are sent as they are: the dedup key makes a resend harmless).
     */
    public void reconcile() {
        if (!pagingOn()) {
            return;
        }
        List<AlertState> open = alerts.open();
        int before = open.size();
        reevaluate();
        int after = alerts.open().size();
        log.info("alerts reconciled: {} open before, {} open now; outbox {} pending, {} failed",
                before, after, counts.pending(), counts.failed());
    }

    /** Hands a finished (and stored, if the store could) run to alerting. Never throws. */
    public void onRun(ProbeRun run) {
        if (!pagingOn() || run == null) {
            return;
        }
        try {
            evaluateTarget(run.target(), run);
            evaluatePlatform(run.platform(), run);
            evaluateRegression(run);
        } catch (RuntimeException e) {
            log.error("alerting could not evaluate run {} of target={} platform={}: {}", run.id(), run.target(),
                    run.platform(), e.toString());
        }
    }

    /** Every target and platform, decided again (start-up: alerts are reconciled with the stored runs). */
    private void reevaluate() {
        reevaluate(targets.size());
    }

    /**
     * Decides again: every platform, every subject with an open alert (a resolve may be due, or
     * its target is gone), and the next {@code slice} other targets in turn — so that each tick
     * costs a bounded number of reads however many targets there are, and every target is still
     * decided again every {@value #SWEEP_TICKS} ticks (a safety net: runs are decided as they end).
     */
    private void reevaluate(int slice) {
        try {
            Set<String> platforms = new LinkedHashSet<>();
            targets.values().forEach(t -> platforms.add(t.platform().type()));
            for (String p : platforms) {
                evaluatePlatform(p, null);
            }
            Set<String> decided = new HashSet<>();
            for (AlertState s : alerts.open()) {
                if (s.dedupKey().startsWith(PLATFORM_KEY) ? !platforms.contains(s.subject()) : !targets.containsKey(s.subject())) {
                    resolveStale(s); // a subject no longer configured
                } else if (!s.dedupKey().startsWith(PLATFORM_KEY)) {
                    evaluateTarget(s.subject(), null);
                    decided.add(s.subject());
                }
            }
            List<String> names = List.copyOf(targets.keySet());
            for (int i = 0; i < Math.min(slice, names.size()); i++) {
                String name = names.get(Math.floorMod(sweep++, names.size()));
                if (decided.add(name)) {
                    evaluateTarget(name, null);
                }
            }
            refreshCounts();
        } catch (RuntimeException e) {
            log.warn("alerts not re-evaluated, trying again in {} s: {}", settings.reevaluateEvery().toSeconds(), e.toString());
        }
    }

    /** How often sent events older than the retention are deleted (by whichever node gets there). */
    static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private void prune() {
        try {
            int pruned = alerts.pruneSent(clock.instant().minus(alerting.outboxRetention()));
            if (pruned > 0) {
                log.info("pruned {} sent alert event(s) older than {}", pruned, dev.shipwatch.config.Durations.format(alerting.outboxRetention()));
            }
        } catch (RuntimeException e) {
            log.warn("sent alert events not pruned, trying again in {} min: {}", PRUNE_EVERY.toMinutes(), e.toString());
        }
    }

    /** Where the next tick's slice of targets starts; ticks run on one thread. */
    private int sweep;

    // --- subjects ------------------------------------------------------------------------

    private void evaluateTarget(String name, ProbeRun justFinished) {
        Target target = targets.get(name);
        if (target == null) {
            return; // a run of a target no longer configured; its alert is resolved by the re-evaluation
        }
        AlertPolicy policy = alerting.policyFor(name);
        List<Policy.Judged> judged = new ArrayList<>();
        // In several locations, a run is a failure only when, with it, the target fails in as
        // many locations as its quorum (unless the policy pages on any one location).
        boolean byQuorum = target.multiLocation() && !policy.pageOnSingleLocation();
        List<ProbeRun> recent = withRun(runs.recent(name, fetchSize(policy) * Math.max(1, target.locations().size())),
                justFinished);
        java.util.Set<String> atQuorum = byQuorum ? QuorumVerdict.failingAtQuorum(target.locations(), target.quorum(), recent)
                : java.util.Set.of();
        for (ProbeRun r : recent) {
            if (!countsForTarget(r)) {
                continue;
            }
            boolean failed = byQuorum ? atQuorum.contains(r.id()) : r.outcome() == Outcome.FAILED;
            boolean bad = failed || (r.outcome() == Outcome.DEGRADED && policy.pageOnDegraded());
            String severity = failed || r.outcome() == Outcome.FAILED ? policy.failedSeverity() : policy.degradedSeverity();
            judged.add(new Policy.Judged(r, bad, severity, inMaintenance(component(r, target), r.startedAt())));
        }
        boolean maintenanceNow = inMaintenance(target.component(), clock.instant());
        String key = TARGET_KEY + name;
        apply(key, "target", name, state -> Policy.decide(state, policy, judged, maintenanceNow).map(d -> new Step(d,
                d.action() == Policy.Action.RESOLVE ? events.resolve(key)
                        : events.targetTrigger(key, target, d.cause().run(), d.severity(), d.bad(), d.window()))));
    }

    private void evaluatePlatform(String platform, ProbeRun justFinished) {
        List<Target> on = byPlatform.getOrDefault(platform, List.of());
        if (on.isEmpty()) {
            return;
        }
        AlertPolicy policy = alerting.policy();
        // One read of the platform's newest runs, whichever target they were of (twice the usual
        // size: runs of targets no longer on it are left out below).
        Set<String> names = namesByPlatform.get(platform);
        List<ProbeRun> all = runs.recentOnPlatform(platform, 2 * fetchSize(policy)).stream()
                .filter(r -> names.contains(r.target())).toList();
        List<Policy.Judged> judged = new ArrayList<>();
        for (ProbeRun r : withRun(all, justFinished)) {
            if (r.outcome() != Outcome.SUCCESS && r.outcome() != Outcome.DEGRADED && r.outcome() != Outcome.FAILED) {
                continue;
            }
            judged.add(new Policy.Judged(r, isUnreachable(r), policy.failedSeverity(),
                    inMaintenance(component(r, targets.get(r.target())), r.startedAt())));
        }
        Instant now = clock.instant();
        boolean maintenanceNow = on.stream().allMatch(t -> inMaintenance(t.component(), now));
        String key = PLATFORM_KEY + platform;
        apply(key, "platform", platform, state -> Policy.decide(state, policy, judged, maintenanceNow).map(d -> new Step(d,
                d.action() == Policy.Action.RESOLVE ? events.resolve(key)
                        : events.platformTrigger(key, platform, on, d.cause().run(), d.severity(), d.bad(), d.window()))));
    }

    /** A target's regression alert, decided by the shifts its newest run carries (see {@link RegressionPages}). */
    private void evaluateRegression(ProbeRun run) {
        Target target = targets.get(run.target());
        if (target == null) {
            return;
        }
        String key = RegressionPages.KEY + target.name();
        boolean maintenanceNow = inMaintenance(target.component(), clock.instant());
        apply(key, RegressionPages.KIND, target.name(), state -> regressionPages
                .decide(state, alerting.policyFor(target.name()), target, run, maintenanceNow)
                .map(d -> new Step(d.decision(), d.event())));
    }

    private void resolveStale(AlertState state) {
        apply(state.dedupKey(), state.kind(), state.subject(), s -> s.open()
                ? Optional.of(new Step(new Policy.Decision(Policy.Action.RESOLVE, null, null, 0, 0, clock.instant()),
                        events.resolve(s.dedupKey())))
                : Optional.empty());
    }

    /** A decision and the event that carries it. */
    private record Step(Policy.Decision decision, PagerEvent event) {}

    /**
     * Reads the subject's state, decides, and stores the new state with its event; decides again
     * on the fresh state when another node or thread changed it in between.
     */
    private void apply(String key, String kind, String subject, Function<AlertState, Optional<Step>> decide) {
        for (int i = 0; i < CHANGE_TRIES; i++) {
            AlertState state = alerts.state(key).orElse(AlertState.none(key, kind, subject));
            Optional<Step> step = decide.apply(state);
            if (step.isEmpty()) {
                return;
            }
            Policy.Decision d = step.get().decision();
            PagerEvent event = step.get().event();
            Instant now = clock.instant();
            AlertState next = switch (d.action()) {
                case TRIGGER -> new AlertState(key, kind, subject, true, d.severity(), now, event.payload().summary(),
                        PagerEvent.TRIGGER, now, state.countFrom(), state.version());
                case ESCALATE -> new AlertState(key, kind, subject, true, d.severity(), state.openedAt(),
                        event.payload().summary(), PagerEvent.TRIGGER, now, state.countFrom(), state.version());
                case RESOLVE -> new AlertState(key, kind, subject, false, state.severity(), null, state.summary(),
                        PagerEvent.RESOLVE, now, d.countFrom(), state.version());
            };
            if (alerts.change(next, state.version(), new OutboxMessage(key, event.eventAction(), toJson(event)), now)) {
                MDC.put("dedup_key", key);
                try {
                    if (d.action() == Policy.Action.RESOLVE) {
                        log.info("alert resolved: {} {}={}", key, kind, subject);
                    } else {
                        log.warn("alert {}: {} [{}] {}", d.action() == Policy.Action.TRIGGER ? "triggered" : "escalated",
                                key, d.severity(), event.payload().summary());
                    }
                } finally {
                    MDC.remove("dedup_key");
                }
                if (sender != null) {
                    sender.wake();
                }
                refreshCounts();
                return;
            }
        }
        log.warn("alert state of {} kept changing under this node; left to the next evaluation", key);
    }

    // --- helpers -------------------------------------------------------------------------

    private static int fetchSize(AlertPolicy policy) {
        // Aborted, skipped and unjudged runs are left out after the read: read well past the window.
        return 3 * Math.max(policy.window(), policy.recoverAfter()) + 10;
    }

    /** Stored runs plus the one just finished, in case storing it failed; newest first. */
    private static List<ProbeRun> withRun(List<ProbeRun> stored, ProbeRun justFinished) {
        List<ProbeRun> all = new ArrayList<>(stored);
        if (justFinished != null && all.stream().noneMatch(r -> r.id().equals(justFinished.id()))) {
            all.add(justFinished);
        }
        all.sort(Comparator.comparing(ProbeRun::startedAt).thenComparing(ProbeRun::id).reversed());
        return all;
    }

    /**
     * Aborted and skipped runs say nothing about the target, and an unreachable platform pages
     * once for the platform, not once per target.
     */
    private static boolean countsForTarget(ProbeRun r) {
        return (r.outcome() == Outcome.SUCCESS || r.outcome() == Outcome.DEGRADED || r.outcome() == Outcome.FAILED)
                && !isUnreachable(r);
    }

    private static boolean isUnreachable(ProbeRun r) {
        return r.outcome() == Outcome.FAILED && r.failure() != null && r.failure().failureClass() == FailureClass.PLATFORM_UNREACHABLE;
    }

    private static String component(ProbeRun r, Target target) {
        return r.component() != null ? r.component() : target == null ? r.target() : target.component();
    }

    /** A calendar that fails is not a reason to stay silent. */
    private boolean inMaintenance(String component, Instant at) {
        try {
            return maintenance.inMaintenance(component, at);
        } catch (RuntimeException e) {
            log.warn("maintenance calendar failed for component {}; treating it as not in maintenance: {}", component, e.toString());
            return false;
        }
    }

    private String toJson(PagerEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert event for " + event.dedupKey() + " as JSON", e);
        }
    }

    private void refreshCounts() {
        try {
            OutboxCounts c = alerts.counts();
            if (c.failed() != counts.failed()) {
                failed = alerts.outbox(OutboxStatus.FAILED, FAILED_SHOWN);
            }
            counts = c;
        } catch (RuntimeException e) {
            log.debug("outbox counts not refreshed: {}", e.toString());
        }
    }

    // --- what others read ----------------------------------------------------------------

    /** Outbox counts as of the last change or tick (no database access). */
    public OutboxCounts counts() {
        return counts;
    }

    /** For {@code /health}: paging on or off, outbox counts, the latest rejected events. Cheap: no database access. */
    public Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("paging", pagingOn() ? "on" : "off");
        OutboxCounts c = counts;
        h.put("outbox", Map.of("pending", c.pending(), "failed", c.failed(), "sent", c.sent()));
        if (c.failed() > 0) {
            h.put("failed_events", failed.stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", e.id());
                m.put("dedup_key", e.dedupKey());
                m.put("action", e.action());
                m.put("created_at", e.createdAt().toString());
                m.put("error", e.lastError());
                return m;
            }).toList());
        }
        return h;
    }

    /**
     * Micrometer meters: {@code shipwatch.alert.outbox{status=pending|failed|sent}} (gauges) and
     * {@code shipwatch.alert.deliveries{result=sent|rejected|retried}} (counters since start).
     */
    public MeterBinder meterBinder() {
        return new OutboxMetrics(this::counts, sender);
    }

    /** Stops the re-evaluation and the sender (after its attempt in progress). Events not yet sent stay in the outbox. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.shutdown();
            try {
                ticker.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sender != null && started) {
            sender.close();
        }
    }
}
