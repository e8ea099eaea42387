package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.FigureShift;
import dev.shipwatch.store.FsProfile;
import dev.shipwatch.store.LatencyFigure;
import dev.shipwatch.store.OutboundTimings;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import dev.shipwatch.store.RunStore;
import dev.shipwatch.store.WarmStats;
import dev.shipwatch.store.Workload;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shipwatch compare} on a real H2 store holding runs whose figures are known. */
class CompareCommandTest {
    @TempDir
    Path dir;

    @Test
    void theTableHasExactFiguresPerTargetAndLeavesOutAbortedAndOldRuns() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "");
        Files.writeString(config, Files.readString(config) + """
                  - name: fly-eu
                    platform: { type: command, deploy: "fly deploy", url: last-line, teardown: "fly apps destroy" }
                    canary: { path: "%s" }
                """.formatted(TestMonitors.bundledCanary()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("data").resolve("shipwatch"), "", ""))) {
            RunStore runs = db.runs();
            store(runs, run("r1", now.minus(Duration.ofHours(5)), Outcome.SUCCESS, 100.0, 10.0, 500.0, 2.0, 1000.0));
            store(runs, run("r2", now.minus(Duration.ofHours(4)), Outcome.DEGRADED, 200.0, 20.0, 700.0, 4.0, 3000.0));
            store(runs, run("r3", now.minus(Duration.ofHours(3)), Outcome.SUCCESS, 300.0, 30.0, 600.0, 3.0, 2000.0));
            store(runs, run("r4", now.minus(Duration.ofHours(2)), Outcome.FAILED, 400.0, null, null, null, null));
            // Neither of these counts: the monitor stopped, or the run is older than the period.
            store(runs, run("r5", now.minus(Duration.ofHours(1)), Outcome.ABORTED, 9000.0, null, null, null, null));
            store(runs, run("r6", now.minus(Duration.ofDays(8)), Outcome.FAILED, 9000.0, null, null, null, null));
        }
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("compare", "--config", config.toString(), "--days", "7");

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("runs started ").endsWith("(last 7 days)");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "target      platform  runs  success   build ms  deploy ms  cold start ms  warm p95 ms     fs ops/s",
                "                                     med / p95  med / p95      med / p95    med / p95     med / p5",
                "local-java  local        4    75.0%  250 / 400    20 / 30      600 / 700    3.0 / 4.0  2000 / 1000",
                "fly-eu      command      0        -          -          -              -            -            -",
                "",
                "median       unit  local-java  fly-eu",
                "build          ms         250       -",
                "deploy         ms          20       -",
                "cold start     ms         600       -",
                "warm p95       ms         3.0       -",
                "file ops    ops/s        2000       -",
                "CPU work       ms          10       -");
    }

    @Test
    void withABaselineEachFigureIsARatioAndTheNewestRunsShiftsAreListed() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "");
        Files.writeString(config, Files.readString(config) + """
                  - name: local-gvisor
                    platform: { type: local }
                    canary: { path: "%s" }
                """.formatted(TestMonitors.bundledCanary()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("data").resolve("shipwatch"), "", ""))) {
            RunStore runs = db.runs();
            store(runs, profiled("a1", "local-java", now.minus(Duration.ofHours(3)), 400.0, 60_000.0, 20.0, List.of()));
            store(runs, profiled("a2", "local-java", now.minus(Duration.ofHours(2)), 500.0, 80_000.0, 30.0, List.of()));
            store(runs, profiled("b1", "local-gvisor", now.minus(Duration.ofHours(3)), 1000.0, 10_000.0, 60.0, List.of()));
            FigureShift shift = new FigureShift(LatencyFigure.FS_OPEN_READ, 2.3, Instant.parse("2026-11-22T14:05:00Z"),
                    20_000.0, 8_695.7, 1900, 12);
            store(runs, profiled("b2", "local-gvisor", now.minus(Duration.ofHours(2)), 1200.0, 8_000.0, 90.0, List.of(shift)));
        }
        var out = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        int code = cli.execute("compare", "--config", config.toString(), "--baseline", "local-java");

        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        int figures = lines.indexOf("") + 1;
        assertThat(lines.subList(figures, lines.size())).containsExactly(
                "median         unit  local-java  local-gvisor  × local-java",
                "cold start       ms         450          1100          2.44",
                "file opens    ops/s       70000          9000          7.78",
                "outbound DNS     ms          25            75          3.00",
                "",
                "regressions, as of each target's newest run:",
                "  local-gvisor: file opens 2.3 × slower than the 7 days before, since 2026-11-22 14:05 UTC");
    }

    @Test
    void aBaselineThatIsNoTargetIsAUsageError() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "");
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("compare", "--config", config.toString(), "--baseline", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("--baseline: no target named \"nope\"").contains("(targets: local-java)");
    }

    @Test
    void theJsonHasTheSameFiguresUnroundedAndNullsWhereNothingWasMeasured() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "");
        Files.writeString(config, Files.readString(config) + """
                  - name: fly-eu
                    platform: { type: command, deploy: "fly deploy", url: last-line, teardown: "fly apps destroy" }
                    canary: { path: "%s" }
                """.formatted(TestMonitors.bundledCanary()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("data").resolve("shipwatch"), "", ""))) {
            store(db.runs(), run("r1", now.minus(Duration.ofHours(3)), Outcome.SUCCESS, 100.5, 10.0, 500.0, 2.25, 1000.0));
            store(db.runs(), run("r2", now.minus(Duration.ofHours(2)), Outcome.FAILED, 300.0, null, null, null, null));
        }
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("compare", "--config", config.toString(), "--days", "2", "--json");

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(json.get("days").asInt()).isEqualTo(2);
        assertThat(Duration.between(Instant.parse(json.get("from").asText()), Instant.parse(json.get("to").asText())))
                .isEqualTo(Duration.ofDays(2));
        var java = json.get("targets").get(0);
        assertThat(java.get("target").asText()).isEqualTo("local-java");
        assertThat(java.get("platform").asText()).isEqualTo("local");
        assertThat(java.get("runs").asInt()).isEqualTo(2);
        assertThat(java.get("success_percent").asDouble()).isEqualTo(50.0);
        assertThat(java.at("/build_ms/median").asDouble()).isEqualTo(200.25);
        assertThat(java.at("/build_ms/p95").asDouble()).isEqualTo(300.0);
        assertThat(java.at("/warm_p95_ms/median").asDouble()).isEqualTo(2.25);
        assertThat(java.at("/fs_ops_per_s/p5").asDouble()).isEqualTo(1000.0);
        var fly = json.get("targets").get(1);
        assertThat(fly.get("runs").asInt()).isZero();
        assertThat(fly.get("success_percent").isNull()).isTrue();
        assertThat(fly.at("/cold_start_ms/median").isNull()).isTrue();
    }

    @Test
    void aPeriodBelowOneDayIsAUsageError() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "");
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("compare", "--config", config.toString(), "--days", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--days must be at least 1, got 0");
    }

    /** A run that measured only cold start, file opens and outbound DNS, with the shifts given. */
    private static ProbeRun profiled(String id, String target, Instant started, double coldStart, double opens, double dns,
                                     List<FigureShift> shifts) {
        return new ProbeRun(id, target, "local", "Local deploys", started, started.plusSeconds(3), Outcome.SUCCESS, null,
                new PhaseTimings(null, null, coldStart, null), null, null,
                new Workload(null, null, null, new FsProfile(opens, null, null, null), new OutboundTimings(dns, null, null, null)),
                true, null, List.of(), shifts);
    }

    private static void store(RunStore runs, ProbeRun run) {
        runs.finished(run, Duration.ofMinutes(10));
    }

    @Test
    void aTargetInSeveralLocationsHasARowPerLocation() {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        List<ProbeRun> runs = List.of(run("e1", t, Outcome.SUCCESS, 100.0, 10.0, 500.0, 2.0, 1000.0).at("eu"),
                run("u1", t.plusSeconds(1), Outcome.FAILED, 300.0, null, null, null, null).at("us"),
                run("e2", t.plusSeconds(2), Outcome.SUCCESS, 200.0, 10.0, 700.0, 2.0, 1000.0).at("eu"));
        List<Comparison> rows = List.of(Comparison.of("fly", "command", runs, "eu"), Comparison.of("fly", "command", runs, "us"));
        assertThat(rows).extracting(Comparison::label).containsExactly("fly@eu", "fly@us");
        assertThat(rows).extracting(Comparison::runs).containsExactly(2, 1);
        assertThat(rows).extracting(Comparison::successPct).containsExactly(100.0, 0.0);
        assertThat(Comparison.table(rows).lines().skip(2).map(l -> l.split(" +")[0]).toList()).containsExactly("fly@eu", "fly@us");
        assertThat(Comparison.json(t, t, 1, rows)).contains("\"target\":\"fly\",\"platform\":\"command\",\"runs\":2,\"location\":\"eu\"");
    }

    private static ProbeRun run(String id, Instant started, Outcome outcome, Double build, Double deploy, Double coldStart,
                                Double warmP95, Double fsOps) {
        Failure failure = switch (outcome) {
            case FAILED -> new Failure(Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "exit 1");
            case ABORTED -> new Failure(null, FailureClass.ABORTED, "the monitor stopped");
            default -> null;
        };
        WarmStats warm = warmP95 == null ? null : new WarmStats(5, warmP95 / 2, warmP95, warmP95, warmP95);
        return new ProbeRun(id, "local-java", "local", "Local deploys", started, started.plusSeconds(3), outcome, failure,
                new PhaseTimings(build, deploy, coldStart, 5.0), null, warm, new Workload(fsOps, fsOps == null ? null : 10.0, null),
                coldStart != null, null, List.of());
    }
}
