package dev.shipwatch.alerting;

import dev.shipwatch.config.AlertingConfig;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.store.AlertStore;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The monitor's alerting in a process of its own, for {@link CrashRecoveryTest}: stores two
 * failed runs of local-java and hands them to alerting (which writes the trigger to the outbox
 * and starts sending it), prints {@code WRITTEN}, then waits to be killed — or exits when its
 * standard input ends, which it does when the test JVM that started it dies (its end of the
 * pipe closes), so that no child outlives a crashed or killed test run.
 *
 * <p>Arguments: the working directory and the fake's base URL.
 */
public final class CrashChild {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String yaml = Fixture.yaml(dir, args[1], "");
        ShipwatchConfig config = Fixture.config(dir, yaml, Fixture.env());
        AlertingConfig alerting = Fixture.alerting(dir, yaml, Fixture.env());
        Database db = Database.open(config.storage());
        Alerting a = new Alerting(alerting, config, db.runs(), AlertStore.of(db), MaintenanceCalendar.NONE, Clock.systemUTC(),
                new PagerDutySender(alerting.pagerDuty()), AlertingTest.FAST, Fixture.env());
        a.start();
        for (int i = 0; i < 2; i++) {
            ProbeRun run = Fixture.run("local-java", "Local deploys", Outcome.FAILED, FailureClass.HEALTH_TIMEOUT, "no answer");
            db.runs().finished(run, Duration.ofMinutes(10));
            a.onRun(run);
        }
        System.out.println("WRITTEN");
        System.out.flush();
        while (System.in.read() != -1) {
            // the parent writes nothing; end of input means it is gone
        }
        System.exit(3);
    }
}
