package dev.shipwatch.app;

import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.LatencyHistogram;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * bench/report: seeds one year of 5-minute runs for 50 targets (about 5.3 million runs) into an H2
 * file through JDBC batch inserts — runs and the daily rollups consistent with them, computed by
 * the store's rules (counts by start day, each outcome held until the next run, capped at its
 * hold, split at UTC midnights, the latest run's interval left open; latency histograms per day)
 * — then times the
 * {@code report} command for one month and for the whole year, and prints the storage size.
 *
 * <p>Arguments: {@code [--dir DIR] [--targets 50] [--days 365] [--reuse] [--repeat 3]}.
 */
public final class ReportBench {
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration EVERY = Duration.ofMinutes(5);
    private static final long HOLD_MS = EVERY.multipliedBy(2).toMillis();
    private static final int BATCH = 20_000;
    /** probe_runs' secondary indexes as V1 creates them. */
    private static final Map<String, String> SECONDARY_INDEXES = new java.util.LinkedHashMap<>(Map.of(
            "idx_probe_runs_target_started", "(target, started_at)",
            "idx_probe_runs_node_outcome", "(node, outcome)",
            "idx_probe_runs_outcome", "(outcome)"));
    private static final String[] OUTCOME_COLUMNS = {"success", "degraded", "failed", "aborted", "skipped"};

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--reuse")) {
                opts.put("reuse", "true");
            } else {
                opts.put(args[i].substring(2), args[++i]);
            }
        }
        Path dir = Path.of(opts.getOrDefault("dir", "/tmp/shipwatch-report-bench")).toAbsolutePath();
        int targets = Integer.parseInt(opts.getOrDefault("targets", "50"));
        int days = Integer.parseInt(opts.getOrDefault("days", "365"));
        int repeat = Integer.parseInt(opts.getOrDefault("repeat", "3"));
        boolean reuse = opts.containsKey("reuse") && Files.exists(dir.resolve("shipwatch.mv.db"));
        Files.createDirectories(dir);
        Path config = writeConfig(dir, targets);
        String url = "jdbc:h2:file:" + dir.resolve("shipwatch");

        if (!reuse) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("shipwatch.")).toList()) {
                    Files.delete(f);
                }
            }
            try (Database db = Database.open(new Storage(url, "", ""))) {
                long t0 = System.nanoTime();
                long runs = seed(db, targets, days);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "seeded %,d runs of %d targets over %d days in %.1f s: %,.0f runs/s (goal ≥ 50,000)%n",
                        runs, targets, days, s, runs / s);
            }
        }
        long bytes = Files.size(dir.resolve("shipwatch.mv.db"));
        System.out.printf(Locale.ROOT, "storage: %s, %.1f MB (%.0f bytes per run)%n", dir.resolve("shipwatch.mv.db"),
                bytes / 1e6, (double) bytes / ((long) targets * days * 288));

        LocalDate first = LocalDate.ofInstant(START, ZoneOffset.UTC);
        String month = first.plusMonths(9).toString().substring(0, 7); // October: 745 h in Paris
        time("month " + month + " (Europe/Paris, 745 h)", repeat, 1.0,
                "report", "--config", config.toString(), "--month", month, "--format", "csv");
        time("year " + first + " .. " + first.plusDays(days), repeat, 3.0,
                "report", "--config", config.toString(), "--from", first.toString(), "--to", first.plusDays(days).toString(),
                "--format", "csv");
        time("month " + month + ", one target, table", repeat, 1.0,
                "report", "--config", config.toString(), "--month", month, "--target", "t07");
    }

    /** Runs the command in this JVM (as {@code shipwatch report} would, database opening included). */
    private static void time(String what, int repeat, double goalSeconds, String... args) {
        List<Double> seconds = new ArrayList<>();
        String lastOut = "";
        for (int i = 0; i < repeat + 1; i++) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            long t0 = System.nanoTime();
            int code = cli.execute(args);
            seconds.add((System.nanoTime() - t0) / 1e9);
            if (code != 0) {
                throw new IllegalStateException("report exited " + code + ": " + err);
            }
            lastOut = out.toString();
        }
        double firstRun = seconds.get(0);
        List<Double> warm = new ArrayList<>(seconds.subList(1, seconds.size()));
        warm.sort(null);
        double median = warm.get(warm.size() / 2);
        System.out.printf(Locale.ROOT, "report %-45s first in this JVM %.2f s, then median %.2f s of %d (goal ≤ %.0f s: %s); %d lines%n",
                what, firstRun, median, repeat, goalSeconds, median <= goalSeconds ? "met" : "MISSED",
                lastOut.lines().count());
    }

    private static Path writeConfig(Path dir, int targets) throws IOException {
        Path canary = Path.of("canary", "java").toAbsolutePath();
        if (!Files.isDirectory(canary)) {
            canary = Path.of("..", "canary", "java").toAbsolutePath().normalize();
        }
        StringBuilder yaml = new StringBuilder("""
                site: { name: Bench, time-zone: Europe/Paris }
                storage: { url: "jdbc:h2:file:%s" }
                reports:
                  objectives: { availability: 99.9, cold-start-p95: 2s, request-p99: 50ms }
                targets:
                """.formatted(dir.resolve("shipwatch")));
        for (int t = 0; t < targets; t++) {
            yaml.append("  - { name: t%02d, component: \"Region %d\", platform: { type: local }, canary: { path: \"%s\" } }\n"
                    .formatted(t, t / 5, canary));
        }
        Path file = dir.resolve("bench.yml");
        Files.writeString(file, yaml);
        return file;
    }

    // --- seeding ------------------------------------------------------------------------------

    /** One target's rollup of one UTC day, accumulated as its runs are generated. */
    private static final class Day {
        final int[] counts = new int[5];
        final long[] ms = new long[5];
        int buildCount, deployCount, coldCount, warmCount;
        double sumBuild, sumDeploy, sumCold, maxCold, sumWarmP95;
        /** One per LatencyFigure, in its order. */
        final LatencyHistogram[] histograms = java.util.stream.Stream.generate(LatencyHistogram::new)
                .limit(LatencyFigure.values().length).toArray(LatencyHistogram[]::new);
    }

    /** Two writers (the machine has two cores), each with its own connection and its own targets. */
    private static long seed(Database db, int targets, int days) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            // a bulk load: fewer, bigger MVStore commits
            s.execute("SET WRITE_DELAY 2000");
        }
        // A bulk load indexes once at the end rather than row by row (the secondary indexes of V1,
        // re-created below with the same definitions); the time includes building them.
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String index : SECONDARY_INDEXES.keySet()) {
                s.execute("DROP INDEX " + index);
            }
        }
        int writers = Integer.getInteger("bench.writers", 1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Long>> parts = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int first = w;
                parts.add(pool.submit(() -> {
                    long n = 0;
                    try (Connection c = db.dataSource().getConnection()) {
                        c.setAutoCommit(false);
                        for (int t = first; t < targets; t += writers) {
                            n += seedTarget(c, String.format(Locale.ROOT, "t%02d", t), t, days);
                        }
                    }
                    return n;
                }));
            }
            long total = 0;
            for (var part : parts) {
                total += part.get();
            }
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                for (Map.Entry<String, String> index : SECONDARY_INDEXES.entrySet()) {
                    s.execute("CREATE INDEX " + index.getKey() + " ON probe_runs " + index.getValue());
                }
            }
            return total;
        } finally {
            pool.shutdown();
        }
    }

    private static long seedTarget(Connection c, String target, int index, int days) throws SQLException {
        Random random = new Random(index);
        String component = "Region " + index / 5;
        Map<LocalDate, Day> rollups = new HashMap<>();
        Instant end = START.plus(Duration.ofDays(days));
        long count = 0;
        try (PreparedStatement run = c.prepareStatement("INSERT INTO probe_runs (id, target, platform, component, node, "
                + "started_at, finished_at, outcome, hold_ms, failure_phase, failure_class, failure_message, build_ms, "
                + "deploy_ms, cold_start_ms, teardown_ms, fr_ttfb_ms, fr_total_ms, fr_status, warm_count, warm_p50_ms, "
                + "warm_p95_ms, warm_p99_ms, warm_max_ms, nonce_verified) "
                + "VALUES (?, ?, 'local', ?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)")) {
            Instant prevStart = null;
            int prevOutcome = -1;
            int inBatch = 0;
            for (Instant at = START.plusSeconds(index); at.isBefore(end); at = at.plus(EVERY)) {
                long minuteOfMonth = Duration.between(START, at).toMinutes() % (30L * 24 * 60);
                // a two-hour gap every 30 days: no data
                if (minuteOfMonth >= 600 && minuteOfMonth < 720) {
                    continue;
                }
                double roll = random.nextDouble();
                int outcome = roll < 0.004 ? 2 : roll < 0.006 ? 1 : roll < 0.0065 ? 3 : roll < 0.007 ? 4 : 0;
                boolean measured = outcome != 4;
                boolean failed = outcome == 2;
                double build = 800 + random.nextGaussian() * 80;
                double deploy = 150 + random.nextDouble() * 50;
                Double cold = measured && !failed ? 300 + random.nextDouble() * 900 + (random.nextDouble() < 0.02 ? 3000 : 0) : null;
                double p50 = 1 + random.nextDouble();
                int i = 1;
                run.setString(i++, target + "-" + count);
                run.setString(i++, target);
                run.setString(i++, component);
                run.setObject(i++, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                run.setObject(i++, OffsetDateTime.ofInstant(at.plusSeconds(2), ZoneOffset.UTC));
                run.setString(i++, OUTCOME_COLUMNS[outcome]);
                run.setLong(i++, HOLD_MS);
                if (failed) {
                    run.setString(i++, "cold_start");
                    run.setString(i++, "health_timeout");
                    run.setString(i++, "no answer from /health");
                } else {
                    run.setNull(i++, Types.VARCHAR);
                    run.setNull(i++, Types.VARCHAR);
                    run.setNull(i++, Types.VARCHAR);
                }
                setDouble(run, i++, measured ? build : null);
                setDouble(run, i++, measured ? deploy : null);
                setDouble(run, i++, cold);
                setDouble(run, i++, measured ? 20.0 : null);
                setDouble(run, i++, cold == null ? null : p50 + 1);
                setDouble(run, i++, cold == null ? null : p50 + 2);
                if (cold == null) {
                    run.setNull(i++, Types.INTEGER);
                    run.setNull(i++, Types.INTEGER);
                } else {
                    run.setInt(i++, 200);
                    run.setInt(i++, 20);
                }
                setDouble(run, i++, cold == null ? null : p50);
                setDouble(run, i++, cold == null ? null : p50 * 2);
                setDouble(run, i++, cold == null ? null : p50 * 3);
                setDouble(run, i++, cold == null ? null : p50 * 4);
                run.addBatch();
                count++;

                Day day = rollups.computeIfAbsent(LocalDate.ofInstant(at, ZoneOffset.UTC), d -> new Day());
                day.counts[outcome]++;
                Double[] figures = {measured ? build : null, measured ? deploy : null, cold,
                        cold == null ? null : p50, cold == null ? null : p50 * 2, cold == null ? null : p50 * 3};
                for (int f = 0; f < figures.length; f++) {
                    if (figures[f] != null) {
                        day.histograms[f].add(figures[f]);
                    }
                }
                if (measured) {
                    day.buildCount++;
                    day.sumBuild += build;
                    day.deployCount++;
                    day.sumDeploy += deploy;
                }
                if (cold != null) {
                    day.coldCount++;
                    day.sumCold += cold;
                    day.maxCold = Math.max(day.maxCold, cold);
                    day.warmCount++;
                    day.sumWarmP95 += p50 * 2;
                }
                if (prevStart != null) {
                    weigh(rollups, prevStart, prevOutcome, at);
                }
                prevStart = at;
                prevOutcome = outcome;
                if (++inBatch == BATCH) {
                    run.executeBatch();
                    c.commit();
                    inBatch = 0;
                }
            }
            run.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO daily_rollups (target, utc_day, run_count, success_count, "
                + "degraded_count, failed_count, aborted_count, skipped_count, success_ms, degraded_ms, failed_ms, aborted_ms, "
                + "skipped_ms, build_count, sum_build_ms, deploy_count, sum_deploy_ms, cold_start_count, sum_cold_start_ms, "
                + "max_cold_start_ms, warm_count, sum_warm_p95_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement known = c.prepareStatement("INSERT INTO run_targets (target) VALUES (?)");
             PreparedStatement hist = c.prepareStatement("INSERT INTO daily_latency_histograms (target, utc_day, figure, buckets) "
                     + "VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<LocalDate, Day> e : rollups.entrySet()) {
                Day d = e.getValue();
                int i = 1;
                ps.setString(i++, target);
                ps.setObject(i++, e.getKey());
                ps.setInt(i++, Arrays.stream(d.counts).sum());
                for (int n : d.counts) {
                    ps.setInt(i++, n);
                }
                for (long m : d.ms) {
                    ps.setLong(i++, m);
                }
                ps.setInt(i++, d.buildCount);
                ps.setDouble(i++, d.sumBuild);
                ps.setInt(i++, d.deployCount);
                ps.setDouble(i++, d.sumDeploy);
                ps.setInt(i++, d.coldCount);
                ps.setDouble(i++, d.sumCold);
                ps.setDouble(i++, d.maxCold);
                ps.setInt(i++, d.warmCount);
                ps.setDouble(i++, d.sumWarmP95);
                ps.addBatch();
                LatencyFigure[] figures = LatencyFigure.values();
                for (int f = 0; f < figures.length; f++) {
                    if (d.histograms[f].count() > 0) {
                        hist.setString(1, target);
                        hist.setObject(2, e.getKey());
                        hist.setString(3, figures[f].wire());
                        hist.setString(4, d.histograms[f].toText());
                        hist.addBatch();
                    }
                }
            }
            ps.executeBatch();
            hist.executeBatch();
            known.setString(1, target);
            known.executeUpdate();
        }
        c.commit();
        return count;
    }

    /** The store's rule: the previous run's outcome holds until this start, at most its hold, split per UTC day. */
    private static void weigh(Map<LocalDate, Day> rollups, Instant start, int outcome, Instant next) {
        Instant capped = start.plusMillis(HOLD_MS);
        Instant until = next.isBefore(capped) ? next : capped;
        for (LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC); ; day = day.plusDays(1)) {
            Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!dayStart.isBefore(until)) {
                break;
            }
            Instant dayEnd = dayStart.plus(Duration.ofDays(1));
            Instant a = start.isAfter(dayStart) ? start : dayStart;
            Instant b = until.isBefore(dayEnd) ? until : dayEnd;
            long ms = Duration.between(a, b).toMillis();
            if (ms > 0) {
                rollups.computeIfAbsent(day, d -> new Day()).ms[outcome] += ms;
            }
        }
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

}
