package dev.shipwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad configs and the exact problems they are rejected with. */
class ConfigValidationTest {
    @TempDir
    static Path work;
    static ConfigLoader loader;

    @BeforeAll
    static void loader() {
        loader = Fixture.loader(Fixture.withCanary(work), Map.of());
    }

    /** A real PEM certificate, copied into the working directory. */
    private static String pem() {
        try {
            Path file = work.resolve("outbound-ca.pem");
            if (!Files.exists(file)) {
                try (var in = ConfigValidationTest.class.getResourceAsStream("/outbound-ca.pem")) {
                    Files.copy(in, file);
                }
            }
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A valid target with one line appended to its mapping (indented to match). */
    private static String target(String extra) {
        return """
                targets:
                  - name: local-java
                    platform: { type: local }
                """ + extra.indent(4);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("a schedule that is not a duration, on a target without a name", """
                        targets:
                          - name: local-java
                            platform: { type: local }
                          - platform: { type: local }
                            schedule: 5x
                        """,
                        "targets[1].name: missing",
                        "targets[1].schedule: \"5x\" is not a duration (use e.g. 250ms, 30s, 5m, 2h)"),
                bad("a phase timeout as long as the schedule",
                        target("schedule: 1m\ntimeouts: { build: 30s, deploy: 30s, cold-start: 2h, teardown: 30s }"),
                        "targets[local-java].timeouts.cold-start (2h) must be shorter than schedule (1m)"),
                bad("timeouts written under defaults, checked against the target's schedule",
                        "defaults: { timeouts: { build: 2m, cold-start: 1m } }\n" + target("schedule: 1m"),
                        "targets[local-java].timeouts.build (2m, from defaults.timeouts.build) must be shorter than schedule (1m)",
                        "targets[local-java].timeouts.cold-start (1m, from defaults.timeouts.cold-start) must be shorter than schedule (1m)"),
                bad("a written timeout longer than the gap between cron fire times (the built-in ones are cut to fit)",
                        target("cron: \"0/30 * * * * ?\"\ntimeouts: { build: 45s, teardown: 10s }"),
                        "targets[local-java].timeouts.build (45s) must be shorter than schedule (cron \"0/30 * * * * ?\", fires 30s apart)"),
                bad("an unknown canary key",
                        target("canary: { pth: canary/java }"),
                        "targets[local-java].canary.pth: unknown key (known: path, outbound-url, outbound-ca)"),
                bad("an unknown target key",
                        target("schedul: 1m"),
                        "targets[local-java].schedul: unknown key (known: name, component, platform, canary, schedule, cron, requests, timeouts, slo, locations, quorum)"),
                bad("an unknown top-level key", "sever: { port: 1 }\n" + target(""),
                        "sever: unknown key (known: site, server, storage, scheduler, node, defaults, targets, alerting, components, groups, status-page, reports)"),
                bad("an unknown key in the defaults' timeouts", "defaults: { timeouts: { coldstart: 5s } }\n" + target(""),
                        "defaults.timeouts.coldstart: unknown key (known: build, deploy, cold-start, request, teardown)"),
                bad("an unknown platform type", """
                        targets:
                          - name: local-java
                            platform: { type: heroku }
                        """,
                        "targets[local-java].platform.type: \"heroku\" is not a known platform (known: local)"),
                bad("a platform without a type", """
                        targets:
                          - name: local-java
                            platform: { java-home: /opt/jdk }
                        """,
                        "targets[local-java].platform.type: missing"),
                bad("a target without a platform", """
                        targets:
                          - name: local-java
                        """,
                        "targets[local-java].platform.type: missing"),
                bad("a platform setting the platform rejects", """
                        targets:
                          - name: local-java
                            platform: { type: local, jvm-home: /opt/jdk }
                        """,
                        "targets[local-java].platform.jvm-home: unknown key (known: java-home, jvm-args)"),
                bad("a platform setting without a value", """
                        targets:
                          - name: local-java
                            platform: { type: local, java-home: }
                        """,
                        "targets[local-java].platform.java-home: has no value (remove the key or give it one)"),
                bad("a duplicate target name", """
                        targets:
                          - name: local-java
                            platform: { type: local }
                          - name: local-java
                            platform: { type: local }
                        """,
                        "targets[1].name: \"local-java\" is used by targets[0] too"),
                bad("a target name with capitals and an underscore", """
                        targets:
                          - name: Local_Java
                            platform: { type: local }
                        """,
                        "targets[0].name: \"Local_Java\" must match [a-z0-9-]+"),
                bad("a target name longer than a DNS label", """
                        targets:
                          - name: %s
                            platform: { type: local }
                        """.formatted("a".repeat(64)),
                        "targets[0].name: \"" + "a".repeat(64) + "\" is longer than 63 characters"),
                bad("a target without a name", """
                        targets:
                          - platform: { type: local }
                        """,
                        "targets[0].name: missing"),
                bad("no targets at all", "site: { name: Example Status }\n",
                        "targets: at least one target is required"),
                bad("an empty target list", "targets: []\n",
                        "targets: at least one target is required"),
                bad("an empty file", "",
                        "targets: at least one target is required"),
                bad("targets as a mapping", "targets: { name: local-java }\n",
                        "targets: a mapping is not a list"),
                bad("a target that is a plain string", "targets: [ local-java ]\n",
                        "targets[0]: \"local-java\" is not a mapping"),
                bad("an empty target entry", "targets:\n  -\n",
                        "targets[0]: is empty (a target needs at least a name and a platform)"),
                bad("a platform written as a plain string", """
                        targets:
                          - name: local-java
                            platform: local
                        """,
                        "targets[local-java].platform: \"local\" is not a mapping"),
                bad("a section that is a list", "site: [ a, b ]\n" + target(""),
                        "site: a list is not a mapping"),
                bad("a mapping where a string belongs", "site: { name: { first: Example } }\n" + target(""),
                        "site.name: a mapping is not a string"),
                bad("a whole file that is a list", "- a\n- b\n",
                        "top level: a list is not a mapping"),
                bad("a time zone that is not an IANA id", "site: { time-zone: Mars/Base }\n" + target(""),
                        "site.time-zone: \"Mars/Base\" is not an IANA time zone"),
                bad("a time zone given as an offset", "site: { time-zone: \"+02:00\" }\n" + target(""),
                        "site.time-zone: \"+02:00\" is not an IANA time zone"),
                bad("a site URL without a scheme", "site: { url: \"localhost:8080\" }\n" + target(""),
                        "site.url: \"localhost:8080\" is not an http:// or https:// URL"),
                bad("both schedule and cron",
                        target("schedule: 1m\ncron: \"0 */5 * * * ?\""),
                        "targets[local-java].schedule and cron: set one, not both"),
                bad("a cron expression Quartz cannot parse",
                        target("cron: bad"),
                        "targets[local-java].cron: \"bad\" is not a Quartz cron expression (Illegal characters for this position: 'BAD')"),
                bad("a five-field Unix cron expression",
                        target("cron: \"*/5 * * * *\""),
                        "targets[local-java].cron: \"*/5 * * * *\" is not a Quartz cron expression (Unexpected end of expression.;"
                                + " Quartz expressions start with a seconds field, e.g. \"0 */5 * * * ?\")"),
                bad("a cron expression that never fires again",
                        target("cron: \"0 0 0 1 1 ? 2000\""),
                        "targets[local-java].cron: \"0 0 0 1 1 ? 2000\" has no future fire times"),
                bad("a canary path that is not a directory",
                        target("canary: { path: /nonexistent/canary }"),
                        "targets[local-java].canary.path: \"/nonexistent/canary\" is not a directory"),
                bad("a canary outbound URL that is not HTTP",
                        target("canary: { outbound-url: \"ftp://example.com/\" }"),
                        "targets[local-java].canary.outbound-url: \"ftp://example.com/\" is not an http:// or https:// URL"),
                bad("an outbound CA file that does not exist",
                        target("canary: { outbound-url: \"https://example.com/\", outbound-ca: no-such.pem }"),
                        "targets[local-java].canary.outbound-ca: \"" + work.resolve("no-such.pem").toAbsolutePath().normalize()
                                + "\" cannot be read (NoSuchFileException)"),
                bad("an outbound CA path that is a directory",
                        target("canary: { outbound-url: \"https://example.com/\", outbound-ca: canary }"),
                        "targets[local-java].canary.outbound-ca: \"" + work.resolve("canary").toAbsolutePath().normalize()
                                + "\" cannot be read (IOException)"),
                bad("an outbound CA for a plain-HTTP outbound URL",
                        target("canary: { outbound-url: \"http://example.com/\", outbound-ca: " + pem() + " }"),
                        "targets[local-java].canary.outbound-ca: is only used for an https:// outbound-url (outbound-url: "
                                + "\"http://example.com/\")"),
                bad("a port out of range", "server: { port: 70000 }\n" + target(""),
                        "server.port: 70000 is not a port (0-65535)"),
                bad("a port that is not a number", "server: { port: http }\n" + target(""),
                        "server.port: \"http\" is not a whole number"),
                bad("a request count that is not a number", "defaults: { requests: many }\n" + target(""),
                        "defaults.requests: \"many\" is not a whole number"),
                bad("a request count of zero",
                        target("requests: 0"),
                        "targets[local-java].requests: 0 is not between 1 and 10000"),
                bad("a storage URL for another database", "storage: { url: \"jdbc:mysql://db/x\" }\n" + target(""),
                        "storage.url: \"jdbc:mysql://db/x\" is not an H2 or PostgreSQL JDBC URL (jdbc:h2:... or jdbc:postgresql:...)"),
                bad("no concurrent runs at all", "scheduler: { max-concurrent-runs: 0 }\n" + target(""),
                        "scheduler.max-concurrent-runs: 0 is not between 1 and 1000"),
                bad("concurrent runs written as words", "scheduler: { max-concurrent-runs: lots }\n" + target(""),
                        "scheduler.max-concurrent-runs: \"lots\" is not a whole number"),
                bad("an unknown scheduler key", "scheduler: { threads: 8 }\n" + target(""),
                        "scheduler.threads: unknown key (known: max-concurrent-runs, generation, check-in-interval)"),
                bad("a negative generation", "scheduler: { generation: -1 }\n" + target(""),
                        "scheduler.generation: -1 is not between 0 and 2147483647"),
                bad("a check-in interval too short for a database round trip", "scheduler: { check-in-interval: 200ms }\n" + target(""),
                        "scheduler.check-in-interval: \"200ms\" is not between 1s and 5m"),
                bad("a zero timeout",
                        target("timeouts: { build: 0s }"),
                        "targets[local-java].timeouts.build: \"0s\" must be longer than zero"),
                bad("a duration too long to hold", "defaults: { schedule: 999999999999999d }\n" + target(""),
                        "defaults.schedule: \"999999999999999d\" is not a duration (use e.g. 250ms, 30s, 5m, 2h)"),
                bad("an SLO file-system rate that is not a number",
                        target("slo: { fs-ops-per-s: fast }"),
                        "targets[local-java].slo.fs-ops-per-s: \"fast\" is not a number"),
                bad("an SLO file-system rate of zero",
                        target("slo: { fs-ops-per-s: 0 }"),
                        "targets[local-java].slo.fs-ops-per-s: 0 must be greater than zero"),
                bad("a file-system profile objective that is not a number",
                        target("slo: { fs-open-read-per-s: lots }"),
                        "targets[local-java].slo.fs-open-read-per-s: \"lots\" is not a number"),
                bad("a file-system profile objective below zero",
                        "defaults: { slo: { fs-create-fsync-per-s: -3 } }\n" + target(""),
                        "defaults.slo.fs-create-fsync-per-s: -3 must be greater than zero"),
                bad("an SLO duration without a unit",
                        target("slo: { request-p95: 100 }"),
                        "targets[local-java].slo.request-p95: \"100\" is not a duration (use e.g. 250ms, 30s, 5m, 2h)"),
                bad("an empty component",
                        target("component: \"\""),
                        "targets[local-java].component: must not be empty"),
                // an empty document is an empty config: the message says what is missing, never nothing
                bad("a file holding only a document marker", "---\n", "targets: at least one target is required"),
                bad("a file holding only null", "~\n", "targets: at least one target is required"),
                bad("a document that is a list", "- a\n- b\n", "top level: a list is not a mapping"),
                // control characters are shown as escapes: the message goes to a terminal
                bad("a value with terminal escapes", "site: { url: \"\\e[2J\\rhttp\\a\" }\n" + target(""),
                        "site.url: \"\\u001b[2J\\rhttp\\u0007\" is not an http:// or https:// URL"),
                bad("a key with terminal escapes", "site: { \"na\\eme\": x }\n" + target(""),
                        "site.na\\u001bme: unknown key (known: name, url, time-zone)"));
    }

    private static Arguments bad(String what, String yaml, String... problems) {
        return Arguments.of(what, yaml, List.of(problems));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigIsRejectedWithExactlyTheseProblems(String what, String yaml, List<String> problems) {
        assertThat(Fixture.problems(loader, yaml)).containsExactlyElementsOf(problems);
    }

    @Test
    void everyProblemInTheFileIsReportedInFileOrder() {
        String yaml = """
                site: { name: Example, time-zone: Mars/Base }
                server: { port: 70000 }
                storage: { url: "jdbc:mysql://db/x" }
                defaults: { requests: many }
                targets:
                  - name: local-java
                    platform: { type: heroku }
                    canary: { pth: x }
                    schedule: 1m
                    timeouts: { build: 30s, deploy: 30s, cold-start: 2h, teardown: 30s }
                  - name: Bad_Name
                    platform: { type: local }
                    schedule: 5x
                  - name: local-java-2
                    platform: { type: local }
                    cron: bad
                """;
        List<String> expected = List.of(
                "site.time-zone: \"Mars/Base\" is not an IANA time zone",
                "server.port: 70000 is not a port (0-65535)",
                "storage.url: \"jdbc:mysql://db/x\" is not an H2 or PostgreSQL JDBC URL (jdbc:h2:... or jdbc:postgresql:...)",
                "defaults.requests: \"many\" is not a whole number",
                "targets[local-java].platform.type: \"heroku\" is not a known platform (known: local)",
                "targets[local-java].canary.pth: unknown key (known: path, outbound-url, outbound-ca)",
                "targets[local-java].timeouts.cold-start (2h) must be shorter than schedule (1m)",
                "targets[1].name: \"Bad_Name\" must match [a-z0-9-]+",
                "targets[1].schedule: \"5x\" is not a duration (use e.g. 250ms, 30s, 5m, 2h)",
                "targets[local-java-2].cron: \"bad\" is not a Quartz cron expression (Illegal characters for this position: 'BAD')");

        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> loader.parse(yaml, "several.yml"));

        assertThat(e.problems()).containsExactlyElementsOf(expected);
        assertThat(e.getMessage()).isEqualTo("invalid config several.yml:\n  " + String.join("\n  ", expected));
    }
}
