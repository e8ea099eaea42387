package dev.shipwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.alerting.FakePagerDuty;
import dev.shipwatch.prober.fake.StandInCanary;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.PostgresTestSchema;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several real monitors (child JVMs) on one PostgreSQL schema, as an operator runs them: one
 * config file each (usually the same), a node name each, their pages on free ports. Targets are
 * {@code command} targets against one {@link StandInCanary}; a target listed as broken fails its
 * deploy while a file says so, on every node. Every teardown appends its run id to
 * {@code teardowns.txt}, so a test sees who cleaned up what. The harness's own {@link Database}
 * is the test's view of the shared store. Used by {@link ClusterTest} and {@code ClusterBench}.
 */
final class ClusterHarness implements AutoCloseable {
    static final String TOKEN = "cluster-admin-token-0123456789abcdef";
    static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdef0cl5tr";
    private static final Pattern UP = Pattern.compile("Shipwatch is up: \\d+ target\\(s\\), status page on (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One monitor process. */
    final class Node {
        final String name;
        final Path log;
        final Process process;
        /** Where this process's lines begin in its log (a restart appends to the same file). */
        private final long from;
        private URI page;

        private Node(String name, Path log, long from, Process process) {
            this.name = name;
            this.log = log;
            this.from = from;
            this.process = process;
        }

        /** Waits until the monitor says it is up (its page's address); false when it exited first. */
        boolean awaitUp(Duration atMost) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = UP.matcher(logText());
                if (m.find()) {
                    page = URI.create(m.group(1).endsWith("/") ? m.group(1) : m.group(1) + "/");
                    return true;
                }
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
            throw new AssertionError("node " + name + " did not come up within " + atMost + ":\n" + tail(40));
        }

        URI page() {
            if (page == null) {
                throw new IllegalStateException("node " + name + " is not up");
            }
            return page;
        }

        /** What this process logged (not an earlier process of the same name). */
        String logText() throws IOException {
            if (!Files.exists(log)) {
                return "";
            }
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    java.nio.charset.StandardCharsets.UTF_8);
        }

        String tail(int lines) throws IOException {
            List<String> all = logText().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }

