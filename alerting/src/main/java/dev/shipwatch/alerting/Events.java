package dev.shipwatch.alerting;

import dev.shipwatch.config.Durations;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
import dev.shipwatch.config.Texts;
import dev.shipwatch.config.Timeouts;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.SloBreach;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the events on-call reads (docs/pagerduty.md): a summary that says what broke where, the
 * run's timings and failure in {@code custom_details}, a link to the component's status page.
 * Every text passes through {@link Secrets}: the run's, and the config's too (a site URL may carry
 * its credentials, interpolated from the environment), so no secret reaches an event or the outbox.
 *
 * <p>The payload's fields as PagerDuty defines them: {@code source} is the affected system (the
 * target, or for {@code platform_unreachable} the platform), {@code component} the part of it
 * that broke (the failed phase, or the phase of the broken objective), {@code group} the status
 * page component, {@code class} the failure class. A field with nothing to say is left out.
 */
final class Events {
    private static final int MAX_SUMMARY = 1024;
    private static final int MAX_MESSAGE = 500;
    /** Links of a platform alert: one per affected component, at most this many. */
    private static final int MAX_LINKS = 10;

    private final Site site;
    private final StatusPageConfig pages;
    private final Secrets secrets;

    /** @param pages where a component's page is ({@code /components/<id>}) */
    Events(Site site, StatusPageConfig pages, Secrets secrets) {
        this.site = site;
        this.pages = pages;
        this.secrets = secrets;
    }

