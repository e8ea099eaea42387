package dev.shipwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipwatch.alerting.FakePagerDuty;
import dev.shipwatch.config.Storage;
import dev.shipwatch.prober.fake.StandInCanary;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kills a real monitor with {@code kill -9} at random moments, again and again, and checks after
 * each kill what must hold: the embedded database opens, every run the monitor said had started
 * (it logs that once the start is durable) is stored, every run it logged as finished is stored
 * with that outcome, and every event the (fake) PagerDuty received is in the outbox. The monitor
 * runs {@code command} targets against a {@link StandInCanary}; half of them fail and recover
 * every few seconds, so triggers and resolves go out all the time, to a receiver that answers
 * late. Used by {@link CrashRecoveryTest} (a few kills) and {@link CrashBench} (thousands).
 */
final class CrashHarness implements AutoCloseable {
    static final String NODE = "crash-node";
    static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdef012345";
    private static final Pattern STARTED = Pattern.compile("run (\\S+) of target=(\\S+) started");
    private static final Pattern FINISHED = Pattern.compile("run (\\S+) of (\\S+) on (\\S+): (\\w+)");

    /** What the kills found. */
    record Result(int kills, int unreadable, List<String> lostRuns, List<String> lostAlerts, int runsStarted,
                  int runsFinished, int alertsReceived, int startedUp, List<String> exitedByThemselves,
                  List<String> neverUp) {
        boolean nothingLost() {
            return unreadable == 0 && lostRuns.isEmpty() && lostAlerts.isEmpty() && exitedByThemselves.isEmpty()
                    && neverUp.isEmpty();
        }

        @Override
        public String toString() {
            return "%d kills (%d after start-up): %d unreadable databases, %d lost runs, %d lost alert events, %d monitors that exited before the kill, %d that did not come up within %d s; checked %d started runs, %d finished runs, %d alert events received"
                    .formatted(kills, startedUp, unreadable, lostRuns.size(), lostAlerts.size(), exitedByThemselves.size(),
                            neverUp.size(), UP_WITHIN.toSeconds(), runsStarted, runsFinished, alertsReceived);
        }
    }

    /** A monitor that has not said it is up by then counts as one the store left unusable. */
    static final Duration UP_WITHIN = Duration.ofMinutes(1);

    private final Path dir;
    private final Path config;
    private final StandInCanary canary;
    private final FakePagerDuty pagerDuty;
    private final Storage storage;
    private int alertsChecked;

    /**
     * @param targets how many targets (half of them flapping), each every 2 s
     */
    CrashHarness(Path dir, int targets) throws IOException {
        this.dir = dir;
        this.canary = new StandInCanary();
        this.pagerDuty = new FakePagerDuty().answerAfter(Duration.ofMillis(300));
        // -Dcrash.url.options=";WRITE_DELAY=0" tries other H2 settings
        this.storage = new Storage("jdbc:h2:file:" + dir.resolve("data/shipwatch") + System.getProperty("crash.url.options", ""), "", "");
        StringBuilder yaml = new StringBuilder("""
                server: { host: 127.0.0.1, port: 0 }
                storage: { url: "%s" }
                defaults:
                  schedule: 2s
                  requests: 3
                  timeouts: { build: 1s, deploy: 1s, cold-start: 1s, request: 1s, teardown: 1s }
                alerting:
                  pagerduty: { routing-key: "${PD_KEY}", events-url: "%s" }
                  policy: { failures: 1, window: 1, recover-after: 1 }
                targets:
                """.formatted(storage.url(), pagerDuty.baseUrl()));
        String ok = "echo http://127.0.0.1:" + canary.port() + "/n/$CANARY_NONCE/";
        for (int i = 0; i < targets; i++) {
            // Flapping targets fail for 3 s, then work for 3 s.
            String deploy = i % 2 == 0 ? ok : "if [ $(( $(date +%s) / 3 % 2 )) = 1 ]; then echo down >&2; exit 1; fi; " + ok;
            yaml.append("  - name: crash-").append(i).append('\n')
                    .append("    canary: { path: \"").append(dir).append("\" }\n")
                    .append("    platform: { type: command, deploy: '").append(deploy).append("', url: last-line, teardown: 'true' }\n");
        }
        config = dir.resolve("crash.yml");
        Files.writeString(config, yaml);
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.quartz" level="WARN"/>
                  <logger name="com.zaxxer.hikari" level="WARN"/>
                  <logger name="org.flywaydb" level="WARN"/>
                  <logger name="io.netty" level="WARN"/>
                  <logger name="dev.shipwatch.app.Recorder" level="DEBUG"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
    }

