package dev.shipwatch.alerting;

import dev.shipwatch.config.AlertingConfig;
import dev.shipwatch.config.ConfigException;
import dev.shipwatch.config.ConfigLoader;
import dev.shipwatch.config.PlatformCatalog;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.SloBreach;
import dev.shipwatch.store.WarmStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Configs and runs for the alerting tests. */
final class Fixture {
    static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";
    private static final AtomicLong SEQ = new AtomicLong();
    /** Start times strictly increase (by at least 1 µs, the precision stored), so run order is never a tie. */
    private static final AtomicLong LAST_START_MICROS = new AtomicLong();

    private Fixture() {}

    /** Knows {@code local} and {@code container}, without settings. */
    static final PlatformCatalog PLATFORMS = new PlatformCatalog() {
        @Override
        public Set<String> types() {
            return Set.of("local", "container");
        }

        @Override
        public List<String> validate(String type, Map<String, Object> settings) {
            return List.of();
        }
    };

    /** Two local targets (local-java → "Local deploys", local-two → "Second"), H2 under {@code dir}; {@code alerting} is appended. */
    static String yaml(Path dir, String eventsUrl, String alerting) {
        try {
            Files.createDirectories(dir.resolve("canary/java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return """
                site: { name: Test Status, url: "https://status.example.com" }
                server: { admin-token: "${ADMIN_TOKEN:-}" }
                storage: { url: "jdbc:h2:file:%s" }
                targets:
                  - name: local-java
                    component: Local deploys
                    platform: { type: local }
                  - name: local-two
                    component: Second
                    platform: { type: local }
                alerting:
                  pagerduty: { routing-key: "${PD_ROUTING_KEY}", events-url: "%s" }
                """.formatted(dir.resolve("data/shipwatch"), eventsUrl) + alerting;
    }

    static ConfigLoader loader(Path dir, Map<String, String> env) {
        return new ConfigLoader(PLATFORMS, env, dir);
    }

    static Map<String, String> env() {
        return Map.of("PD_ROUTING_KEY", ROUTING_KEY);
    }

    static ShipwatchConfig config(Path dir, String yaml, Map<String, String> env) throws ConfigException {
        return loader(dir, env).parse(yaml, "test.yml");
    }

    static AlertingConfig alerting(Path dir, String yaml, Map<String, String> env) throws ConfigException {
        return loader(dir, env).parseAlerting(yaml, "test.yml");
    }

    /** A finished run of {@code target} on local, started now; FAILED runs fail cold start with {@code cls}. */
    static ProbeRun run(String target, String component, Outcome outcome, FailureClass cls, String message) {
        Instant now = Instant.now();
        long micros = LAST_START_MICROS.updateAndGet(last -> Math.max(last + 1, now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000));
        Instant start = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
        String id = target + "-" + SEQ.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        Failure failure = outcome == Outcome.FAILED
                ? new Failure(cls == FailureClass.PLATFORM_UNREACHABLE ? Phase.DEPLOY : Phase.COLD_START, cls, message) : null;
        List<SloBreach> breaches = outcome == Outcome.DEGRADED ? List.of(new SloBreach("cold-start", "5s", "7.2s")) : List.of();
        return new ProbeRun(id, target, "local", component, start, start.plusMillis(5), outcome, failure,
                new PhaseTimings(812.4, 15.2, outcome == Outcome.FAILED ? null : 402.7, 21.0), null,
                outcome == Outcome.FAILED ? null : new WarmStats(5, 0.6, 0.9, 1.1, 1.3), null, true, null, breaches);
    }
}
