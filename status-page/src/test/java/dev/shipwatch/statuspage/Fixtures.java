package dev.shipwatch.statuspage;

import dev.shipwatch.config.CanarySpec;
import dev.shipwatch.config.PlatformSpec;
import dev.shipwatch.config.Schedule;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.Slo;
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
import dev.shipwatch.store.WarmStats;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Config and runs for the page tests. */
final class Fixtures {
    /** A summer instant, so Europe/Berlin shows as CEST. */
    static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");
    static final Site SITE = new Site("Example Status", "https://status.example.com", ZoneId.of("Europe/Berlin"));
    private static final AtomicInteger IDS = new AtomicInteger();

    private Fixtures() {}

    static Target target(String name, String component) {
        return new Target(name, component, new PlatformSpec("local", Map.of()), new CanarySpec(Path.of("canary/java"), null),
                Schedule.every(Duration.ofMinutes(1)), 20, null, Slo.NONE);
    }

    /** A successful run that finished {@code minutesAgo} before {@link #NOW}. */
    static ProbeRun success(String target, long minutesAgo) {
        return run(target, minutesAgo, Outcome.SUCCESS, null, List.of());
    }

    static ProbeRun degraded(String target, long minutesAgo) {
        return run(target, minutesAgo, Outcome.DEGRADED, null, List.of(new SloBreach("cold-start", "1s", "1.4s")));
    }

    static ProbeRun failed(String target, long minutesAgo, Phase phase, FailureClass failureClass, String message) {
        return run(target, minutesAgo, Outcome.FAILED, new Failure(phase, failureClass, message), List.of());
    }

    static ProbeRun ofOutcome(String target, long minutesAgo, Outcome outcome) {
        return run(target, minutesAgo, outcome, null, List.of());
    }

    private static ProbeRun run(String target, long minutesAgo, Outcome outcome, Failure failure, List<SloBreach> breaches) {
        Instant finished = NOW.minus(Duration.ofMinutes(minutesAgo));
        Instant started = finished.minusSeconds(3);
        return new ProbeRun("run-" + IDS.incrementAndGet(), target, "local", "ignored", started, finished, outcome,
                failure, new PhaseTimings(812.4, 15.2, 1412.0, 21.0),
                new FirstRequest(null, 0.3, null, 1.9, 0.1, 2.6, 200), new WarmStats(20, 0.6, 0.9, 1.1, 1.3),
                null, true, started, breaches);
    }
}