    /**
     * Starts the monitor in a JVM of its own, logging to {@code log}; {@code -Dcrash.monitor.classpath}
     * runs another build of it (an older one, to compare).
     */
    Process start(Path log) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp", System.getProperty("crash.monitor.classpath", System.getProperty("java.class.path")), Main.class.getName(),
                "run", "--config", config.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SHIPWATCH_NODE", NODE);
        pb.environment().put("PD_KEY", ROUTING_KEY);
        return pb.start();
    }

    /**
     * {@code kills} rounds of: start, kill -9 at a random moment, check. One kill in four lands at
     * a random moment of start-up (0–1.5 s after the process started: migration, crash recovery,
     * scheduling), the others a random 0–{@code maxLife} after the monitor said it was up — so
     * that a slow machine shifts the moments but not what they hit.
     */
    Result kill(int kills, Random random, Duration maxLife) throws Exception {
        int unreadable = 0;
        int startedUp = 0;
        int runsStarted = 0;
        int runsFinished = 0;
        List<String> lostRuns = new ArrayList<>();
        List<String> lostAlerts = new ArrayList<>();
        List<String> exited = new ArrayList<>();
        List<String> neverUp = new ArrayList<>();
        Path log = dir.resolve("monitor.log");
        for (int k = 0; k < kills; k++) {
            Process monitor = start(log);
            try {
                if (random.nextInt(4) == 0) {
                    monitor.waitFor(random.nextLong(1501), TimeUnit.MILLISECONDS);
                } else {
                    long life = random.nextLong(maxLife.toMillis() + 1);
                    if (awaitUp(monitor, log)) {
                        monitor.waitFor(life, TimeUnit.MILLISECONDS);
                    } else if (monitor.isAlive()) {
                        neverUp.add("kill " + k + ": the monitor did not come up within " + UP_WITHIN.toSeconds() + " s: "
                                + lastLines(log, 3));
                    }
                }
            } finally {
                if (!monitor.isAlive()) {
                    // A monitor that cannot start (an unreadable store, say) exits by itself.
                    exited.add("kill " + k + ": the monitor exited with " + monitor.exitValue() + " before the kill: "
                            + lastLines(log, 5));
                }
                monitor.destroyForcibly(); // SIGKILL: no hook, no flush, no teardown
                if (!monitor.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a killed monitor is still alive");
                }
            }
            int lostBefore = lostRuns.size() + lostAlerts.size();
            String text = Files.readString(log);
            if (text.contains("Shipwatch is up")) {
                startedUp++;
            }
            Map<String, String> started = matches(STARTED, text, 1, 2);
            Map<String, String> finished = matches(FINISHED, text, 1, 4);
            runsStarted += started.size();
            runsFinished += finished.size();
            // The file as the kill left it, before opening it changes it: evidence if something is lost.
            Path asLeft = dir.resolve("as-left");
            Files.createDirectories(asLeft);
            try (Stream<Path> files = Files.list(dir.resolve("data"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, asLeft.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Database db;
            try {
                db = open(k);
            } catch (RuntimeException e) {
                unreadable++;
                Path aside = dir.resolve("unreadable-" + k);
                Files.createDirectories(aside);
                try (Stream<Path> files = Files.list(dir.resolve("data"))) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.move(f, aside.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.copy(log, aside.resolve("monitor.log"), StandardCopyOption.REPLACE_EXISTING);
                System.err.println("kill " + k + ": the database does not open: " + e.getMessage() + " (kept in " + aside
                        + "; processes with it open: " + holders(aside.resolve("shipwatch.mv.db").getFileName().toString()) + ")");
                continue;
            }
            try (db) {
                for (String id : started.keySet()) {
                    if (db.runs().find(id).isEmpty()) {
                        lostRuns.add("kill " + k + ": started run " + id + " is not stored");
                    }
                }
                for (Map.Entry<String, String> f : finished.entrySet()) {
                    Optional<ProbeRun> run = db.runs().find(f.getKey());
                    if (run.isEmpty() || !run.get().outcome().wire().equals(f.getValue())) {
                        lostRuns.add("kill " + k + ": run " + f.getKey() + " logged " + f.getValue() + ", stored "
                                + run.map(r -> r.outcome().wire()).orElse("nothing"));
                    }
                }
                lostAlerts.addAll(unrecordedAlerts(db, k));
            }
            if (lostRuns.size() + lostAlerts.size() > lostBefore) {
                Path aside = dir.resolve("lost-" + k);
                Files.move(asLeft, aside);
                Files.copy(log, aside.resolve("monitor.log"), StandardCopyOption.REPLACE_EXISTING);
                System.err.println("kill " + k + ": something was lost; the file as the kill left it and the monitor's log are in " + aside);
            }
        }
        return new Result(kills, unreadable, lostRuns, lostAlerts, runsStarted, runsFinished, alertsChecked, startedUp, exited,
                neverUp);
    }

    /**
     * Opens the store as the next monitor would. "Already in use" is tried again for a few
     * seconds (and said): the killed process is gone, but the file lock of this JVM's previous
     * check may not be released yet.
     */
    private Database open(int kill) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                return Database.open(storage);
            } catch (RuntimeException e) {
                if (!String.valueOf(e.getMessage()).contains("already in use") || System.nanoTime() > deadline) {
                    throw e;
                }
                System.err.println("kill " + kill + ": the store is still locked, holders: " + holders("shipwatch.mv.db"));
                Thread.sleep(200);
            }
        }
    }

    private static String lastLines(Path log, int n) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** The processes that have a file of this name open, with their command lines (from /proc). */
    private static List<String> holders(String fileName) {
        List<String> out = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
            try (Stream<Path> list = Files.list(fds)) {
                boolean holds = list.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).getFileName().toString().equals(fileName);
                    } catch (IOException | RuntimeException e) {
                        return false;
                    }
                });
                if (holds) {
                    out.add(p.pid() + " " + p.info().commandLine().orElse("?"));
                }
            } catch (IOException | RuntimeException e) {
                // gone, or not ours to read
            }
        }
        return out;
    }

    /** Waits until the monitor logs that it is up (true), or exits, or a minute passes (false). */
    private static boolean awaitUp(Process monitor, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + UP_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains("Shipwatch is up")) {
                return true;
            }
            if (monitor.waitFor(20, TimeUnit.MILLISECONDS)) {
                return false; // it exited: the check after the kill tells why
            }
        }
        return false;
    }

    /** Events the receiver got since the last check that are not in the outbox (triggers by run id, resolves by key). */
    private List<String> unrecordedAlerts(Database db, int kill) throws SQLException {
        List<FakePagerDuty.Received> received = pagerDuty.received();
        List<String> lost = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement trigger = c.prepareStatement("SELECT COUNT(*) FROM alert_outbox WHERE dedup_key = ? AND action = ? "
                     + "AND payload LIKE ?");
             PreparedStatement resolve = c.prepareStatement("SELECT COUNT(*) FROM alert_outbox WHERE dedup_key = ? AND action = ?")) {
            for (FakePagerDuty.Received r : received.subList(alertsChecked, received.size())) {
                JsonNode runId = r.json().path("payload").path("custom_details").path("run_id");
                PreparedStatement q = r.action().equals("trigger") ? trigger : resolve;
                q.setString(1, r.dedupKey());
                q.setString(2, r.action());
                if (q == trigger) {
                    q.setString(3, "%\"run_id\":\"" + runId.asText() + "\"%");
                }
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        lost.add("kill " + kill + ": " + r.action() + " " + r.dedupKey() + " (run " + runId.asText("-")
                                + ") was received but is not in the outbox");
                    }
                }
            }
        }
        alertsChecked = received.size();
        return lost;
    }

    /** Every run still marked running on the crash node, once a monitor started and stopped cleanly. */
    List<ProbeRun> unfinished(Database db) throws SQLException {
        List<ProbeRun> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM probe_runs WHERE outcome = ?")) {
            ps.setString(1, Outcome.RUNNING.wire());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    db.runs().find(rs.getString(1)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    Storage storage() {
        return storage;
    }

    private static Map<String, String> matches(Pattern p, String text, int key, int value) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.put(m.group(key), m.group(value));
        }
        return out;
    }

    @Override
    public void close() {
        pagerDuty.close();
        canary.close();
    }
}
