package dev.shipwatch.prober.platform;

import dev.shipwatch.config.Target;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a platform needs to know about the run in progress.
 *
 * @param nonce   the value the canary must report on {@code /health} (env {@code CANARY_NONCE})
 * @param token   the per-run secret for {@code /work/*} (env {@code CANARY_TOKEN}); never logged
 * @param workDir a directory private to this run, created by the runner, named after the run id
 */
public record RunContext(String runId, Target target, String nonce, String token, Path workDir) {
    /**
     * The canary's environment as every platform passes it (plus {@code PORT}, which the platform
     * chooses): {@code CANARY_NONCE}, {@code CANARY_TOKEN}, and when set {@code CANARY_OUTBOUND_URL}
     * and {@code CANARY_OUTBOUND_CA} (PEM text).
     */
    public Map<String, String> canaryEnv() {
        var env = new java.util.LinkedHashMap<String, String>();
        env.put("CANARY_NONCE", nonce);
        env.put("CANARY_TOKEN", token);
        if (target.canary().outboundUrl() != null) {
            env.put("CANARY_OUTBOUND_URL", target.canary().outboundUrl());
        }
        if (target.canary().outboundCa() != null) {
            env.put("CANARY_OUTBOUND_CA", target.canary().outboundCa());
        }
        return env;
    }

    @Override
    public String toString() {
        return "RunContext[runId=" + runId + ", target=" + target.name() + "]";
    }
}
