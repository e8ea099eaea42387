package dev.shipwatch.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipwatch.store.FirstRequest;
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
        work.put("fs_ops_per_s", wl.fsOpsPerS() == null ? null : (Double) (double) Math.round(wl.fsOpsPerS()));
        work.put("cpu_ms", round(wl.cpuMs()));
        work.put("outbound_ms", round(wl.outboundMs()));
        o.put("nonce_verified", run.nonceVerified());
        var breaches = o.putArray("slo_breaches");
        for (SloBreach b : run.breaches()) {
            breaches.addObject().put("objective", b.objective()).put("limit", b.limit()).put("actual", b.actual());
        }
        return o.toString();
    }

    /** One decimal: timings are not more precise than that. */
    private static Double round(Double ms) {
        return ms == null ? null : Math.round(ms * 10) / 10.0;
    }
}
