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
import dev.shipwatch.statuspage.StaticExport;
import dev.shipwatch.statuspage.StatusPage;
import dev.shipwatch.statuspage.StatusPageServer;
import dev.shipwatch.store.ComponentState;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.IncidentDraft;
import dev.shipwatch.store.IncidentImpact;
import dev.shipwatch.store.IncidentStatus;
import dev.shipwatch.store.MaintenanceDraft;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/status-page: 50 components with a year of 5-minute runs; the same bytes of {@code /} and
 * {@code /api/v2/summary.json} served by (a) the monitor's status page server, (b) nginx from the
 * {@code export-static} copy and (c) a bare Vert.x server answering from one buffer, each
 * measured with {@code wrk -t2 -c64 -d15s --latency} after a warm-up, all on 127.0.0.1 with no
 * probe running. Prints requests/s, p99 and the ratios against the goals.
 *
 * <p>Arguments: {@code --dir DIR} (work folder; the seeded database is reused when present),
 * {@code --components N} (50), {@code --days N} (365), {@code --duration S} (15), {@code --warmup S} (5).
 */
public final class StatusPageBench {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("--dir", "target/bench-status-page", "--components", "50",
                "--days", "365", "--duration", "15", "--warmup", "5"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        Path dir = Path.of(opt.get("--dir")).toAbsolutePath();
        int components = Integer.parseInt(opt.get("--components"));
        int days = Integer.parseInt(opt.get("--days"));
        int duration = Integer.parseInt(opt.get("--duration"));
        int warmup = Integer.parseInt(opt.get("--warmup"));
        Files.createDirectories(dir);

        List<Target> targets = new ArrayList<>();
        List<ComponentSpec> specs = new ArrayList<>();
        List<GroupSpec> groups = new ArrayList<>();
        for (int g = 0; g < (components + 9) / 10; g++) {
            groups.add(new GroupSpec("group-" + (g + 1), "Platform group " + (g + 1), null));
        }
        for (int i = 1; i <= components; i++) {
            String name = String.format(Locale.ROOT, "target-%02d", i);
            targets.add(new Target(name, "Component " + i, new PlatformSpec("local", Map.of()),
                    new CanarySpec(Path.of("canary/java"), null), Schedule.every(Duration.ofMinutes(5)), 20, null, Slo.NONE));
            specs.add(new ComponentSpec("component-" + i, "Component " + i, "Deploys to platform " + i,
                    "group-" + ((i - 1) / 10 + 1)));
        }
        StatusPageConfig config = new StatusPageConfig(groups, specs, false);
        Site site = new Site("Bench Status", "https://status.example.com", ZoneId.of("Europe/Berlin"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("db/shipwatch"), "", ""))) {
            seed(db, targets, days, now);
            StatusPage page = new StatusPage(site, config, targets, db.runs(), db.incidents(), db.maintenance(), Clock.systemUTC());
            long t0 = System.nanoTime();
            page.refresh();
            long first = System.nanoTime() - t0;
            t0 = System.nanoTime();
            page.refresh();
            long second = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "render: first refresh %.0f ms, second %.0f ms (reads %d targets' runs and rollups, renders every page)%n",
                    first / 1e6, second / 1e6, targets.size());

            Path site0 = dir.resolve("static");
            Map<String, Integer> files = StaticExport.write(page, site0);
            System.out.printf(Locale.ROOT, "export-static: %d files; / is %d bytes, summary.json %d bytes%n", files.size(),
                    files.get("index.html"), files.get("api/v2/summary.json"));

