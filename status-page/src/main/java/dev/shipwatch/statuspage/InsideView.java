package dev.shipwatch.statuspage;

import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The component page's "Inside the platform": for each target, what the canary measured inside
 * the platform in its newest run that got that far (the file-system profile, CPU work, the
 * outbound call by phase), and the figures the regression detector found worse than over the
 * days before, as of the target's newest run. Display-ready strings, like {@link Views}.
 */
final class InsideView {
    private static final List<LatencyFigure> SHOWN = List.of(LatencyFigure.FS_OPS, LatencyFigure.FS_OPEN_READ,
            LatencyFigure.FS_STAT_MISSING, LatencyFigure.FS_CREATE_FSYNC, LatencyFigure.FS_LIST, LatencyFigure.CPU,
            LatencyFigure.OUTBOUND, LatencyFigure.OUTBOUND_DNS, LatencyFigure.OUTBOUND_CONNECT, LatencyFigure.OUTBOUND_TLS,
            LatencyFigure.OUTBOUND_TTFB);

    private InsideView() {}

    record Figure(String label, String value) {}

    /**
     * @param measured when the run the figures are from finished, or null when no run measured any
     * @param shifts   e.g. {@code cold start 2.3 × slower than the 7 days before, since 22 Nov 2026, 14:05 UTC}
     */
    record Target(String name, Views.Time measured, List<Figure> figures, List<String> shifts) {}

    /** One entry per target of the component that measured something or has a shift; empty when none has. */
    static List<Target> of(ZoneId zone, StatusModel.Component c) {
        List<Target> out = new ArrayList<>();
        for (StatusModel.TargetRuns t : c.targets()) {
            ProbeRun measured = t.recent().stream()
                    .filter(r -> r.outcome() == Outcome.SUCCESS || r.outcome() == Outcome.DEGRADED)
                    .filter(r -> SHOWN.stream().anyMatch(f -> f.of(r) != null)).findFirst().orElse(null);
            List<Figure> figures = new ArrayList<>();
            if (measured != null) {
                for (LatencyFigure f : SHOWN) {
                    Double v = f.of(measured);
                    if (v != null) {
                        figures.add(new Figure(capitalised(f.label()), f.perSecond() ? perSecond(v) : Format.millis(v)));
                    }
                }
            }
            List<String> shifts = t.lastRun() == null ? List.of() : t.lastRun().shifts().stream()
                    .map((FigureShift s) -> capitalised(s.describe(Format.local(s.since(), zone)))).toList();
            if (!figures.isEmpty() || !shifts.isEmpty()) {
                out.add(new Target(t.target().name(),
                        measured == null ? null : Views.time(StatusModel.finished(measured), zone), figures, shifts));
            }
        }
        return List.copyOf(out);
    }

    /** {@code 77,717 /s}: whole operations, grouped. */
    static String perSecond(double v) {
        return String.format(Locale.ENGLISH, "%,d /s", Math.round(v));
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
