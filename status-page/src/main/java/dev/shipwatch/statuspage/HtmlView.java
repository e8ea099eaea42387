package dev.shipwatch.statuspage;

import dev.shipwatch.store.Failure;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The home page as display-ready strings, so templates only place text (always with
 * {@code th:text}) and hold no logic. Failures carry phase and class only: the stored message
 * may hold internal detail and never reaches the public page.
 */
record HtmlView(String siteName, Banner banner, List<ComponentView> components, Time renderedAt) {

    record Banner(String text, String symbol, String css) {}

    /** A time as {@code <time datetime="iso" title="title">text</time>}. */
    record Time(String iso, String text, String title) {}

    /** @param lastChecked null when no target of the component has run yet */
    record ComponentView(String id, String name, String status, String symbol, String css, Time lastChecked,
                         List<TargetView> targets) {}

    /**
     * @param outcome null when the target has not run yet
     * @param failure e.g. {@code cold start failed: health_timeout}, or null
     */
    record TargetView(String name, String platform, String outcome, String outcomeSymbol, String outcomeCss,
                      Time when, String failure, List<String> breaches, List<Timing> timings) {}

    record Timing(String label, String value) {}

    static HtmlView of(StatusModel model) {
        ZoneId zone = model.site().timeZone();
        Instant now = model.renderedAt();
        List<ComponentView> components = new ArrayList<>();
        for (StatusModel.Component c : model.components()) {
            List<TargetView> targets = c.targets().stream().map(t -> target(t, zone)).toList();
            Time checked = c.lastCheckedAt() == null ? null
                    : new Time(Format.iso(c.lastCheckedAt()), Format.ago(c.lastCheckedAt(), now),
                    Format.local(c.lastCheckedAt(), zone));
            components.add(new ComponentView(c.id(), c.name(), c.status().label, c.status().symbol, c.status().css(),
                    checked, targets));
        }
        ComponentStatus overall = model.overall();
        return new HtmlView(model.site().name(), new Banner(overall.bannerText, overall.symbol, overall.css()),
                List.copyOf(components), localTime(now, zone));
    }

    private static TargetView target(StatusModel.TargetRuns t, ZoneId zone) {
        String platform = t.target().platform() == null ? null : t.target().platform().type();
        ProbeRun run = t.lastRun();
        if (run == null) {
            return new TargetView(t.target().name(), platform, null, null, "no-data", null, null, List.of(), List.of());
        }
        List<Timing> timings = new ArrayList<>();
        add(timings, "Build", run.phases().buildMs());
        add(timings, "Deploy", run.phases().deployMs());
        add(timings, "Cold start", run.phases().coldStartMs());
        add(timings, "First request", run.firstRequest() == null ? null : run.firstRequest().totalMs());
        add(timings, "Warm p95", run.warm() == null ? null : run.warm().p95Ms());
        List<String> breaches = run.breaches().stream()
                .map(b -> b.objective() + " " + b.actual() + " (objective " + b.limit() + ")").toList();
        return new TargetView(t.target().name(), platform, outcomeLabel(run.outcome()), outcomeSymbol(run.outcome()),
                run.outcome().wire(), localTime(StatusModel.finished(run), zone), failure(run.failure()), breaches,
                List.copyOf(timings));
    }

    /** Phase and class only, e.g. {@code cold start failed: health_timeout}; never the message. */
    static String failure(Failure f) {
        if (f == null) {
            return null;
        }
        String phase = f.phase() == null ? "run" : f.phase().wire().replace('_', ' ');
        return phase + " failed" + (f.failureClass() == null ? "" : ": " + f.failureClass().wire());
    }

    private static String outcomeLabel(Outcome o) {
        return switch (o) {
            case SUCCESS -> "Success";
            case DEGRADED -> "Degraded";
            case FAILED -> "Failed";
            case ABORTED -> "Aborted";
            case SKIPPED -> "Skipped";
            case RUNNING -> "Running";
        };
    }

    private static String outcomeSymbol(Outcome o) {
        return switch (o) {
            case SUCCESS -> ComponentStatus.OPERATIONAL.symbol;
            case DEGRADED -> ComponentStatus.DEGRADED_PERFORMANCE.symbol;
            case FAILED -> ComponentStatus.MAJOR_OUTAGE.symbol;
            case ABORTED, SKIPPED, RUNNING -> "–";
        };
    }

    private static void add(List<Timing> timings, String label, Double ms) {
        if (ms != null) {
            timings.add(new Timing(label, Format.millis(ms)));
        }
    }

    private static Time localTime(Instant t, ZoneId zone) {
        return new Time(Format.iso(t), Format.local(t, zone), null);
    }
}
