package dev.shipwatch.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * kill -9 a real monitor again and again at random moments (runs, alert sends, checkpoints,
 * rollups, start-up) and count unreadable databases, lost runs and lost alert events. Run on
 * demand by bench/crash/run.sh (named *Bench so surefire never runs it). Exit code 0 when
 * nothing was lost.
 *
 * <p>Arguments: {@code [--kills N] [--targets N] [--max-life MS] [--seed N]} (defaults 1000, 20, 6000, random).
 */
public final class CrashBench {
    public static void main(String[] args) throws Exception {
        int kills = 1000;
        int targets = 20;
        long maxLife = 6000;
        long seed = System.nanoTime();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--targets" -> targets = Integer.parseInt(args[++i]);
                case "--max-life" -> maxLife = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: CrashBench [--kills N] [--targets N] [--max-life MS] [--seed N]");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createTempDirectory("crash-bench");
        System.out.printf("crash bench: %d kills of a monitor with %d targets, each 0-%d ms after its start, seed %d, in %s%n",
                kills, targets, maxLife, seed, dir);
        long t0 = System.nanoTime();
        CrashHarness.Result total;
        try (CrashHarness harness = new CrashHarness(dir, targets)) {
            Random random = new Random(seed);
            int done = 0;
            CrashHarness.Result sum = null;
            int step = Math.max(1, Math.min(100, kills / 10));
            while (done < kills) {
                int n = Math.min(step, kills - done);
                CrashHarness.Result r = harness.kill(n, random, Duration.ofMillis(maxLife));
                sum = sum == null ? r : add(sum, r);
                done += n;
                System.out.printf("  %d/%d: %s (%.0f s)%n", done, kills, sum, (System.nanoTime() - t0) / 1e9);
                r.lostRuns().forEach(l -> System.out.println("    " + l));
                r.lostAlerts().forEach(l -> System.out.println("    " + l));
                r.exitedByThemselves().forEach(l -> System.out.println("    " + l));
                r.neverUp().forEach(l -> System.out.println("    " + l));
            }
            total = sum;
        }
        System.out.println("result: " + total);
        System.exit(total.nothingLost() ? 0 : 1);
    }

    private static CrashHarness.Result add(CrashHarness.Result a, CrashHarness.Result b) {
        var runs = new java.util.ArrayList<>(a.lostRuns());
        runs.addAll(b.lostRuns());
        var alerts = new java.util.ArrayList<>(a.lostAlerts());
        alerts.addAll(b.lostAlerts());
        var exited = new java.util.ArrayList<>(a.exitedByThemselves());
        exited.addAll(b.exitedByThemselves());
        var neverUp = new java.util.ArrayList<>(a.neverUp());
        neverUp.addAll(b.neverUp());
        return new CrashHarness.Result(a.kills() + b.kills(), a.unreadable() + b.unreadable(), runs, alerts,
                a.runsStarted() + b.runsStarted(), a.runsFinished() + b.runsFinished(), b.alertsReceived(),
                a.startedUp() + b.startedUp(), exited, neverUp);
    }
}
