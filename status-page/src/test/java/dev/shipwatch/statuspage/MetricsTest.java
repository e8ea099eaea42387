package dev.shipwatch.statuspage;

import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.config.CanarySpec;
import dev.shipwatch.config.PlatformSpec;
import dev.shipwatch.config.Schedule;
import dev.shipwatch.config.Slo;
import dev.shipwatch.config.Target;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.PhaseTimings;
import dev.shipwatch.store.ProbeRun;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} over real HTTP, judged by the real {@code promtool check metrics}, with the
 * series a Prometheus user alerts on: up-now per target, last run, every outcome from zero,
 * phases (failed ones too), request steps, warm requests, JVM and process.
 */
class MetricsTest {
    private static Vertx vertx;
    private PageHarness h;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    @BeforeEach
    void harness() {
        h = new PageHarness(vertx);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static Target target(String name, String platform) {
        return new Target(name, name, new PlatformSpec(platform, Map.of()), new CanarySpec(Path.of("canary/java"), null),
                Schedule.every(Duration.ofMinutes(1)), 20, null, Slo.NONE);
    }

    @Test
    void theExpositionPassesPromtoolAndHasEverySeriesFromTheStart() throws Exception {
        List<Target> targets = List.of(target("local-java", "local"), target("idle", "container"));
        h.metrics.track(targets);
        h.serve(targets);
        h.metrics.record(success("local-java", 2));
        ProbeRun f = failed("local-java", 1, Phase.BUILD, FailureClass.BUILD_TIMEOUT, "build did not finish within 2m");
        // a build that timed out: timed until the runner gave up on it
        h.metrics.record(new ProbeRun(f.id(), f.target(), f.platform(), f.component(), f.startedAt(), f.finishedAt(),
                f.outcome(), f.failure(), new PhaseTimings(120_000.0, null, null, 21.0), null, null, null, false, null, List.of()));

        String text = h.text("/metrics");

        Promtool.Verdict verdict = Promtool.checkMetrics(text);
        assertThat(verdict.output()).as("promtool check metrics").isEmpty();
        assertThat(verdict.exitCode()).isZero();
        // A target that never ran has all its series: counters at 0, no up/down verdict yet.
        for (String outcome : List.of("success", "degraded", "failed", "aborted", "skipped")) {
            assertThat(text).contains("shipwatch_runs_total{outcome=\"" + outcome + "\",platform=\"container\",target=\"idle\"} 0.0");
        }
        assertThat(text).contains("shipwatch_probe_success{platform=\"container\",target=\"idle\"} NaN")
                .contains("shipwatch_last_run_timestamp_seconds{platform=\"container\",target=\"idle\"} 0.0")
                .contains("shipwatch_last_phase_duration_seconds{phase=\"build\",platform=\"container\",target=\"idle\"} NaN")
                .contains("shipwatch_phase_duration_seconds_count{phase=\"build\",platform=\"container\"} 0");
        // The target that ran: down now (its latest run failed), when it last ran, the failed build timed.
        assertThat(text).contains("shipwatch_probe_success{platform=\"local\",target=\"local-java\"} 0.0")
                .contains("shipwatch_runs_total{outcome=\"failed\",platform=\"local\",target=\"local-java\"} 1.0")
                .contains("shipwatch_phase_duration_seconds_count{phase=\"build\",platform=\"local\"} 2")
                .contains("shipwatch_phase_duration_seconds_bucket{phase=\"build\",platform=\"local\",le=\"60.0\"} 1")
                .contains("shipwatch_phase_duration_seconds_bucket{phase=\"build\",platform=\"local\",le=\"120.0\"} 2")
                .contains("shipwatch_first_request_phase_duration_seconds_count{phase=\"ttfb\",platform=\"local\"} 1")
                .contains("shipwatch_first_request_phase_duration_seconds_count{phase=\"dns\",platform=\"local\"} 0")
                // the latest run: a build timed out after 2 minutes, nothing after it
                .contains("shipwatch_last_phase_duration_seconds{phase=\"build\",platform=\"local\",target=\"local-java\"} 120.0")
                .contains("shipwatch_last_phase_duration_seconds{phase=\"deploy\",platform=\"local\",target=\"local-java\"} NaN")
                .contains("shipwatch_last_phase_duration_seconds{phase=\"teardown\",platform=\"local\",target=\"local-java\"} 0.021")
                .contains("shipwatch_last_first_request_phase_duration_seconds{phase=\"ttfb\",platform=\"local\",target=\"local-java\"} NaN")
                .contains("shipwatch_warm_request_duration_seconds{platform=\"local\",stat=\"p50\",target=\"local-java\"} 6.0E-4")
                .contains("shipwatch_warm_request_duration_seconds{platform=\"local\",stat=\"max\",target=\"local-java\"} 0.0013");
        assertThat(value(text, "shipwatch_last_run_timestamp_seconds{platform=\"local\",target=\"local-java\"}"))
                .isEqualTo(f.finishedAt().toEpochMilli() / 1e3);
        assertThat(text).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ", "jvm_classes_loaded_classes ",
                "process_cpu_usage ", "process_uptime_seconds ", "process_start_time_seconds ", "process_files_open_files ",
                "process_resident_memory_bytes ", "process_cpu_seconds_total ");
        // No gauge that decays over a window beside a histogram.
        assertThat(text).doesNotContain("shipwatch_phase_duration_seconds_max", "_seconds_max{");
        // Histograms are per platform; every per-target series says which platform it is on.
        assertThat(text.lines().filter(l -> l.contains("_bucket{"))).isNotEmpty().noneMatch(l -> l.contains("target="));
        assertThat(text.lines().filter(l -> l.startsWith("shipwatch_") && l.contains("target=\"")))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("platform=\""));
    }

    @Test
    void manyTargetsAreWrittenAPieceAtATimeAndServedWhole() throws Exception {
        List<Target> targets = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> target("t" + i, "local")).toList();
        h.metrics.track(targets);
        h.serve(targets);

        RunMetrics.Exposition exposition = h.metrics.exposition();
        List<byte[]> pieces = new java.util.ArrayList<>();
        for (byte[] piece = exposition.next(); piece != null; piece = exposition.next()) {
            pieces.add(piece);
        }
        String text = h.text("/metrics");

        // Never the whole text at once: pieces of about PIECE_BYTES (a line over at most), the
        // last one with Micrometer's meters.
        assertThat(pieces).hasSizeGreaterThan(20);
        assertThat(pieces.subList(0, pieces.size() - 1)).allSatisfy(p -> assertThat(p.length)
                .isBetween(RunMetrics.PIECE_BYTES, RunMetrics.PIECE_BYTES + 512));
        assertThat(exposition.next()).isNull();
        // Served whole over HTTP: every target's every series, valid for promtool.
        assertThat(text.lines().filter(l -> l.startsWith("shipwatch_probe_success{"))).hasSize(targets.size());
        assertThat(text.lines().filter(l -> l.startsWith("shipwatch_runs_total{outcome=\"skipped\""))).hasSize(targets.size());
        assertThat(text).endsWith("\n").contains("process_resident_memory_bytes ");
        assertThat(Promtool.checkMetrics(text).output()).as("promtool check metrics").isEmpty();
    }

    /** The value of the one sample whose name and labels are {@code series}. */
    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + series));
    }

    @Test
    void gaugesAreSeededFromStoredRunsWithoutCountingThem() throws Exception {
        List<Target> targets = List.of(target("local-java", "local"));
        h.metrics.track(targets);
        ProbeRun latest = success("local-java", 5);
        h.metrics.seed("local-java", "local", List.of(latest, failed("local-java", 10, Phase.DEPLOY, FailureClass.DEPLOY_FAILED, "x")));
        h.serve(targets);

        String text = h.text("/metrics");

        assertThat(text).contains("shipwatch_probe_success{platform=\"local\",target=\"local-java\"} 1.0")
                .contains("shipwatch_runs_total{outcome=\"success\",platform=\"local\",target=\"local-java\"} 0.0");
    }

    @Test
    void eachRefreshIsTimed() throws Exception {
        List<Target> targets = List.of(target("local-java", "local"));
        h.metrics.track(targets);
        h.serve(targets);
        h.page.bindTo(h.metrics.registry());

        h.page.refresh();
        h.page.refresh();

        String text = h.text("/metrics");
        assertThat(value(text, "shipwatch_page_refresh_seconds_count")).isEqualTo(2);
        assertThat(value(text, "shipwatch_page_refresh_seconds_bucket{le=\"10.0\"}")).isEqualTo(2);
        assertThat(value(text, "shipwatch_page_refresh_seconds_sum")).isPositive();
        assertThat(Promtool.checkMetrics(text).output()).as("promtool check metrics").isEmpty();
    }
}
