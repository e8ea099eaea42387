package dev.shipwatch.statuspage.bench;

import dev.shipwatch.config.CanarySpec;
import dev.shipwatch.config.ComponentSpec;
import dev.shipwatch.config.GroupSpec;
import dev.shipwatch.config.PlatformSpec;
import dev.shipwatch.config.Schedule;
import dev.shipwatch.config.Server;
import dev.shipwatch.config.Site;
import dev.shipwatch.config.Slo;
import dev.shipwatch.config.StatusPageConfig;
import dev.shipwatch.config.Storage;
import dev.shipwatch.config.Target;
import dev.shipwatch.statuspage.StatusPage;
import dev.shipwatch.statuspage.StatusPageServer;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FirstRequest;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.WarmStats;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * bench/status-page-refresh: what one refresh of the status page costs at 100, 1,000 and 10,000
 * components. Each component is fed by one target with 20 recent runs 5 minutes apart and 90
 * days of rollups (groups of 20), seeded afresh with JDBC batches into an H2 file database.
 * Measured per size, in one JVM:
 *
 * <ul>
 *   <li>the page's construction (every component without data) and its first full refresh
 *       (every target read, every page rendered): start-up;</li>
 *   <li>full refreshes after that ({@code refresh()}: every target read again, only changed
 *       pages rendered): what every run cost before the page refreshed incrementally, when each
 *       stored run called {@code refresh()}, minus the rendering of unchanged pages;</li>
 *   <li>the refresh after one stored run ({@code runStored} + {@code awaitRefreshed}, the run
 *       stored with the store's own write path, not timed), a tenth of them failing so that the
 *       component's status and badge change too; then its component's page over HTTP, which is
 *       rendered at its first request after a change;</li>
 *   <li>the minute tick ({@code changed} + {@code awaitRefreshed}: incidents and maintenance read
 *       again and every component evaluated again at the new time);</li>
 *   <li>the bytes of {@code /}, plain and gzip, over HTTP.</li>
 * </ul>
 *
 * <p>Arguments: {@code --dir DIR} (target/bench-status-page-refresh),
 * {@code --sizes 100,1000,10000}, {@code --runs N} (300 incremental refreshes per size),
 * {@code --full N} (5 full refreshes per size), {@code --ticks N} (5).
 */
public final class RefreshBench {
    /** Between seeded runs. */
    private static final Duration GAP = Duration.ofMinutes(5);
    /**
     * The targets' schedule: hourly, so that no target goes silent while the bench runs (it
     * stores runs of a few hundred targets, not of all every 5 minutes); a silent target's day
     * detail changes every hour and would be rendered again.
     */
    private static final Duration SCHEDULE = Duration.ofHours(1);

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("--dir", "target/bench-status-page-refresh",
                "--sizes", "100,1000,10000", "--runs", "300", "--full", "5", "--ticks", "5"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        Path dir = Path.of(opt.get("--dir")).toAbsolutePath();
        Files.createDirectories(dir);
        int runs = Integer.parseInt(opt.get("--runs"));
        int fulls = Integer.parseInt(opt.get("--full"));
        int ticks = Integer.parseInt(opt.get("--ticks"));
        List<String> rows = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try {
            for (String size : opt.get("--sizes").split(",")) {
                rows.add(measure(vertx, dir, Integer.parseInt(size.trim()), runs, fulls, ticks));
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        System.out.println();
        System.out.println("components | construct ms | first refresh ms | full refresh ms p50/p99 | one run's refresh ms p50/p99"
                + " | its page's first request ms p50/p99 | minute tick ms p50/p99 | / bytes (per component), gzip | heap after GC, direct buffers");
        rows.forEach(System.out::println);
        System.out.println("load average (1, 5, 15 min) at the end: " + loadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores");
    }

    private static String measure(Vertx vertx, Path dir, int n, int runCount, int fulls, int ticks) throws Exception {
        List<Target> targets = new ArrayList<>();
        List<ComponentSpec> specs = new ArrayList<>();
        List<GroupSpec> groups = new ArrayList<>();
        for (int g = 0; g < (n + 19) / 20; g++) {
            groups.add(new GroupSpec("group-" + g, "Platform group " + g, null));
        }
        for (int i = 0; i < n; i++) {
            String name = String.format(Locale.ROOT, "target-%05d", i);
            targets.add(new Target(name, "Component " + i, new PlatformSpec("local", Map.of()),
                    new CanarySpec(Path.of("canary/java"), null), Schedule.every(SCHEDULE), 20, null, Slo.NONE));
            specs.add(new ComponentSpec("component-" + i, "Component " + i, "Deploys to platform " + i, "group-" + i / 20));
        }
        StatusPageConfig config = new StatusPageConfig(groups, specs, false);
        Site site = new Site("Bench Status", "https://status.example.com", ZoneId.of("Europe/Berlin"));
        Clock clock = Clock.systemUTC();
        Path files = dir.resolve("db-" + n);
        if (Files.exists(files)) { // seeded again each time: runs a minute old, not hours
            try (var old = Files.walk(files)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + files.resolve("shipwatch"), "", ""))) {
            seed(db, targets, clock.instant());

            long t0 = System.nanoTime();
            StatusPage page = new StatusPage(site, config, targets, db.runs(), db.incidents(), db.maintenance(), clock);
            double construct = ms(System.nanoTime() - t0);
            t0 = System.nanoTime();
            page.refresh();
            double first = ms(System.nanoTime() - t0);
            double[] full = new double[fulls];
            for (int i = 0; i < fulls; i++) {
                t0 = System.nanoTime();
                page.refresh();
                full[i] = ms(System.nanoTime() - t0);
            }

            page.start();
            StatusPageServer server = new StatusPageServer(vertx, new Server("127.0.0.1", 0, ""), page, Map::of);
            server.start();
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            Random random = new Random(7);
            double[] one = new double[runCount];
            double[] firstRequest = new double[runCount];
            for (int i = 0; i < runCount; i++) {
                int c = random.nextInt(n);
                Target t = targets.get(c);
                db.runs().finished(run(t.name(), clock.instant(), random.nextInt(10) == 0), SCHEDULE.multipliedBy(2));
                t0 = System.nanoTime();
                page.runStored(t.name());
                page.awaitRefreshed();
                one[i] = ms(System.nanoTime() - t0);
                t0 = System.nanoTime();
                // rendered at its first request: over HTTP, as a reader's browser would ask
                http.send(HttpRequest.newBuilder(URI.create(base + "/components/component-" + c)).header("Accept-Encoding", "gzip")
                        .build(), HttpResponse.BodyHandlers.discarding());
                firstRequest[i] = ms(System.nanoTime() - t0);
            }
            double[] tick = new double[ticks];
            for (int i = 0; i < ticks; i++) {
                t0 = System.nanoTime();
                page.changed();
                page.awaitRefreshed();
                tick[i] = ms(System.nanoTime() - t0);
            }

            URI home = URI.create(base + "/");
            int plain = http.send(HttpRequest.newBuilder(home).build(), HttpResponse.BodyHandlers.ofByteArray()).body().length;
            int gzip = http.send(HttpRequest.newBuilder(home).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body().length;
            server.close();
            System.gc();
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            long direct = java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
                    .stream().filter(b -> b.getName().equals("direct")).mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed).sum();
            page.close();

            String row = String.format(Locale.ROOT, "%10d | %12.0f | %16.0f | %10.0f / %-10.0f | %12.1f / %-13.1f | %14.1f / %-14.1f | %9.0f / %-9.0f | %d (%d), %d | %d MB, %d MB",
                    n, construct, first, percentile(full, 50), percentile(full, 99), percentile(one, 50), percentile(one, 99),
                    percentile(firstRequest, 50), percentile(firstRequest, 99),
                    percentile(tick, 50), percentile(tick, 99), plain, plain / n, gzip, heap >> 20, direct >> 20);
            System.out.println(row);
            return row;
        }
    }

    private static ProbeRun run(String target, Instant finished, boolean fails) {
        Instant started = finished.minusSeconds(3);
        return new ProbeRun(target + "-" + finished.toEpochMilli() + "-" + System.nanoTime(), target, "local", "bench", started,
                finished, fails ? Outcome.FAILED : Outcome.SUCCESS,
                fails ? new Failure(Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "bench") : null,
                new PhaseTimings(812.4, 15.2, 412.0, 21.0), new FirstRequest(null, 0.3, null, 1.9, 0.1, 2.6, 200),
                new WarmStats(20, 0.6, 0.9, 1.1, 1.3), null, true, started, List.of());
    }

    /**
     * Per target: 20 runs 5 minutes apart up to 5 minutes ago, and 89 days of rollups before
     * today (a day in fifty with failed time, one in thirty degraded), with JDBC batches: the
     * store's write path would take long at 10,000 targets.
     */
    private static void seed(Database db, List<Target> targets, Instant now) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            c.setAutoCommit(false);
            Random random = new Random(42);
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            try (PreparedStatement targetRow = c.prepareStatement("INSERT INTO run_targets (target) VALUES (?)");
                 PreparedStatement run = c.prepareStatement("INSERT INTO probe_runs (id, target, platform, component, node, "
                         + "started_at, finished_at, outcome, hold_ms, build_ms, deploy_ms, cold_start_ms, teardown_ms, "
                         + "fr_total_ms, fr_status, warm_count, warm_p50_ms, warm_p95_ms, warm_p99_ms, warm_max_ms, "
                         + "nonce_verified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,TRUE)");
                 PreparedStatement rollup = c.prepareStatement("INSERT INTO daily_rollups (target, utc_day, run_count, "
                         + "success_count, degraded_count, failed_count, success_ms, degraded_ms, failed_ms, build_count, "
                         + "sum_build_ms, deploy_count, sum_deploy_ms, cold_start_count, sum_cold_start_ms, max_cold_start_ms, "
                         + "warm_count, sum_warm_p95_ms) VALUES (?,?,288,?,?,?,?,?,?,288,?,288,?,288,?,?,288,?)")) {
                int batched = 0;
                for (Target t : targets) {
                    targetRow.setString(1, t.name());
                    targetRow.addBatch();
                    for (int k = 20; k >= 1; k--) {
                        Instant started = now.minus(GAP.multipliedBy(k)).truncatedTo(ChronoUnit.SECONDS);
                        run.setString(1, t.name() + "-seed-" + k);
                        run.setString(2, t.name());
                        run.setString(3, "local");
                        run.setString(4, t.component());
                        run.setString(5, "bench");
                        run.setObject(6, OffsetDateTime.ofInstant(started, ZoneOffset.UTC));
                        run.setObject(7, OffsetDateTime.ofInstant(started.plusSeconds(3), ZoneOffset.UTC));
                        run.setString(8, "success");
                        run.setLong(9, SCHEDULE.multipliedBy(2).toMillis());
                        run.setDouble(10, 700 + random.nextDouble() * 300);
                        run.setDouble(11, 10 + random.nextDouble() * 20);
                        run.setDouble(12, 300 + random.nextDouble() * 200);
                        run.setDouble(13, 20);
                        run.setDouble(14, 2 + random.nextDouble());
                        run.setInt(15, 200);
                        run.setInt(16, 20);
                        run.setDouble(17, 0.5);
                        run.setDouble(18, 0.8 + random.nextDouble() * 0.4);
                        run.setDouble(19, 1.2);
                        run.setDouble(20, 1.5);
                        run.addBatch();
                    }
                    for (int d = 89; d >= 1; d--) {
                        int failed = random.nextInt(50) == 0 ? 1 + random.nextInt(20) : 0;
                        int degraded = random.nextInt(30) == 0 ? 1 + random.nextInt(20) : 0;
                        rollup.setString(1, t.name());
                        rollup.setObject(2, today.minusDays(d));
                        rollup.setInt(3, 288 - failed - degraded);
                        rollup.setInt(4, degraded);
                        rollup.setInt(5, failed);
                        rollup.setLong(6, (288L - failed - degraded) * 300_000);
                        rollup.setLong(7, degraded * 300_000L);
                        rollup.setLong(8, failed * 300_000L);
                        rollup.setDouble(9, 288 * 850.0);
                        rollup.setDouble(10, 288 * 20.0);
                        rollup.setDouble(11, 288 * 400.0);
                        rollup.setDouble(12, 700);
                        rollup.setDouble(13, 288 * 1.0);
                        rollup.addBatch();
                    }
                    if (++batched % 200 == 0) {
                        targetRow.executeBatch();
                        run.executeBatch();
                        rollup.executeBatch();
                        c.commit();
                    }
                }
                targetRow.executeBatch();
                run.executeBatch();
                rollup.executeBatch();
                c.commit();
            }
            System.out.printf(Locale.ROOT, "seed: %d targets (20 runs, 89 days of rollups each) in %.0f s%n", targets.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
