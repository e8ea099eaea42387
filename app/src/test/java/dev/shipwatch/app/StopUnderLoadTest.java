package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.ProbeRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while every worker is in a run: the monitor stops in time, exits 0 and records every run
 * as aborted. {@code -Dstop.targets=1000} ({@code bench/stop/run.sh}) makes it the case,
 * a thousand runs in flight.
 */
class StopUnderLoadTest {
    /** Every worker busy: as many targets as runs may be in progress (the default, 64, in the suite). */
    private static final int TARGETS = Integer.getInteger("stop.targets", 64);
    private static final Pattern STARTED = Pattern.compile("run (\\S+) of target=(\\S+) started");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the monitor's log to read
    Path dir;

    @Test
    void aStopWithEveryWorkerInADeployEndsWithinThirtySecondsAndRecordsEachRunAsAborted() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                server: { host: 127.0.0.1, port: 0 }
                storage: { url: "jdbc:h2:file:%s" }
                scheduler: { max-concurrent-runs: %d }
                defaults:
                  cron: "0/10 * * * * ?"
                  timeouts: { build: 9s, deploy: 9s, cold-start: 9s, request: 5s, teardown: 9s }
                targets:
                """.formatted(dir.resolve("data/shipwatch"), TARGETS));
        for (int i = 0; i < TARGETS; i++) {
            // Due together every 10 s; each deploy would take 8 s.
            yaml.append("  - { name: busy-").append(i).append(", canary: { path: \"").append(dir).append("\" }, ")
                    .append("platform: { type: command, deploy: 'sleep 8; echo http://127.0.0.1:9/', url: last-line, teardown: 'true' } }\n");
        }
        Path config = dir.resolve("busy.yml");
        Files.writeString(config, yaml);
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <logger name="dev.shipwatch.app.Recorder" level="DEBUG"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        Path log = dir.resolve("monitor.log");
        Process monitor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<String> runs;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                assertThat(monitor.isAlive()).as("the monitor runs (log: %s)", log).isTrue();
                return started(log).size() == TARGETS;
            });
            runs = started(log);
        } catch (RuntimeException e) {
            monitor.destroyForcibly();
            throw e;
        }

        long t0 = System.nanoTime();
        monitor.destroy(); // SIGTERM
        boolean exited = monitor.waitFor(30, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!exited) {
            monitor.destroyForcibly();
        }

        assertThat(exited).as("stopped within 30 s (log: %s)", log).isTrue();
        assertThat(monitor.exitValue()).as("a stop is not a failure").isZero();
        assertThat(took).isLessThan(Duration.ofSeconds(30));
        System.out.printf("stop with %d runs in flight: exited 0 after %d ms%n", TARGETS, took.toMillis());
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("data/shipwatch"), "", ""))) {
            for (String id : runs) {
                ProbeRun run = db.runs().find(id).orElseThrow(() -> new AssertionError("run " + id + " is not stored"));
                assertThat(run.outcome()).as(id).isEqualTo(Outcome.ABORTED);
                assertThat(run.failure().phase()).as(id).isIn(Phase.BUILD, Phase.DEPLOY); // cut off where it was
                assertThat(run.failure().failureClass()).as(id).isEqualTo(FailureClass.ABORTED);
            }
        }
        assertThat(Files.readString(log)).doesNotContain("ClosedChannelException").doesNotContain("MVStoreException");
    }

    private static List<String> started(Path log) throws java.io.IOException {
        List<String> ids = new ArrayList<>();
        Matcher m = STARTED.matcher(Files.readString(log));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
