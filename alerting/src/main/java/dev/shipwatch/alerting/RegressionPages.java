package dev.shipwatch.alerting;

import dev.shipwatch.config.AlertPolicy;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.AlertState;
import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.ProbeRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Paging on a regression (the figures the regression detector found worse than over the days
 * before, which every run carries): with {@code page-on-regression}, one {@code warning} alert
 * per target under its own dedup key, triggered by the first run that carries shifts, updated
 * when the shifted figures change, resolved by the first run that carries none. A pure decision
 * plus its event; {@link Alerting} stores both through the outbox like any other alert.
 */
final class RegressionPages {
    static final String KEY = "shipwatch/regression/";
    static final String KIND = "regression";
    static final String SEVERITY = "warning";

    private final Events events;
    private final Secrets secrets;

    /** @param events for the component's link, the same as every other alert's */
    RegressionPages(Events events, Secrets secrets) {
        this.events = events;
        this.secrets = secrets;
    }

    /** What the run asks for, given the alert's state: a trigger (or update), a resolve, or nothing. */
    Optional<Decided> decide(AlertState state, AlertPolicy policy, Target target, ProbeRun run, boolean inMaintenance) {
        boolean shifted = policy.pageOnRegression() && !run.shifts().isEmpty();
        if (inMaintenance) {
            return Optional.empty(); // nothing pages, and an open alert is decided again after the window
        }
        if (shifted) {
            PagerEvent trigger = trigger(state.dedupKey(), target, run);
            if (state.open() && trigger.payload().summary().equals(state.summary())) {
                return Optional.empty();
            }
            return Optional.of(new Decided(state.open() ? Policy.Action.ESCALATE : Policy.Action.TRIGGER, trigger));
        }
        if (state.open()) {
            return Optional.of(new Decided(Policy.Action.RESOLVE,
                    new PagerEvent(PagerEvent.RESOLVE, state.dedupKey(), null, List.of(), null, null)));
        }
        return Optional.empty();
    }

    /** A decision and the event that carries it. */
    record Decided(Policy.Action action, PagerEvent event) {
        Policy.Decision decision() {
            return new Policy.Decision(action, null, SEVERITY, 0, 0, null);
        }
    }

    /** e.g. {@code local-java: cold start 2.3 × slower than the 7 days before, since 2026-11-22T14:05:00Z on container}. */
    private PagerEvent trigger(String dedupKey, Target target, ProbeRun run) {
        List<FigureShift> shifts = run.shifts();
        FigureShift first = shifts.get(0);
        String summary = target.name() + ": " + first.describe(first.since().toString())
                + (shifts.size() > 1 ? ", and " + (shifts.size() - 1) + " more" : "") + " on " + run.platform();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target", secrets.clean(target.name()));
        details.put("platform", secrets.clean(run.platform()));
        details.put("component", secrets.clean(target.component()));
        details.put("run_id", run.id());
        details.put("regressions", shifts.stream().map(s -> s.describe(s.since().toString())).toList());
        details.put("baseline", FigureShift.BASELINE);
        // The fields mean what they mean in every other alert (docs/pagerduty.md): the source is
        // the target (not its platform), the component the part that got worse (the figure), and
        // the link the component's page, which shows the regression (not the page root).
        PagerEvent.Payload payload = new PagerEvent.Payload(Events.clip(secrets.clean(summary)), secrets.clean(target.name()), SEVERITY,
                (run.finishedAt() != null ? run.finishedAt() : run.startedAt()).toString(), first.figure().wire(),
                secrets.clean(target.component()), KIND, details);
        PagerEvent.Link link = events.componentLink(target.component());
        return new PagerEvent(PagerEvent.TRIGGER, dedupKey, payload, List.of(link), PagerDutySender.CLIENT, link.href());
    }
}
