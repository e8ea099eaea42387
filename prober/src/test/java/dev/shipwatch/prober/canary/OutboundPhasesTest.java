package dev.shipwatch.prober.canary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.CanarySpec;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.ProbeRunner;
import dev.shipwatch.prober.TestTargets;
import dev.shipwatch.prober.platform.local.LocalPlatformFactory;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run on the local platform whose canary calls a real HTTPS server on 127.0.0.1 with a
 * self-signed certificate, trusted through {@code canary.outbound-ca}: the call reaches the run
 * split into DNS, connect, TLS and first byte, next to the file-system profile.
 */
class OutboundPhasesTest {
    private static final long SERVER_THINKS_MS = 80;

    @TempDir
    Path dir;

    @Test
    void anHttpsOutboundCallIsRecordedPhaseByPhase() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir);
        try (TestServer server = TestServer.https(certificate, ex -> {
            try {
                Thread.sleep(SERVER_THINKS_MS); // the server's think time: the canary must count it as time to first byte
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestServer.respond(ex, 200, "ok");
        })) {
            Target local = TestTargets.local("outbound-phases", TestTargets.REAL_CANARY);
            Target target = new Target(local.name(), local.component(), local.platform(),
                    new CanarySpec(TestTargets.REAL_CANARY, server.baseByName() + "/", certificate.pem()),
                    local.schedule(), local.requests(), local.timeouts(), local.slo());
            Path runs = dir.resolve("runs");

            ProbeRun run;
            try (var runner = new ProbeRunner(runs, "test-node", Clock.systemUTC())) {
                run = runner.run(target, new LocalPlatformFactory().create(target, runs), null);
            }

            assertThat(run.failure()).isNull();
            assertThat(run.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(server.requests()).isEqualTo(1);
            assertThat(run.workload().outboundMs()).isGreaterThanOrEqualTo((double) SERVER_THINKS_MS);
            assertThat(run.workload().outbound()).satisfies(o -> {
                assertThat(o.dnsMs()).isNotNull().isNotNegative();
                assertThat(o.connectMs()).isNotNegative();
                assertThat(o.tlsMs()).isPositive();
                assertThat(o.ttfbMs()).isGreaterThanOrEqualTo(SERVER_THINKS_MS - 1.0);
            });
            assertThat(run.workload().fs().openReadPerS()).isPositive();
            assertThat(run.workload().fs().statMissingPerS()).isPositive();
            assertThat(run.workload().fs().createFsyncPerS()).isPositive();
            assertThat(run.workload().fs().listPerS()).isPositive();
        }
    }
}
