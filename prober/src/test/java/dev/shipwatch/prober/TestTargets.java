package dev.shipwatch.prober;

import dev.shipwatch.config.CanarySpec;
import dev.shipwatch.config.PlatformSpec;
import dev.shipwatch.config.Schedule;
import dev.shipwatch.config.Slo;
import dev.shipwatch.config.Target;
import dev.shipwatch.config.Timeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Targets on the local platform, built the way config would build them, for tests. */
public final class TestTargets {
    /** The real canary, relative to the prober module (the tests' working directory). */
    public static final Path REAL_CANARY = Path.of("../canary/java");
    public static final Timeouts GENEROUS = new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(20),
            Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(10));

    private TestTargets() {}

    /** A test fixture canary from {@code src/test/resources/canaries/<name>}. */
    public static Path fixture(String name) {
        return Path.of("src/test/resources/canaries", name);
    }

    public static Target local(String name, Path canary) {
        return local(name, canary, GENEROUS, Slo.NONE);
    }

    public static Target local(String name, Path canary, Timeouts timeouts, Slo slo) {
        return new Target(name, "Local " + name, new PlatformSpec("local", Map.of()), new CanarySpec(canary, null),
                Schedule.every(Duration.ofMinutes(1)), 5, timeouts, slo);
    }

    public static Timeouts withColdStart(Duration coldStart) {
        Timeouts t = GENEROUS;
        return new Timeouts(t.build(), t.deploy(), coldStart, t.request(), t.teardown());
    }
}
