package dev.shipwatch.statuspage.report;

import dev.shipwatch.config.CanarySpec;
import dev.shipwatch.config.Objectives;
import dev.shipwatch.config.PlatformSpec;
import dev.shipwatch.config.ReportAccess;
import dev.shipwatch.config.ReportConfig;
import dev.shipwatch.config.Schedule;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.Slo;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Storage;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.Workload;
import dev.shipwatch.store.OutboundTimings;
import dev.shipwatch.store.FsProfile;
import dev.shipwatch.store.RunHistory;
import dev.shipwatch.store.WarmStats;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A real H2 database in memory with runs stored through the run store (so rollups are the real ones). */
final class ReportDb implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();
    final Database db = Database.open(new Storage("jdbc:h2:mem:report-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));

    static Target target(String name, String component) {
        return new Target(name, component, new PlatformSpec("local", Map.of()), new CanarySpec(Path.of("canary/java"), null),
                Schedule.every(Duration.ofHours(6)), 20, null, Slo.NONE);
    }

    /** A finished run of {@code target} started at {@code start} whose outcome holds at most {@code hold}. */
    ReportDb run(String target, String start, Outcome outcome, Duration hold, Double coldStartMs) {
        Instant at = Instant.parse(start);
        db.runs().finished(new ProbeRun("r" + IDS.incrementAndGet(), target, "local", target, at, at.plusSeconds(30), outcome,
                outcome == Outcome.FAILED ? new Failure(Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "boom") : null,
                new PhaseTimings(1000.0, 200.0, coldStartMs, 10.0), null,
                coldStartMs == null ? null : new WarmStats(20, 1.0, 2.0, 3.0, 4.0),
                // what the canary measured inside the platform, from the cold start on (a run that got that far)
                coldStartMs == null ? null : new Workload(coldStartMs * 10, coldStartMs / 10, null,
                        new FsProfile(coldStartMs * 300, coldStartMs * 2000, 200.0, 8000.0), OutboundTimings.NONE),
                true, null, List.of()), hold);
        return this;
    }

    Reports reports(ZoneId zone, List<Target> targets, ReportConfig config, Instant now) {
        return new Reports(new Site("Example", "https://status.example.com", zone), targets,
                StatusPageConfig.derive(targets), config, db.runs(), new RunHistory(db.dataSource()), db.incidents(),
                db.maintenance(), Clock.fixed(now, ZoneOffset.UTC));
    }

    static ReportConfig config(Objectives defaults, Map<String, Objectives> targets) {
        return new ReportConfig(ReportAccess.ADMIN, 3, defaults, targets, Map.of());
    }

    @Override
    public void close() {
        db.close();
    }
}
