package dev.shipwatch.prober;

import dev.shipwatch.config.Durations;
import dev.shipwatch.config.Slo;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.SloBreach;
import dev.shipwatch.store.WarmStats;
import dev.shipwatch.store.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Compares a run's figures with its target's objectives; keys are the config keys of {@code slo:}. */
final class SloCheck {
    private SloCheck() {}

    /** The objectives the measured figures break; figures not measured (null) break nothing. */
    static List<SloBreach> breaches(Slo slo, PhaseTimings phases, FirstRequest first, WarmStats warm, Workload workload) {
        var out = new ArrayList<SloBreach>();
        latency(out, "build", slo.build(), phases.buildMs());
        latency(out, "deploy", slo.deploy(), phases.deployMs());
        latency(out, "cold-start", slo.coldStart(), phases.coldStartMs());
        latency(out, "first-request", slo.firstRequest(), first == null ? null : first.totalMs());
        latency(out, "request-p95", slo.requestP95(), warm == null ? null : warm.p95Ms());
        if (workload != null) {
            rate(out, "fs-ops-per-s", slo.fsOpsPerS(), workload.fsOpsPerS());
            rate(out, "fs-open-read-per-s", slo.fsOpenReadPerS(), workload.fs().openReadPerS());
            rate(out, "fs-stat-missing-per-s", slo.fsStatMissingPerS(), workload.fs().statMissingPerS());
            rate(out, "fs-create-fsync-per-s", slo.fsCreateFsyncPerS(), workload.fs().createFsyncPerS());
            rate(out, "fs-list-per-s", slo.fsListPerS(), workload.fs().listPerS());
        }
        return out;
    }

    /** A rate below its minimum; a canary that did not measure it breaks nothing. */
    private static void rate(List<SloBreach> out, String key, Double minimum, Double actual) {
        if (minimum != null && actual != null && actual < minimum) {
            out.add(new SloBreach(key, count(minimum), count(actual)));
        }
    }

    private static void latency(List<SloBreach> out, String key, Duration limit, Double actualMs) {
        if (limit != null && actualMs != null && actualMs > limit.toNanos() / 1e6) {
            out.add(new SloBreach(key, Durations.format(limit), millis(actualMs)));
        }
    }

    /** {@code 2.6ms}, {@code 812ms}, {@code 7.2s}: short, and as precise as a reader needs. */
    static String millis(double ms) {
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1fms", ms);
        }
        if (ms < 1000) {
            return Math.round(ms) + "ms";
        }
        return String.format(Locale.ROOT, "%.1fs", ms / 1000);
    }

    private static String count(double n) {
        return Long.toString(Math.round(n));
    }
}