        /** {@code GET path} on this node's page. */
        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(page().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        JsonNode json(String path) throws IOException, InterruptedException {
            HttpResponse<String> r = get(path);
            if (r.statusCode() != 200 && r.statusCode() != 503) {
                throw new AssertionError("GET " + path + " on " + name + ": " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        }

        /** An admin call with the token; its answer. */
        HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(page().resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** SIGKILL: no hook, no flush, no teardown. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("killed node " + name + " is still alive");
            }
        }

        /** SIGTERM, as systemd stops it; the exit code. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("node " + name + " did not stop within 60 s of SIGTERM");
            }
            return process.exitValue();
        }
    }

    /** A run as stored, for counting fires. */
    record StoredRun(String id, String target, String node, String outcome, Instant scheduledAt, Instant startedAt,
                     Instant finishedAt, String location) {}

    private final Path dir;
    private final PostgresTestSchema pg;
    final StandInCanary canary;
    final FakePagerDuty pagerDuty;
    final Database db;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Node> nodes = new ArrayList<>();

    ClusterHarness(Path dir) throws IOException {
        this.dir = dir;
        this.pg = PostgresTestSchema.createOrSkip();
        this.canary = new StandInCanary();
        this.pagerDuty = new FakePagerDuty();
        this.db = Database.open(pg.storage()); // migrates the schema once, before any node starts
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.quartz" level="WARN"/>
                  <logger name="org.quartz.impl.jdbcjobstore.JobStoreTX" level="INFO"/>
                  <logger name="com.zaxxer.hikari" level="WARN"/>
                  <logger name="org.flywaydb" level="WARN"/>
                  <logger name="io.netty" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
    }

    Path dir() {
        return dir;
    }

    /**
     * A config file {@code file} with {@code targets} every {@code schedule}, each deploy taking
     * {@code deploySeconds}; {@code extra} is appended at the top level (alerting, scheduler…).
     */
    Path config(String file, long generation, List<String> targets, String schedule, double deploySeconds, String extra)
            throws IOException {
        return config(file, generation, targets, schedule, deploySeconds, 64, extra);
    }

    /** {@link #config(String, long, List, String, double, String)} with at most {@code maxRuns} runs at once per node. */
    Path config(String file, long generation, List<String> targets, String schedule, double deploySeconds, int maxRuns,
                String extra) throws IOException {
        return config(file, generation, targets, schedule, deploySeconds, maxRuns, extra, List.of());
    }

    /** {@link #config(String, long, List, String, double, int, String)} with every target in {@code locations} (none: anywhere). */
    Path config(String file, long generation, List<String> targets, String schedule, double deploySeconds, int maxRuns,
                String extra, List<String> locations) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                site: { name: Cluster Status, time-zone: UTC }
                server: { host: 127.0.0.1, port: 0, admin-token: "${SHIPWATCH_ADMIN_TOKEN:-}" }
                storage: { url: "%s", user: "%s" }
                scheduler: { generation: %d, max-concurrent-runs: %d }
                defaults:
                  schedule: %s
                  requests: 2
                  timeouts: { build: 1s, deploy: 5s, cold-start: 1s, request: 1s, teardown: 2s }
                """.formatted(pg.storage().url(), pg.storage().user(), generation, maxRuns, schedule));
        yaml.append(extra.isBlank() ? "" : extra.stripTrailing() + "\n");
        yaml.append("targets:\n");
        String ok = "echo http://127.0.0.1:" + canary.port() + "/n/$CANARY_NONCE/";
        for (String t : targets) {
            // broken everywhere, or only where the node's location (SHIPWATCH_LOCATION, passed to steps) says
            String deploy = "sleep " + deploySeconds + "; if [ -e '" + brokenFlag(t) + "' ] || [ -e '" + brokenFlag(t)
                    + "@'\"$SHIPWATCH_LOCATION\" ]; then echo broken >&2; exit 1; fi; " + ok;
            yaml.append("  - name: ").append(t).append('\n')
                    .append("    component: ").append(t).append('\n')
                    .append(locations.isEmpty() ? "" : "    locations: [" + String.join(", ", locations) + "]\n")
                    .append("    canary: { path: \"").append(dir).append("\" }\n")
                    .append("    platform: { type: command, deploy: \"").append(deploy.replace("\"", "\\\""))
                    .append("\", url: last-line, teardown: 'echo \"$SHIPWATCH_RUN_ID\" >> ")
                    .append(dir.resolve("teardowns.txt")).append("' }\n");
        }
        Path path = dir.resolve(file);
        Files.writeString(path, yaml);
        return path;
    }

    /** The alerting section paging the fake PagerDuty on the first failure and resolving on the first success. */
    String alerting() {
        return """
                alerting:
                  pagerduty: { routing-key: "${PD_KEY:-}", events-url: "%s" }
                  policy: { failures: 1, window: 1, recover-after: 1 }
                """.formatted(pagerDuty.baseUrl());
    }

    static List<String> targets(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    private Path brokenFlag(String target) {
        return dir.resolve("broken-" + target);
    }

    /** From now on {@code target}'s deploys fail on every node (or work again). */
    void broken(String target, boolean broken) throws IOException {
        if (broken) {
            Files.writeString(brokenFlag(target), "");
        } else {
            Files.deleteIfExists(brokenFlag(target));
        }
    }

    /** From now on {@code target}'s deploys fail on the nodes of {@code location} (or work there again). */
    void broken(String target, String location, boolean broken) throws IOException {
        Path flag = dir.resolve("broken-" + target + "@" + location);
        if (broken) {
            Files.writeString(flag, "");
        } else {
            Files.deleteIfExists(flag);
        }
    }

    /** Starts node {@code name} with {@code config}; its log is {@code <name>.log} (appended to on restart). */
    Node start(String name, Path config) throws IOException {
        return start(name, config, null);
    }

    /** {@link #start(String, Path)} in {@code location} ({@code SHIPWATCH_LOCATION}; null: the default location). */
    Node start(String name, Path config, String location) throws IOException {
        Path log = dir.resolve(name + ".log");
        long from = Files.exists(log) ? Files.size(log) : 0;
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", config.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("SHIPWATCH_NODE", name);
        pb.environment().put("SHIPWATCH_ADMIN_TOKEN", TOKEN);
        pb.environment().put("PD_KEY", ROUTING_KEY);
        if (location != null) {
            pb.environment().put("SHIPWATCH_LOCATION", location);
        } else {
            pb.environment().remove("SHIPWATCH_LOCATION");
        }
        Node node = new Node(name, log, from, pb.start());
        nodes.add(node);
        return node;
    }

    /** Every run stored so far, by target then start. */
    List<StoredRun> runs() throws SQLException {
        List<StoredRun> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, target, node, outcome, scheduled_at, started_at, finished_at, "
                     + "location FROM probe_runs ORDER BY target, started_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5),
                        instant(rs, 6), instant(rs, 7), rs.getString(8)));
            }
        }
        return out;
    }

    /**
     * Every fire of every target, checked: {@code duplicates} are fires less than an interval
     * after the one before (a fire run twice, or an extra one), {@code missed} gaps longer than an
     * interval that are not a failover — a gap across a kill may be up to an interval plus
     * {@code window}: the fires the dead node held wait for its failover, then Quartz fires once and
     * goes on (its misfire rule: fire now, never replay each missed one).
     *
     * @param longestFailoverGap the longest gap across a kill, less the interval (zero when none)
     */
    record Fires(Map<String, List<Instant>> byTarget, int count, List<String> duplicates, List<String> missed,
                 Duration longestFailoverGap) {}

    Fires fires(Duration interval, List<Instant> kills, Duration window) throws SQLException {
        Map<String, List<Instant>> byTarget = new TreeMap<>();
        for (StoredRun r : runs()) {
            if (r.scheduledAt() != null) {
                byTarget.computeIfAbsent(r.target(), k -> new ArrayList<>()).add(r.scheduledAt());
            }
        }
        List<String> duplicates = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        Duration longest = Duration.ZERO;
        int count = 0;
        for (Map.Entry<String, List<Instant>> e : byTarget.entrySet()) {
            List<Instant> at = e.getValue().stream().sorted().toList();
            e.setValue(at);
            count += at.size();
            for (int i = 1; i < at.size(); i++) {
                Instant before = at.get(i - 1);
                Instant after = at.get(i);
                Duration gap = Duration.between(before, after);
                boolean acrossAKill = kills.stream().anyMatch(k -> !before.isAfter(k) && !after.isBefore(k));
                if (gap.compareTo(interval) < 0) {
                    duplicates.add(e.getKey() + " " + before + " → " + after);
                } else if (gap.compareTo(interval) > 0) {
                    if (acrossAKill && gap.minus(interval).compareTo(longest) > 0) {
                        longest = gap.minus(interval);
                    }
                    if (!acrossAKill || gap.compareTo(interval.plus(window)) > 0) {
                        missed.add(e.getKey() + " " + before + " → " + after);
                    }
                }
            }
        }
        return new Fires(byTarget, count, duplicates, missed, longest);
    }

    /** The jobs Quartz holds, by name. */
    List<String> jobs() throws SQLException {
        return strings("SELECT JOB_NAME FROM QRTZ_JOB_DETAILS ORDER BY JOB_NAME");
    }

    /** The config generation in force. */
    long generation() throws SQLException {
        return Long.parseLong(strings("SELECT generation FROM schedule_state WHERE id = 1").get(0));
    }

    /** The outbox's events by status. */
    Map<String, Integer> outbox() throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM alert_outbox GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    /** The run ids every teardown so far wrote. */
    List<String> teardowns() throws IOException {
        Path f = dir.resolve("teardowns.txt");
        return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }

    /** The node that has the most runs in progress now, if any has one. */
    Optional<String> busiestNode() throws SQLException {
        Map<String, Integer> running = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT node, COUNT(*) FROM probe_runs WHERE outcome = 'running' "
                     + "GROUP BY node ORDER BY COUNT(*) DESC, node");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                running.put(rs.getString(1), rs.getInt(2));
            }
        }
        return running.keySet().stream().findFirst();
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** What each node logged, for a failing test's message. */
    String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes) {
            b.append("--- ").append(n.name).append(" (").append(n.process.isAlive() ? "alive" : "exited " + n.process.exitValue())
                    .append(")\n").append(n.tail(30)).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() throws Exception {
        for (Node n : nodes) {
            n.process.destroyForcibly();
        }
        for (Node n : nodes) {
            n.process.waitFor(30, TimeUnit.SECONDS);
        }
        db.close();
        pagerDuty.close();
        canary.close();
        pg.close();
    }
}