    /** A target's trigger, described by its newest bad run. */
    PagerEvent targetTrigger(String dedupKey, Target target, ProbeRun run, String severity, int bad, int window) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target", secrets.clean(target.name()));
        details.put("platform", secrets.clean(run.platform()));
        details.put("component", secrets.clean(target.component()));
        details.put("bad_runs", bad + " of the last " + window);
        runDetails(details, run);
        boolean failed = run.outcome() == Outcome.FAILED && run.failure() != null;
        PagerEvent.Payload payload = new PagerEvent.Payload(summary(target, run), secrets.clean(target.name()), severity,
                timestamp(run), failed ? phase(run) : brokenObjectivePhase(run), secrets.clean(target.component()),
                eventClass(run), details);
        PagerEvent.Link link = componentLink(target.component());
        return new PagerEvent(PagerEvent.TRIGGER, dedupKey, payload, List.of(link), PagerDutySender.CLIENT, link.href());
    }

    /**
     * The failure class of a failed run, {@code slo_breach} for a degraded one; left out when the
     * run names neither (a failed run stored without its failure is not an SLO breach).
     */
    private static String eventClass(ProbeRun run) {
        if (run.outcome() == Outcome.FAILED) {
            return run.failure() == null || run.failure().failureClass() == null ? null : run.failure().failureClass().wire();
        }
        return run.outcome() == Outcome.DEGRADED ? "slo_breach" : null;
    }

    /** A platform the monitor cannot reach: one alert for all its targets (their components linked). */
    PagerEvent platformTrigger(String dedupKey, String platform, List<Target> on, ProbeRun run, String severity,
                               int bad, int window) {
        List<String> targets = on.stream().map(t -> secrets.clean(t.name())).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("platform", secrets.clean(platform));
        details.put("targets", targets);
        details.put("bad_runs", bad + " of the last " + window + " runs on the platform");
        runDetails(details, run);
        String summary = clip(secrets.clean("platform " + platform + ": unreachable from the monitor (platform_unreachable in "
                + bad + " of the last " + window + " runs; targets: " + String.join(", ", targets) + ")"));
        PagerEvent.Payload payload = new PagerEvent.Payload(summary, secrets.clean(platform), severity, timestamp(run),
                phase(run), "platforms", FailureClass.PLATFORM_UNREACHABLE.wire(), details);
        Set<String> components = new LinkedHashSet<>();
        on.forEach(t -> components.add(t.component()));
        List<PagerEvent.Link> links = new ArrayList<>();
        for (String c : components) {
            if (links.size() == MAX_LINKS) {
                break;
            }
            links.add(componentLink(c));
        }
        return new PagerEvent(PagerEvent.TRIGGER, dedupKey, payload, links, PagerDutySender.CLIENT,
                components.size() == 1 ? links.get(0).href() : page("/"));
    }

    PagerEvent resolve(String dedupKey) {
        return new PagerEvent(PagerEvent.RESOLVE, dedupKey, null, List.of(), null, null);
    }

    /** e.g. {@code local-java: cold start failed (health_timeout after 60s) on local}. */
    String summary(Target target, ProbeRun run) {
        String text;
        Failure f = run.failure();
        if (run.outcome() == Outcome.FAILED && f != null) {
            String phase = f.phase() == null ? "run" : f.phase().wire().replace('_', ' ');
            String cls = f.failureClass() == null ? "failed" : f.failureClass().wire();
            Duration limit = f.failureClass() == null ? null : timeoutOf(f.failureClass(), target.timeouts());
            text = target.name() + ": " + phase + " failed (" + cls + (limit == null ? "" : " after " + Durations.format(limit))
                    + ") on " + run.platform();
        } else if (!run.breaches().isEmpty()) {
            SloBreach first = run.breaches().get(0);
            text = target.name() + ": degraded (" + first.objective() + " " + first.actual() + ", objective " + first.limit()
                    + (run.breaches().size() > 1 ? ", and " + (run.breaches().size() - 1) + " more" : "") + ") on " + run.platform();
        } else {
            text = target.name() + ": " + run.outcome().wire() + " on " + run.platform();
        }
        // Masked before the cut: cut first, a secret across the limit would keep its first part,
        // which no longer matches the whole value; and a mask longer than the value it hides
        // ("token=a" → "token=***") would push the summary past the limit.
        return clip(secrets.clean(text));
    }

    private static Duration timeoutOf(FailureClass failureClass, Timeouts timeouts) {
        return switch (failureClass) {
            case BUILD_TIMEOUT -> timeouts.build();
            case DEPLOY_TIMEOUT -> timeouts.deploy();
            case HEALTH_TIMEOUT -> timeouts.coldStart();
            case REQUEST_TIMEOUT -> timeouts.request();
            default -> null;
        };
    }

    private void runDetails(Map<String, Object> details, ProbeRun run) {
        details.put("run_id", run.id());
        details.put("outcome", run.outcome().wire());
        details.put("started_at", run.startedAt() == null ? null : run.startedAt().toString());
        Failure f = run.failure();
        if (f != null) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("phase", f.phase() == null ? null : f.phase().wire());
            failure.put("class", f.failureClass() == null ? null : f.failureClass().wire());
            String message = secrets.clean(f.message());
            failure.put("message", message == null ? null : Texts.cut(message, MAX_MESSAGE));
            failure.values().removeIf(v -> v == null);
            details.put("failure", failure);
        }
        // Every phase that ran, the failed one too (timed until it failed): on-call sees where the time went.
        PhaseTimings p = run.phases();
        Map<String, Object> phases = new LinkedHashMap<>();
        phases.put("build", p.buildMs());
        phases.put("deploy", p.deployMs());
        phases.put("cold_start", p.coldStartMs());
        phases.put("teardown", p.teardownMs());
        phases.values().removeIf(v -> v == null);
        details.put("phases_ms", phases);
        FirstRequest first = run.firstRequest();
        if (first != null) {
            details.put("first_request_ms", first.totalMs());
        }
        if (run.warm() != null) {
            details.put("warm_p95_ms", run.warm().p95Ms());
        }
        if (!run.breaches().isEmpty()) {
            details.put("slo_breaches", run.breaches().stream()
                    .map(b -> secrets.clean(b.objective() + " " + b.actual() + " (objective " + b.limit() + ")")).toList());
        }
        details.values().removeIf(v -> v == null);
    }

    /** The failed phase, as the part of the affected system that broke; null when the run names none. */
    private static String phase(ProbeRun run) {
        return run.failure() == null || run.failure().phase() == null ? null : run.failure().phase().wire();
    }

    /** The phase the run's first broken objective measures (its {@code slo} key's phase). */
    private static String brokenObjectivePhase(ProbeRun run) {
        if (run.breaches().isEmpty()) {
            return null;
        }
        Phase phase = switch (run.breaches().get(0).objective()) {
            case "build" -> Phase.BUILD;
            case "deploy" -> Phase.DEPLOY;
            case "cold-start" -> Phase.COLD_START;
            case "first-request" -> Phase.FIRST_REQUEST;
            case "request-p95" -> Phase.WARM_REQUESTS;
            // every objective of the workload's figures, the file-system profile's too (SloCheck's keys)
            case "fs-ops-per-s", "fs-open-read-per-s", "fs-stat-missing-per-s", "fs-create-fsync-per-s", "fs-list-per-s" ->
                    Phase.WORKLOAD;
            default -> null;
        };
        return phase == null ? null : phase.wire();
    }

    /** The link to a component's page on the status page, {@code <site.url>/components/<id>}. */
    PagerEvent.Link componentLink(String component) {
        return new PagerEvent.Link(page("/components/" + pages.componentId(component)),
                secrets.clean(site.name() + " status page: " + component));
    }

    /** An absolute URL on the status page, masked: the site URL may hold credentials. */
    private String page(String path) {
        String base = site.url().endsWith("/") ? site.url().substring(0, site.url().length() - 1) : site.url();
        return secrets.clean(base + path);
    }

    private static String timestamp(ProbeRun run) {
        Instant at = run.finishedAt() != null ? run.finishedAt() : run.startedAt();
        return at == null ? null : at.toString();
    }

    /** Within PagerDuty's limit for a summary (1024 characters), masked first. */
    static String clip(String s) {
        return Texts.cut(s, MAX_SUMMARY);
    }
}
