package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.Failure;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shipwatch report} on a real H2 file: a day of runs whose figures are known, in each format. */
class ReportCommandTest {
    @TempDir
    Path dir;
    Path config;

    private record Result(int code, String out, String err) {}

    private Result run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void seed() throws Exception {
        config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "");
        Files.writeString(config, Files.readString(config) + """
                reports:
                  precision: 2
                  objectives: { availability: 99.5 }
                """);
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("data").resolve("shipwatch"), "", ""))) {
            // June 3: up 00:00-12:00, down 12:00-18:00, up 18:00-24:00 (hold 12 h): 18 h up, 6 h down
            store(db, "r1", "2026-06-03T00:00:00Z", Outcome.SUCCESS);
            store(db, "r2", "2026-06-03T12:00:00Z", Outcome.FAILED);
            store(db, "r3", "2026-06-03T18:00:00Z", Outcome.SUCCESS);
            store(db, "r4", "2026-06-04T00:00:00Z", Outcome.SUCCESS);
        }
    }

    private static void store(Database db, String id, String start, Outcome outcome) {
        Instant at = Instant.parse(start);
        db.runs().finished(new ProbeRun(id, "local-java", "local", "Local deploys", at, at.plusSeconds(3), outcome,
                outcome == Outcome.FAILED ? new Failure(Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x") : null,
                new PhaseTimings(500.0, 50.0, 250.0, 5.0), null, null, null, true, null, List.of()), Duration.ofHours(12));
    }

    @Test
    void aDayAsJsonHasTheHandComputedFigures() throws Exception {
        Result r = run("report", "--config", config.toString(), "--from", "2026-06-03", "--to", "2026-06-04", "--format", "json");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.at("/period/minutes").asInt()).isEqualTo(1440);
        JsonNode target = json.at("/rows/1");
        assertThat(target.at("/id").asText()).isEqualTo("local-java");
        assertThat(target.at("/availability_percent").decimalValue()).isEqualByComparingTo("75.00");
        assertThat(r.out()).contains("\"availability_percent\" : 75.00,"); // the configured precision: 2 decimals
        assertThat(target.at("/minutes/down").decimalValue()).isEqualByComparingTo("360.0");
        assertThat(target.at("/runs").asInt()).isEqualTo(3);
        assertThat(target.at("/failed_runs").asInt()).isEqualTo(1);
        // allowed: 0.5 % of 1440 min = 7.2 min, used 360
        assertThat(target.at("/error_budget/allowed_min").decimalValue()).isEqualByComparingTo("7.2");
        assertThat(target.at("/objectives/0/compliance").asText()).isEqualTo("missed");
    }

    @Test
    void aMonthAsATableAndAsCsvForOneTarget() {
        Result table = run("report", "--config", config.toString(), "--month", "2026-06");
        assertThat(table.code()).isZero();
        assertThat(table.out()).contains("UTC: 2026-06-01T00:00:00Z to 2026-07-01T00:00:00Z (720 h)", "rules");
        // the June 4 run is the latest: it holds its 12 h too. 30 h up, 6 h down: 83.33 %; the rest of June is no data
        assertThat(table.out()).containsPattern("local-java +83\\.33 +360\\.0 +0\\.0 +41040\\.0 +4 +1");

        Result csv = run("report", "--config", config.toString(), "--month", "2026-06", "--format", "csv", "--target", "local-java");
        assertThat(csv.code()).isZero();
        assertThat(csv.out().lines().filter(l -> !l.startsWith("#")).toList()).hasSize(2)
                .last().asString().startsWith("target,local-java,local-java,local-deploys,83.33,");
    }

    @Test
    void theTableNeverPrintsRawControlCharacters() throws Exception {
        // YAML's "\e" and "\a" are ESC and BEL: a title-setting and a screen-clearing sequence
        Files.writeString(config, Files.readString(config)
                .replace("name: Test Status", "name: \"Test\\e]0;pwned\\a Status\"")
                .replace("component: Local deploys", "component: \"Local\\e[2J\\r deploys\""));

        Result table = run("report", "--config", config.toString(), "--month", "2026-06");

        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out().chars().filter(c -> c != '\n' && Character.isISOControl(c))).isEmpty();
        assertThat(table.out()).contains("SLA report 2026-06 - Test\\u001b]0;pwned\\u0007 Status\n")
                .contains("Local\\u001b[2J\\r deploys");
    }

    @Test
    void badPeriodsAndTargetsAreUsageErrorsThatSayWhy() {
        assertThat(run("report", "--config", config.toString(), "--month", "2026-13"))
                .satisfies(r -> assertThat(r.code()).isEqualTo(ExitCodes.USAGE))
                .satisfies(r -> assertThat(r.err()).contains("--month \"2026-13\" is not a month like 2026-10"));
        assertThat(run("report", "--config", config.toString(), "--from", "2026-06-01").err())
                .contains("--from and --to go together");
        assertThat(run("report", "--config", config.toString(), "--from", "2026-06-02", "--to", "2026-06-01").err())
                .contains("must be after --from");
        assertThat(run("report", "--config", config.toString(), "--month", "2026-06", "--target", "nope").err())
                .contains("no target named \"nope\"");
        assertThat(run("report", "--config", config.toString(), "--month", "2099-01").err()).contains("has not begun");
        assertThat(run("report", "--config", config.toString(), "--month", "2026-06", "--format", "xml").code())
                .isEqualTo(ExitCodes.USAGE);
    }
}