            Vertx vertx = Vertx.vertx();
            StatusPageServer monitor = new StatusPageServer(vertx, new Server("127.0.0.1", 0, ""), page, Map::of);
            monitor.start();
            byte[] index = Files.readAllBytes(site0.resolve("index.html"));
            byte[] summary = Files.readAllBytes(site0.resolve("api/v2/summary.json"));
            HttpServer bare = bareVertx(vertx, index, summary);
            int nginxPort = freePort();
            Process nginx = nginx(dir, site0, nginxPort);
            try {
                Map<String, Integer> servers = new LinkedHashMap<>();
                servers.put("monitor", monitor.port());
                servers.put("nginx", nginxPort);
                servers.put("bare vert.x", bare.actualPort());
                Map<String, double[]> results = new LinkedHashMap<>();
                // Warm every server and path up before measuring any, so no one is measured colder than another.
                for (String path : List.of("/", "/api/v2/summary.json")) {
                    for (int port : servers.values()) {
                        wrk("http://127.0.0.1:" + port + path, warmup);
                    }
                }
                for (String path : List.of("/", "/api/v2/summary.json")) {
                    for (Map.Entry<String, Integer> s : servers.entrySet()) {
                        results.put(s.getKey() + " " + path, parse(wrk("http://127.0.0.1:" + s.getValue() + path, duration)));
                    }
                }
                report(results);
                System.out.println("load average (1, 5, 15 min) at the end: " + loadAverage()
                        + " on " + Runtime.getRuntime().availableProcessors() + " cores; figures from a loaded machine are noise");
            } finally {
                nginx.destroy();
                nginx.waitFor(10, TimeUnit.SECONDS);
                monitor.close();
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The comparison server: 20 lines of Vert.x answering from one in-memory buffer per path. */
    static HttpServer bareVertx(Vertx vertx, byte[] index, byte[] summary) throws Exception {
        Buffer indexBuffer = Buffer.buffer(index);
        Buffer summaryBuffer = Buffer.buffer(summary);
        return vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals("/")) {
                req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(indexBuffer);
            } else if (req.path().equals("/api/v2/summary.json")) {
                req.response().putHeader("Content-Type", "application/json").end(summaryBuffer);
            } else {
                req.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** nginx (Debian's nginx-light) serving the export, as its README suggests; logs off as a CDN's would be. */
    static Process nginx(Path dir, Path root, int port) throws Exception {
        Path prefix = dir.resolve("nginx");
        Files.createDirectories(prefix.resolve("logs"));
        String conf = """
                worker_processes 2;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                daemon off;
                events { worker_connections 1024; }
                http {
                  include /etc/nginx/mime.types;
                  types { application/json json; application/atom+xml atom; image/svg+xml svg; }
                  access_log off;
                  sendfile on; tcp_nopush on; keepalive_requests 100000;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %3$s;
                    location / { try_files $uri $uri.html $uri/index.html =404; }
                  }
                }
                """.formatted(prefix, port, root);
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, conf);
        Process p = new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + Files.readString(prefix.resolve("logs/stdout.log")));
                }
                Thread.sleep(50); // waiting for a child process to listen; a bench, not a test
            }
        }
        throw new IllegalStateException("nginx did not listen on port " + port);
    }

    static String wrk(String url, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c64", "-d" + seconds + "s", "--latency", url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || out.contains("Non-2xx")) {
            throw new IllegalStateException("wrk against " + url + " failed:\n" + out);
        }
        return out;
    }

    /** requests/s and p99 in ms from wrk's output. */
    static double[] parse(String out) {
        Matcher rps = RPS.matcher(out);
        Matcher p99 = P99.matcher(out);
        if (!rps.find() || !p99.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + out);
        }
        double v = Double.parseDouble(p99.group(1));
        double ms = switch (p99.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
        return new double[] {Double.parseDouble(rps.group(1)), ms};
    }

    static void report(Map<String, double[]> r) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-32s %12s %10s%n", "server and path", "requests/s", "p99 ms");
        r.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-32s %12.0f %10.2f%n", k, v[0], v[1]));
        System.out.println();
        for (String path : List.of("/", "/api/v2/summary.json")) {
            double m = r.get("monitor " + path)[0];
            double bare = r.get("bare vert.x " + path)[0];
            double nginx = r.get("nginx " + path)[0];
            double p99 = r.get("monitor " + path)[1];
            System.out.printf(Locale.ROOT, "%-22s monitor/bare vert.x %.2f (goal >= 0.9: %s), monitor/nginx %.2f (goal >= 1.0: %s), "
                            + "monitor p99 %.2f ms (goal <= 10: %s)%n", path, m / bare, m / bare >= 0.9 ? "met" : "NOT met",
                    m / nginx, m / nginx >= 1.0 ? "met" : "NOT met", p99, p99 <= 10 ? "met" : "NOT met");
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * A year of 5-minute runs per target, written with JDBC batches, and their daily rollups
     * computed in SQL (runs are exactly 5 minutes apart, so each holds 300 000 ms); the store's
     * own write path would take hours for 5 million runs. Skipped when the database is already seeded.
     */
    static void seed(Database db, List<Target> targets, int days, Instant now) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM run_targets")) {
                rs.next();
                if (rs.getInt(1) >= targets.size()) {
                    System.out.println("seed: reusing the seeded database");
                    return;
                }
            }
            long t0 = System.nanoTime();
            c.setAutoCommit(false);
            Instant end = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(now.atZone(java.time.ZoneOffset.UTC).getHour()));
            Instant start = end.minus(Duration.ofDays(days));
            Random random = new Random(42);
            long total = 0;
            try (PreparedStatement targetRow = c.prepareStatement("INSERT INTO run_targets (target) VALUES (?)");
                 PreparedStatement run = c.prepareStatement("INSERT INTO probe_runs (id, target, platform, component, node, "
                         + "started_at, finished_at, outcome, hold_ms, failure_phase, failure_class, build_ms, deploy_ms, "
                         + "cold_start_ms, teardown_ms, fr_total_ms, fr_status, warm_count, warm_p50_ms, warm_p95_ms, "
                         + "warm_p99_ms, warm_max_ms, nonce_verified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,TRUE)")) {
                for (Target t : targets) {
                    targetRow.setString(1, t.name());
                    targetRow.executeUpdate();
                    int n = 0;
                    for (Instant at = start; at.isBefore(end); at = at.plus(Duration.ofMinutes(5))) {
                        double roll = random.nextDouble();
                        String outcome = roll < 0.002 ? "failed" : roll < 0.005 ? "degraded" : "success";
                        run.setString(1, t.name() + "-" + at.getEpochSecond());
                        run.setString(2, t.name());
                        run.setString(3, "local");
                        run.setString(4, t.component());
                        run.setString(5, "bench");
                        run.setObject(6, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
                        run.setObject(7, java.time.OffsetDateTime.ofInstant(at.plusSeconds(3), java.time.ZoneOffset.UTC));
                        run.setString(8, outcome);
                        run.setLong(9, 600_000);
                        run.setString(10, outcome.equals("failed") ? "deploy" : null);
                        run.setString(11, outcome.equals("failed") ? "deploy_failed" : null);
                        run.setDouble(12, 700 + random.nextDouble() * 300);
                        run.setDouble(13, 10 + random.nextDouble() * 20);
                        run.setDouble(14, 300 + random.nextDouble() * 200);
                        run.setDouble(15, 20);
                        run.setDouble(16, 2 + random.nextDouble());
                        run.setInt(17, 200);
                        run.setInt(18, 20);
                        run.setDouble(19, 0.5);
                        run.setDouble(20, 0.8 + random.nextDouble() * 0.4);
                        run.setDouble(21, 1.2);
                        run.setDouble(22, 1.5);
                        run.addBatch();
                        if (++n % 5000 == 0) {
                            run.executeBatch();
                            c.commit();
                        }
                    }
                    run.executeBatch();
                    c.commit();
                    total += n;
                }
            }
            s.executeUpdate("INSERT INTO daily_rollups (target, utc_day, run_count, success_count, degraded_count, failed_count, "
                    + "success_ms, degraded_ms, failed_ms, build_count, sum_build_ms, deploy_count, sum_deploy_ms, "
                    + "cold_start_count, sum_cold_start_ms, max_cold_start_ms, warm_count, sum_warm_p95_ms) "
                    + "SELECT target, CAST(started_at AS DATE), COUNT(*), "
                    + "SUM(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'degraded' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN outcome = 'success' THEN 300000 ELSE 0 END), SUM(CASE WHEN outcome = 'degraded' THEN 300000 ELSE 0 END), "
                    + "SUM(CASE WHEN outcome = 'failed' THEN 300000 ELSE 0 END), COUNT(*), SUM(build_ms), COUNT(*), SUM(deploy_ms), "
                    + "COUNT(*), SUM(cold_start_ms), MAX(cold_start_ms), COUNT(*), SUM(warm_p95_ms) "
                    + "FROM probe_runs GROUP BY target, CAST(started_at AS DATE)");
            c.commit();
            System.out.printf(Locale.ROOT, "seed: %d runs of %d targets over %d days in %.0f s%n", total, targets.size(), days,
                    (System.nanoTime() - t0) / 1e9);
        }
        // a little public history, as a real page has
        var incidents = db.incidents();
        incidents.create(new IncidentDraft("Component 3 deploys fail", IncidentStatus.IDENTIFIED, IncidentImpact.MAJOR,
                "Deploys to platform 3 time out; running apps are not affected.", Map.of("component-3", ComponentState.PARTIAL_OUTAGE),
                List.of(), null), now.minus(Duration.ofMinutes(40)));
        for (int i = 1; i <= 20; i++) {
            var incident = incidents.create(new IncidentDraft("Slow builds on platform " + i, IncidentStatus.INVESTIGATING,
                    IncidentImpact.MINOR, "Builds take longer than usual.", Map.of("component-" + i, ComponentState.DEGRADED_PERFORMANCE),
                    List.of(), null), now.minus(Duration.ofDays(i * 9L)));
            incidents.update(incident.id(), new dev.shipwatch.store.IncidentUpdateDraft(IncidentStatus.RESOLVED,
                    "Builds are back to normal.", Map.of(), List.of()), now.minus(Duration.ofDays(i * 9L)).plus(Duration.ofHours(2)));
        }
        db.maintenance().create(new MaintenanceDraft("Network upgrade", "Deploys may pause for a few minutes.",
                now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(2)).plus(Duration.ofHours(2)), List.of("component-1", "component-2")),
                now);
    }
}
