package dev.shipwatch.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.FsProfile;
import dev.shipwatch.store.OutboundTimings;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.SloBreach;
import dev.shipwatch.store.WarmStats;
import dev.shipwatch.store.Workload;

/** The one-line JSON of {@code probe --json}; field names are a public contract (see the README). */
final class RunJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunJson() {}

    static String of(ProbeRun run) {
        ObjectNode o = JSON.createObjectNode();
        o.put("target", run.target());
        o.put("platform", run.platform());
        o.put("location", run.location());
        o.put("run_id", run.id());
        o.put("outcome", run.outcome().wire());
        if (run.failure() == null) {
            o.putNull("failure");
        } else {
            ObjectNode f = o.putObject("failure");
            f.put("phase", run.failure().phase() == null ? null : run.failure().phase().wire());
            f.put("class", run.failure().failureClass().wire());
            f.put("message", run.failure().message());
        }
        PhaseTimings p = run.phases();
        ObjectNode phases = o.putObject("phases_ms");
        phases.put("build", round(p.buildMs()));
        phases.put("deploy", round(p.deployMs()));
        phases.put("cold_start", round(p.coldStartMs()));
        phases.put("teardown", round(p.teardownMs()));
        FirstRequest fr = run.firstRequest();
        if (fr == null) {
            o.putNull("first_request_ms");
        } else {
            ObjectNode f = o.putObject("first_request_ms");
            f.put("dns", round(fr.dnsMs()));
            f.put("connect", round(fr.connectMs()));
            f.put("tls", round(fr.tlsMs()));
            f.put("ttfb", round(fr.ttfbMs()));
            f.put("transfer", round(fr.transferMs()));
            f.put("total", round(fr.totalMs()));
        }
        WarmStats w = run.warm();
        if (w == null) {
            o.putNull("warm_request_ms");
        } else {
            ObjectNode f = o.putObject("warm_request_ms");
            f.put("count", w.count());
            f.put("p50", round(w.p50Ms()));
            f.put("p95", round(w.p95Ms()));
            f.put("p99", round(w.p99Ms()));
            f.put("max", round(w.maxMs()));
        }
        Workload wl = run.workload();
        ObjectNode work = o.putObject("workload");
        work.put("fs_ops_per_s", whole(wl.fsOpsPerS()));
        work.put("cpu_ms", round(wl.cpuMs()));
        work.put("outbound_ms", round(wl.outboundMs()));
        FsProfile fs = wl.fs();
        if (fs.equals(FsProfile.NONE)) {
            work.putNull("fs_profile_per_s");
        } else {
            ObjectNode f = work.putObject("fs_profile_per_s");
            f.put("open_read", whole(fs.openReadPerS()));
            f.put("stat_missing", whole(fs.statMissingPerS()));
            f.put("create_fsync", whole(fs.createFsyncPerS()));
            f.put("list", whole(fs.listPerS()));
        }
        OutboundTimings out = wl.outbound();
        if (out.equals(OutboundTimings.NONE)) {
            work.putNull("outbound_phases_ms");
        } else {
            ObjectNode f = work.putObject("outbound_phases_ms");
            f.put("dns", round(out.dnsMs()));
            f.put("connect", round(out.connectMs()));
            f.put("tls", round(out.tlsMs()));
            f.put("ttfb", round(out.ttfbMs()));
        }
        o.put("nonce_verified", run.nonceVerified());
        var breaches = o.putArray("slo_breaches");
        for (SloBreach b : run.breaches()) {
            breaches.addObject().put("objective", b.objective()).put("limit", b.limit()).put("actual", b.actual());
        }
        var shifts = o.putArray("shifts");
        for (FigureShift s : run.shifts()) {
            shifts.addObject().put("figure", s.figure().wire()).put("text", s.describe(s.since().toString()))
                    .put("factor", Math.round(s.factor() * 100) / 100.0).put("since", s.since().toString())
                    .put("baseline_median", Math.round(s.baselineMedian() * 10) / 10.0)
                    .put("recent_median", Math.round(s.recentMedian() * 10) / 10.0)
                    .put("baseline_runs", s.baselineRuns()).put("recent_runs", s.recentRuns());
        }
        return o.toString();
    }

    /** Operations per second: whole numbers. */
    private static Double whole(Double perS) {
        return perS == null ? null : (Double) (double) Math.round(perS);
    }

    /** One decimal: timings are not more precise than that. */
    private static Double round(Double ms) {
        return ms == null ? null : Math.round(ms * 10) / 10.0;
    }
}
