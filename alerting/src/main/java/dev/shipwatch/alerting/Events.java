package dev.shipwatch.alerting;

import dev.shipwatch.config.Durations;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Target;
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
 * Every text passes through {@link Secrets}.
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
        details.put("target", target.name());
        details.put("platform", run.platform());
        details.put("component", target.component());
        details.put("bad_runs", bad + " of the last " + window);
        runDetails(details, run);
        boolean failed = run.outcome() == Outcome.FAILED && run.failure() != null;
        PagerEvent.Payload payload = new PagerEvent.Payload(summary(target, run), target.name(), severity,
                timestamp(run), failed ? phase(run) : brokenObjectivePhase(run), target.component(),
                failed && run.failure().failureClass() != null ? run.failure().failureClass().wire() : "slo_breach",
                details);
        String page = componentPage(target.component());
        return new PagerEvent(PagerEvent.TRIGGER, dedupKey, payload,
                List.of(new PagerEvent.Link(page, site.name() + " status page: " + target.component())), PagerDutySender.CLIENT, page);
    }

    /** A platform the monitor cannot reach: one alert for all its targets (their components linked). */
    PagerEvent platformTrigger(String dedupKey, String platform, List<Target> on, ProbeRun run, String severity,
                               int bad, int window) {
        List<String> targets = on.stream().map(Target::name).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("platform", platform);
        details.put("targets", targets);
        details.put("bad_runs", bad + " of the last " + window + " runs on the platform");
        runDetails(details, run);
        String summary = clip("platform " + platform + ": unreachable from the monitor (platform_unreachable in "
                + bad + " of the last " + window + " runs; targets: " + String.join(", ", targets) + ")");
        PagerEvent.Payload payload = new PagerEvent.Payload(secrets.clean(summary), platform, severity, timestamp(run),
                phase(run), "platforms", FailureClass.PLATFORM_UNREACHABLE.wire(), details);
        Set<String> components = new LinkedHashSet<>();
        on.forEach(t -> components.add(t.component()));
        List<PagerEvent.Link> links = new ArrayList<>();
        for (String c : components) {
            if (links.size() == MAX_LINKS) {
                break;
            }
            links.add(new PagerEvent.Link(componentPage(c), site.name() + " status page: " + c));
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
        return secrets.clean(clip(text));
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
            failure.put("message", message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…");
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
                    .map(b -> b.objective() + " " + b.actual() + " (objective " + b.limit() + ")").toList());
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
            case "fs-ops-per-s" -> Phase.WORKLOAD;
            default -> null;
        };
        return phase == null ? null : phase.wire();
    }

    /** The absolute URL of a component's page on the status page. */
    private String componentPage(String component) {
        return page("/components/" + pages.componentId(component));
    }

    private String page(String path) {
        String base = site.url().endsWith("/") ? site.url().substring(0, site.url().length() - 1) : site.url();
        return base + path;
    }

    private static String timestamp(ProbeRun run) {
        Instant at = run.finishedAt() != null ? run.finishedAt() : run.startedAt();
        return at == null ? null : at.toString();
    }

    private static String clip(String s) {
        return s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY - 1) + "…";
    }
}
