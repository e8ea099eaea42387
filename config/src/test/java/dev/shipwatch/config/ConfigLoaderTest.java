package dev.shipwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    static Path work;
    static ConfigLoader loader;
    static Path canary;

    @BeforeAll
    static void loader() {
        loader = Fixture.loader(Fixture.withCanary(work), Map.of());
        canary = work.resolve("canary/java").toAbsolutePath().normalize();
    }

    private static final String MINIMAL = """
            targets:
              - name: local-java
                platform: { type: local }
            """;

    @Test
    void aFullConfigBecomesExactlyTheExpectedRecords() throws Exception {
        ConfigLoader withSecrets = Fixture.loader(work, Map.of("ADMIN_TOKEN", "t0ken", "DB_PASSWORD", "pw"));
        ShipwatchConfig config = withSecrets.parse("""
                site: { name: Example Status, url: "https://status.example.com", time-zone: Europe/Berlin }
                server: { host: 0.0.0.0, port: 9090, admin-token: "${ADMIN_TOKEN}" }
                storage: { url: "jdbc:postgresql://127.0.0.1:5432/test", user: shipwatch, password: "${DB_PASSWORD}" }
                scheduler: { max-concurrent-runs: 200, generation: 7, check-in-interval: 5s }
                defaults:
                  schedule: 10m
                  requests: 30
                  timeouts: { build: 3m, request: 5s }
                  slo: { request-p95: 200ms }
                targets:
                  - name: local-java
                    component: Local deploys
                    platform: { type: local, java-home: /opt/jdk, jvm-args: [ -Xmx64m, -Xss512k ] }
                    canary: { path: ./canary/../canary/java, outbound-url: "http://127.0.0.1:9/" }
                    schedule: 5m
                    requests: "5"
                    timeouts: { build: 30s, cold-start: 20s }
                    slo: { build: 30s, deploy: 30s, cold-start: 5s, first-request: 200ms, request-p95: 100ms, fs-ops-per-s: 5000,
                            fs-open-read-per-s: 40000, fs-stat-missing-per-s: 1e5, fs-create-fsync-per-s: 50, fs-list-per-s: 2000 }
                  - name: local-java-cron
                    platform: { type: local }
                    cron: "0 */15 * * * ?"
                """, "full.yml");

        Timeouts defaultTimeouts = new Timeouts(Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofMinutes(1));
        Slo defaultSlo = new Slo(null, null, null, null, Duration.ofMillis(200), null);
        ShipwatchConfig expected = new ShipwatchConfig(
                new Site("Example Status", "https://status.example.com", ZoneId.of("Europe/Berlin")),
                new Server("0.0.0.0", 9090, "t0ken"),
                new Storage("jdbc:postgresql://127.0.0.1:5432/test", "shipwatch", "pw"),
                new Scheduling(200, 7, Duration.ofSeconds(5)),
                new Defaults(Schedule.every(Duration.ofMinutes(10)), 30, defaultTimeouts, defaultSlo),
                List.of(
                        new Target("local-java", "Local deploys",
                                new PlatformSpec("local", Map.of("java-home", "/opt/jdk", "jvm-args", List.of("-Xmx64m", "-Xss512k"))),
                                new CanarySpec(canary, "http://127.0.0.1:9/"),
                                Schedule.every(Duration.ofMinutes(5)), 5,
                                new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(20),
                                        Duration.ofSeconds(5), Duration.ofMinutes(1)),
                                new Slo(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5),
                                        Duration.ofMillis(200), Duration.ofMillis(100), 5000.0, 40_000.0, 100_000.0, 50.0,
                                        2_000.0)),
                        new Target("local-java-cron", "local-java-cron",
                                new PlatformSpec("local", Map.of()),
                                new CanarySpec(canary, null),
                                Schedule.cron("0 */15 * * * ?"), 30, defaultTimeouts, defaultSlo)));
        assertThat(config).isEqualTo(expected);
        assertThat(config.target("local-java-cron")).contains(expected.targets().get(1));
        assertThat(config.server().adminEnabled()).isTrue();
    }

    @Test
    void anOutboundCaFileIsReadIntoTheCanarySpecForTheCanaryToTrust() throws Exception {
        Path pem = work.resolve("ca/outbound.pem");
        Files.createDirectories(pem.getParent());
        try (var in = getClass().getResourceAsStream("/outbound-ca.pem")) {
            Files.copy(in, pem, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        ShipwatchConfig config = loader.parse("""
                targets:
                  - name: local-java
                    platform: { type: local }
                    canary: { outbound-url: "https://localhost:8443/", outbound-ca: ca/outbound.pem }
                """, "ca.yml");

        assertThat(config.targets().get(0).canary().outboundCa()).isEqualTo(Files.readString(pem))
                .startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void aMinimalConfigGetsTheBuiltInDefaults() throws Exception {
        ShipwatchConfig config = loader.parse(MINIMAL, "minimal.yml");

        assertThat(config.site()).isEqualTo(new Site("Shipwatch", "http://localhost:8080", ZoneId.of("UTC")));
        assertThat(config.server()).isEqualTo(new Server("127.0.0.1", 8080, ""));
        assertThat(config.server().adminEnabled()).isFalse();
        assertThat(config.storage()).isEqualTo(new Storage("jdbc:h2:file:./data/shipwatch", "", ""));
        assertThat(config.scheduling()).isEqualTo(new Scheduling(64, 0, Duration.ofSeconds(5)));
        Timeouts builtIn = new Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofMinutes(1));
        assertThat(config.defaults()).isEqualTo(new Defaults(Schedule.every(Duration.ofMinutes(5)), 20, builtIn, Slo.NONE));
        assertThat(config.targets()).containsExactly(new Target("local-java", "local-java",
                new PlatformSpec("local", Map.of()), new CanarySpec(canary, null),
                Schedule.every(Duration.ofMinutes(5)), 20, builtIn, Slo.NONE));
    }

    @Test
    void oneTargetWithAThirtySecondScheduleAndNothingElseIsValidItsBuiltInTimeoutsCutToFit() throws Exception {
        ShipwatchConfig config = loader.parse("""
                targets:
                  - name: mine
                    platform: { type: local }
                    schedule: 30s
                """, "smallest.yml");

        // 9/10 of the interval for each built-in limit the interval cannot hold; 10s already fits.
        assertThat(config.target("mine").orElseThrow().timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(27),
                Duration.ofSeconds(27), Duration.ofSeconds(27), Duration.ofSeconds(10), Duration.ofSeconds(27)));
    }

    @Test
    void builtInTimeoutsAreCutPerTargetWhileWrittenOnesStayAsWritten() throws Exception {
        ShipwatchConfig config = loader.parse("""
                defaults:
                  schedule: 90s
                  timeouts: { deploy: 40s }
                targets:
                  - name: fast
                    platform: { type: local }
                    timeouts: { cold-start: 5s }
                  - name: slow
                    platform: { type: local }
                    schedule: 10m
                  - name: every-twenty-seconds
                    platform: { type: local }
                    cron: "0/20 * * * * ?"
                    timeouts: { deploy: 5s }
                """, "cut.yml");

        assertThat(config.target("fast").orElseThrow().timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(81),
                Duration.ofSeconds(40), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(60)));
        assertThat(config.target("slow").orElseThrow().timeouts()).isEqualTo(new Timeouts(Duration.ofMinutes(2),
                Duration.ofSeconds(40), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(1)));
        assertThat(config.target("every-twenty-seconds").orElseThrow().timeouts()).isEqualTo(new Timeouts(
                Duration.ofSeconds(18), Duration.ofSeconds(5), Duration.ofSeconds(18), Duration.ofSeconds(10),
                Duration.ofSeconds(18)));
        // The section itself keeps the built-in values: they are cut only where a schedule needs it.
        assertThat(config.defaults().timeouts().build()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aTooLongTimeoutTheUserWroteIsStillAnErrorWithItsPathAndValue() {
        assertThat(Fixture.problems(loader, """
                targets:
                  - name: mine
                    platform: { type: local }
                    schedule: 30s
                    timeouts: { build: 2m }
                """)).containsExactly("targets[mine].timeouts.build (2m) must be shorter than schedule (30s)");
    }

    @Test
    void defaultsMergeKeyByKeyUnderEachTarget() throws Exception {
        ShipwatchConfig config = loader.parse("""
                defaults:
                  timeouts: { build: 90s }
                  slo: { build: 1m, request-p95: 100ms }
                targets:
                  - name: local-java
                    platform: { type: local }
                    timeouts: { deploy: 45s }
                    slo: { request-p95: 50ms }
                """, "merge.yml");

        Target target = config.target("local-java").orElseThrow();
        assertThat(config.defaults().timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(90), Duration.ofMinutes(2),
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(1)));
        assertThat(target.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(90), Duration.ofSeconds(45),
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(1)));
        assertThat(target.slo()).isEqualTo(new Slo(Duration.ofMinutes(1), null, null, null, Duration.ofMillis(50), null));
    }

    @Test
    void aTargetScheduleReplacesTheDefaultCronAndViceVersa() throws Exception {
        ShipwatchConfig config = loader.parse("""
                defaults: { cron: "0 0 * * * ?" }
                targets:
                  - name: hourly
                    platform: { type: local }
                  - name: every-ten
                    platform: { type: local }
                    schedule: 10m
                """, "schedules.yml");

        assertThat(config.target("hourly").orElseThrow().schedule()).isEqualTo(Schedule.cron("0 0 * * * ?"));
        assertThat(config.target("every-ten").orElseThrow().schedule()).isEqualTo(Schedule.every(Duration.ofMinutes(10)));
    }

    @Test
    void portZeroMeansAnyFreePort() throws Exception {
        ShipwatchConfig config = loader.parse("server: { port: 0 }\n" + MINIMAL, "port.yml");

        assertThat(config.server().port()).isZero();
    }

    @Test
    void aRelativeCanaryPathResolvesAgainstTheWorkingDirectory(@TempDir Path other) throws Exception {
        Files.createDirectories(other.resolve("apps/my-canary"));
        ConfigLoader elsewhere = Fixture.loader(other, Map.of());

        ShipwatchConfig config = elsewhere.parse(MINIMAL + "    canary: { path: apps/my-canary }\n", "canary.yml");

        assertThat(config.targets().get(0).canary().path())
                .isEqualTo(other.resolve("apps/my-canary").toAbsolutePath().normalize())
                .isAbsolute();
    }

    @Test
    void aYamlSyntaxErrorIsOneProblemNamingLineAndColumn() {
        assertThat(Fixture.problems(loader, """
                site:
                  name: a: b
                """)).containsExactly("line 2, column 10: mapping values are not allowed here");
    }

    @Test
    void aYamlSyntaxErrorNamesWhereTheEnclosingStructureStarted() {
        assertThat(Fixture.problems(loader, """
                targets:
                  - name: x
                 - name: y
                """)).containsExactly("line 3, column 2: expected <block end>, but found '<block sequence start>'"
                + " (while parsing a block mapping at line 1, column 1)");
    }

    @Test
    void everyDuplicateKeyIsReportedWithItsLine() {
        assertThat(Fixture.problems(loader, """
                server:
                  port: 8080
                  port: 9090
                site: { name: a, name: b }
                """)).containsExactly(
                "line 3, column 3: duplicate key \"port\"",
                "line 4, column 18: duplicate key \"name\"");
    }

    @Test
    void aliasesAreRejectedRatherThanReadAsTheirName() {
        assertThat(Fixture.problems(loader, """
                defaults: { schedule: &every 1m }
                targets:
                  - name: local-java
                    platform: { type: local }
                    schedule: *every
                """)).containsExactly("line 5, column 15: aliases (*every) are not supported; repeat the value");
    }

    @Test
    void loadReadsAFileAndNamesItInProblems(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shipwatch.yml");
        Files.writeString(file, MINIMAL);
        assertThat(loader.load(file).targets()).extracting(Target::name).containsExactly("local-java");

        Files.writeString(file, "targets: []\n");
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid config " + file + ":\n  targets: at least one target is required");
    }

    @Test
    void aMissingFileIsOneProblemQuotingThePathAsGiven() {
        assertThatThrownBy(() -> loader.load(Path.of("x.yml")))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.problems()).containsExactly("config file \"x.yml\" not found"));
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedAtOnceByItsSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.yml");
        // sparse: 40 MB that are never written, so a loader that read or parsed it would take minutes
        try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(40L * 1024 * 1024);
        }

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "config file \"" + file + "\" is 41943040 bytes, more than the 4194304 (4 MiB) a config file may have"));
    }

    @Test
    void aFileAtTheSizeLimitIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.yml");
        String padding = "# " + "x".repeat(1022) + "\n";
        String yaml = MINIMAL + padding.repeat((int) (ConfigLoader.MAX_FILE_BYTES - MINIMAL.length()) / padding.length());
        Files.writeString(file, yaml + "#".repeat((int) ConfigLoader.MAX_FILE_BYTES - yaml.length()));
        assertThat(Files.size(file)).isEqualTo(ConfigLoader.MAX_FILE_BYTES);

        assertThat(loader.load(file).targets()).extracting(Target::name).containsExactly("local-java");
    }

    @Test
    void textOverTheSizeLimitIsRefusedToo() {
        assertThat(Fixture.problems(loader, MINIMAL + "#".repeat((int) ConfigLoader.MAX_FILE_BYTES)))
                .containsExactly("config text \"test.yml\" is " + (MINIMAL.length() + ConfigLoader.MAX_FILE_BYTES)
                        + " characters, more than the 4194304 (4 MiB) a config file may have");
    }

    @Test
    void aSecondYamlDocumentIsAProblemNamingItsLine() {
        assertThat(Fixture.problems(loader, MINIMAL + "---\nsite: { name: Other }\n"))
                .containsExactly("line 5, column 1: a second YAML document (after \"---\"); a config file holds one document");
        assertThat(Fixture.problems(loader, MINIMAL + "---\n"))
                .as("an empty second document is still a second document")
                .containsExactly("line 5, column 1: a second YAML document (after \"---\"); a config file holds one document");
    }

    @Test
    void aDocumentMarkerBeforeTheOnlyDocumentIsFine() throws Exception {
        assertThat(loader.parse("---\n" + MINIMAL + "...\n", "test.yml").targets()).hasSize(1);
    }
}
