package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.ProbeRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void validateAcceptsTheQuickStartExampleFromTheRepositoryRoot() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        // Relative canary paths resolve against the working directory: run it where the README does.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "validate", "--config", "examples/local.yml")
                .directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("OK").contains("local-java");
    }

    @Test
    void validateReportsEveryProblemWithItsPathAndExitsWith2() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), """
                schedule: 5x
                timeouts: { cold-start: 2h }
                """);
        Files.writeString(config, Files.readString(config).replace("type: local", "type: heroku"));

        int code = run("validate", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("targets[local-java].schedule: \"5x\" is not a duration")
                .containsPattern("targets\\[local-java]\\.platform\\.type: \"heroku\" is not a known platform \\(known: [a-z, ]*local");
    }

    @Test
    void anEmptyDocumentOrAHugeFileExitsWith2AndSaysWhy() throws Exception {
        Path marker = dir.resolve("marker.yml");
        Files.writeString(marker, "---\n");
        assertThat(run("validate", "--config", marker.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("invalid config " + marker + ":\n  targets: at least one target is required");

        Path huge = dir.resolve("huge.yml");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(16L * 1024 * 1024);
        }
        assertThat(run("validate", "--config", huge.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("config file \"" + huge + "\" is 16777216 bytes, more than the 4194304 (4 MiB)");
    }

    @Test
    void validateJsonGivesTheTargetsOrEveryProblemOnStdout() throws Exception {
        Path good = TestMonitors.config(dir, TestMonitors.bundledCanary(), "schedule: 30s");

        assertThat(run("validate", "--config", good.toString(), "--json")).isZero();
        JsonNode ok = new ObjectMapper().readTree(out.toString());
        assertThat(ok.get("valid").asBoolean()).isTrue();
        assertThat(ok.get("file").asText()).isEqualTo(good.toString());
        assertThat(ok.get("targets")).singleElement().satisfies(t -> {
            assertThat(t.get("name").asText()).isEqualTo("local-java");
            assertThat(t.get("platform").asText()).isEqualTo("local");
            assertThat(t.get("schedule").asText()).isEqualTo("30s");
        });

        out.getBuffer().setLength(0);
        Path bad = TestMonitors.config(dir, TestMonitors.bundledCanary(), "schedule: 5x\ntimeouts: { cold-start: 2h }");
        assertThat(run("validate", "--config", bad.toString(), "--json")).isEqualTo(2);
        JsonNode no = new ObjectMapper().readTree(out.toString());
        assertThat(no.get("valid").asBoolean()).isFalse();
        assertThat(no.get("problems")).extracting(JsonNode::asText)
                .contains("targets[local-java].schedule: \"5x\" is not a duration (use e.g. 250ms, 30s, 5m, 2h)");
        assertThat(err.toString()).as("nothing but the JSON").isEmpty();
    }

    @Test
    void theSmallestConfigValidatesAndRuns() throws Exception {
        // One target with a 30 s schedule and nothing else, where a new user starts: the repository root.
        copyTree(TestMonitors.bundledCanary(), dir.resolve("canary/java"));
        Files.writeString(dir.resolve("smallest.yml"), """
                targets:
                  - name: mine
                    platform: { type: local }
                    schedule: 30s
                """);

        Process validate = TestMonitors.child(dir, Map.of(), "validate", "--config", "smallest.yml");
        assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
        assertThat(Files.readString(dir.resolve("child.out"))).contains("smallest.yml: OK, 1 target(s): mine");

        Process probe = TestMonitors.child(dir, Map.of(), "probe", "--config", "smallest.yml", "--target", "mine");
        assertThat(probe.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
        assertThat(Files.readString(dir.resolve("child.out"))).contains("mine: success");
    }

    @Test
    void textProbePrintsItsProgressWithoutLogLinesInBetween() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "");

        Process p = TestMonitors.child(dir, Map.of(), "probe", "--config", config.toString(), "--target", "local-java");

        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stdout = Files.readString(dir.resolve("child.out"));
        String stderr = Files.readString(dir.resolve("child.log"));
        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(stdout.lines()).first().asString().startsWith("local-java: run ");
        assertThat(stdout).contains("build", "cold_start", "teardown", "local-java: success");
        // The run's INFO lines ("run … of local-java on local: success …") would land between the phases in a terminal.
        assertThat(stderr).doesNotContain(" INFO ").doesNotContain("DEBUG");
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void probeOfAnUnknownTargetIsAUsageError() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "");

        int code = run("probe", "--config", config.toString(), "--target", "nope");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no target named \"nope\"").contains("local-java");
    }

    @Test
    void probeJsonPrintsOneObjectWithEveryTimingAndStoresTheRun() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "");

        Process p = TestMonitors.child(dir, Map.of(), "probe", "--config", config.toString(), "--target", "local-java", "--json");

        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stdout = Files.readString(dir.resolve("child.out")).strip();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
        assertThat(stdout.lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(stdout);
        assertThat(json.get("target").asText()).isEqualTo("local-java");
        assertThat(json.get("platform").asText()).isEqualTo("local");
        assertThat(json.get("outcome").asText()).isEqualTo("success");
        assertThat(json.get("failure").isNull()).isTrue();
        assertThat(json.get("nonce_verified").asBoolean()).isTrue();
        for (String phase : new String[] {"build", "deploy", "cold_start", "teardown"}) {
            assertThat(json.at("/phases_ms/" + phase).asDouble()).as(phase).isPositive();
        }
        assertThat(json.at("/first_request_ms/dns").isNull()).as("no DNS for 127.0.0.1").isTrue();
        assertThat(json.at("/first_request_ms/tls").isNull()).as("no TLS for http").isTrue();
        assertThat(json.at("/first_request_ms/total").asDouble()).isPositive();
        assertThat(json.at("/warm_request_ms/count").asInt()).isEqualTo(5);
        assertThat(json.at("/warm_request_ms/p99").asDouble()).isGreaterThanOrEqualTo(json.at("/warm_request_ms/p50").asDouble());
        assertThat(json.at("/workload/fs_ops_per_s").asDouble()).isPositive();
        assertThat(json.at("/workload/outbound_ms").isNull()).isTrue();
        // The progress went to stderr, phase by phase.
        assertThat(Files.readString(dir.resolve("child.log"))).contains("cold_start").contains("teardown");

        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("data/shipwatch"), "", ""))) {
            ProbeRun stored = db.runs().find(json.get("run_id").asText()).orElseThrow();
            assertThat(stored.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(stored.phases().coldStartMs()).isEqualTo(json.at("/phases_ms/cold_start").asDouble(), org.assertj.core.data.Offset.offset(0.06));
        }
    }

    @Test
    void exportStaticWritesThePagesAndJsonAsFiles() throws Exception {
        Path config = TestMonitors.config(dir, TestMonitors.bundledCanary(), "");
        Files.writeString(config, Files.readString(config) + """
                components:
                  - { name: Local deploys, id: local, group: Deploys }
                """);
        String incidentId;
        try (Database db = Database.open(new Storage("jdbc:h2:file:" + dir.resolve("data/shipwatch"), "", ""))) {
            incidentId = db.incidents().create(new dev.shipwatch.store.IncidentDraft("Builds <slow>",
                    dev.shipwatch.store.IncidentStatus.INVESTIGATING, dev.shipwatch.store.IncidentImpact.MINOR, "Looking.",
                    Map.of("local", dev.shipwatch.store.ComponentState.DEGRADED_PERFORMANCE), java.util.List.of(), null),
                    java.time.Instant.now()).id();
        }
        Path out = dir.resolve("site");

        int code = run("export-static", "--config", config.toString(), "--out", out.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("site");
        assertThat(out.resolve("index.html")).content().contains("Builds &lt;slow&gt;").contains("Degraded performance");
        assertThat(out.resolve("components/local.html")).content().contains("<h1>Local deploys</h1>");
        assertThat(out.resolve("incidents/" + incidentId + ".html")).exists();
        assertThat(out.resolve("api/v2/summary.json")).content().contains("\"indicator\":\"minor\"").contains("\"group\":true");
        assertThat(out.resolve("feed.atom")).content().contains("Builds &lt;slow&gt;");
        assertThat(out.resolve("badge/local.svg")).exists();
        assertThat(out.resolve("404.html")).exists();
        assertThat(out.toString()).isNotEmpty();
        assertThat(this.out.toString()).contains("wrote").contains("files");
    }
}
