package dev.shipwatch.alerting;

import dev.shipwatch.config.AlertingConfig;
import dev.shipwatch.config.ShipwatchConfig;
import dev.shipwatch.store.AlertStore;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How long from the run that crosses the threshold being stored to PagerDuty (the fake, on
 * 127.0.0.1) receiving the trigger? Run on demand by bench/alert-latency/run.sh (named *Bench so
 * surefire never runs it).
 *
 * <p>N targets on an H2 file database, production settings ({@link Alerting.Settings#DEFAULT}),
 * the real PagerDuty client. For each target in turn: one failed run stored and handed to
 * alerting (no page: 1 of 2), then a second one — the clock starts when the store returns — and
 * the clock stops when the fake has read the trigger for that target. Two unmeasured alerts warm
 * the JVM up first. Goal: median ≤ 100 ms. Exit code 0 when it holds, 1 otherwise.
 *
 * <p>Arguments: {@code [--alerts N]} (default 20).
 */
public final class AlertLatencyBench {
    private static final int WARMUP = 2;
    private static final double GOAL_MEDIAN_MS = 100;

    public static void main(String[] args) throws Exception {
        int alerts = 20;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--alerts") && i + 1 < args.length) {
                alerts = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: AlertLatencyBench [--alerts N]");
                System.exit(2);
            }
        }
        Path dir = Files.createTempDirectory("alert-latency");
        Files.createDirectories(dir.resolve("canary/java"));
        int total = alerts + WARMUP;
        StringBuilder yaml = new StringBuilder();
        try (FakePagerDuty fake = new FakePagerDuty()) {
            yaml.append("storage: { url: \"jdbc:h2:file:").append(dir.resolve("data/shipwatch")).append("\" }\ntargets:\n");
            for (int i = 0; i < total; i++) {
                yaml.append("  - { name: bench-").append(i).append(", platform: { type: local } }\n");
            }
            yaml.append("alerting:\n  pagerduty: { routing-key: \"${PD_ROUTING_KEY}\", events-url: \"")
                    .append(fake.baseUrl()).append("\" }\n");
            ShipwatchConfig config = Fixture.config(dir, yaml.toString(), Fixture.env());
            AlertingConfig alerting = Fixture.alerting(dir, yaml.toString(), Fixture.env());
            List<Double> ms = new ArrayList<>();
            try (Database db = Database.open(config.storage());
                 Alerting a = new Alerting(alerting, config, db.runs(), AlertStore.of(db), MaintenanceCalendar.NONE,
                         Clock.systemUTC(), new PagerDutySender(alerting.pagerDuty()), Alerting.Settings.DEFAULT, Fixture.env())) {
                a.start();
                for (int i = 0; i < total; i++) {
                    String target = "bench-" + i;
                    record(db, a, target);
                    ProbeRun crossing = Fixture.run(target, target, Outcome.FAILED, FailureClass.DEPLOY_FAILED, "exit 1");
                    db.runs().finished(crossing, Duration.ofMinutes(10));
                    long stored = System.nanoTime();
                    a.onRun(crossing);
                    FakePagerDuty.Received got = awaitTrigger(fake, Alerting.TARGET_KEY + target);
                    if (i >= WARMUP) {
                        ms.add((got.atNanos() - stored) / 1e6);
                    }
                }
            }
            List<Double> sorted = ms.stream().sorted(Comparator.naturalOrder()).toList();
            double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            double max = sorted.get(sorted.size() - 1);
            System.out.printf(Locale.ROOT, "alerts: %d (after %d warm-up)%n", ms.size(), WARMUP);
            System.out.printf(Locale.ROOT, "each (ms): %s%n", ms.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
            System.out.printf(Locale.ROOT, "run stored -> trigger received: median %.1f ms, max %.1f ms (goal: median <= %.0f ms): %s%n",
                    median, max, GOAL_MEDIAN_MS, median <= GOAL_MEDIAN_MS ? "goal met" : "GOAL MISSED");
            System.exit(median <= GOAL_MEDIAN_MS ? 0 : 1);
        }
    }

    private static void record(Database db, Alerting a, String target) {
        ProbeRun run = Fixture.run(target, target, Outcome.FAILED, FailureClass.DEPLOY_FAILED, "exit 1");
        db.runs().finished(run, Duration.ofMinutes(10));
        a.onRun(run);
    }

    private static FakePagerDuty.Received awaitTrigger(FakePagerDuty fake, String key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<FakePagerDuty.Received> got = fake.ingested().stream().filter(r -> key.equals(r.dedupKey())).findFirst();
            if (got.isPresent()) {
                return got.get();
            }
            // The timestamp is taken by the fake when it reads the request, not here: polling adds no error.
            Thread.sleep(1);
        }
        throw new IllegalStateException("no trigger for " + key + " within 30 s");
    }
}
