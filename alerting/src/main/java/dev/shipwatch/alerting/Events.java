package dev.shipwatch.alerting;

import dev.shipwatch.config.Durations;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.Target;
import dev.shipwatch.config.Timeouts;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.SloBreach;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the events on-call reads (CONTRACTS.md §2): a summary that says what broke where, the
 * run's timings and failure in {@code custom_details}, a link to the status page. Every text
 * passes through {@link Secrets}.
 */
final class Events {
    private static final int MAX_SUMMARY = 1024;
    private static final int MAX_MESSAGE = 500;

    private final Site site;
    private final Secrets secrets;

    Events(Site site, Secrets secrets) {
        this.site = site;
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
        PagerEvent.Payload payload = new PagerEvent.Payload(summary(target, run), run.platform(), severity,
                timestamp(run), target.name(), target.component(),
                run.outcome() == Outcome.FAILED && run.failure() != null && run.failure().failureClass() != null
                        ? run.failure().failureClass().wire() : "slo_breach",
                details);
        return new PagerEvent(PagerEvent.TRIGGER, dedupKey, payload, links(target.component()), PagerDutySender.CLIENT, site.url());
    }

    /** A platform the monitor cannot reach: one alert for all its targets. */
    PagerEvent platformTrigger(String dedupKey, String platform, List<String> targets, ProbeRun run, String severity,
                               int bad, int window) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("platform", platform);
        details.put("targets", targets);
        details.put("bad_runs", bad + " of the last " + window + " runs on the platform");
        runDetails(details, run);
        String summary = clip("platform " + platform + ": unreachable from the monitor (platform_unreachable in "
                + bad + " of the last " + window + " runs; targets: " + String.join(", ", targets) + ")");
        PagerEvent.Payload payload = new PagerEvent.Payload(secrets.clean(summary), platform, severity, timestamp(run),
                null, "platforms", FailureClass.PLATFORM_UNREACHABLE.wire(), details);
        return new PagerEvent(PagerEvent.TRIGGER, dedupKey, payload, links(null), PagerDutySender.CLIENT, site.url());
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
            details.put("failure", failure);
        }
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

    private List<PagerEvent.Link> links(String component) {
        String text = component == null ? site.name() + " status page" : site.name() + " status page: " + component;
        return List.of(new PagerEvent.Link(site.url(), text));
    }

    private static String timestamp(ProbeRun run) {
        Instant at = run.finishedAt() != null ? run.finishedAt() : run.startedAt();
        return at == null ? null : at.toString();
    }

    private static String clip(String s) {
        return s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY - 1) + "…";
    }
}
