package dev.shipwatch.prober.canary;

import dev.shipwatch.prober.platform.PhaseFailure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.WarmStats;
import dev.shipwatch.store.Workload;
import java.net.URI;
import java.time.Duration;

/** Talks to a deployed canary (CONTRACTS.md §3) and times it. Work in progress: API only. */
public final class CanaryClient implements AutoCloseable {

    public CanaryClient(Duration requestTimeout) {
    }

    public ColdStart awaitHealthy(URI base, String expectedNonce, Duration timeout, Duration pollInterval, AliveCheck alive)
            throws PhaseFailure, InterruptedException {
        throw new PhaseFailure(FailureClass.INTERNAL, "not implemented yet");
    }

    public FirstRequest firstRequest(URI base) throws PhaseFailure {
        throw new PhaseFailure(FailureClass.INTERNAL, "not implemented yet");
    }

    public WarmStats warmRequests(URI base, int count) throws PhaseFailure {
        throw new PhaseFailure(FailureClass.INTERNAL, "not implemented yet");
    }

    public Workload workload(URI base, String token, boolean outbound) throws PhaseFailure {
        throw new PhaseFailure(FailureClass.INTERNAL, "not implemented yet");
    }

    @Override
    public void close() {
    }
}
