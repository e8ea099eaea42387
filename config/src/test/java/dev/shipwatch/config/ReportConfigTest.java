package dev.shipwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports section and status-page.reports: defaults, overrides key by key, every problem with its path. */
class ReportConfigTest {
    @TempDir
    static Path work;
    static ConfigLoader loader;

    @BeforeAll
    static void loader() {
        loader = Fixture.loader(Fixture.withCanary(work), Map.of());
    }

    @Test
    void withoutTheSectionReportsAreForAdminsWithThreeDecimalsAndNoObjectives() throws Exception {
        ReportConfig r = loader.parseReports("""
                targets:
                  - { name: api, platform: { type: local } }
                """, "test.yml");
        assertThat(r).isEqualTo(ReportConfig.DEFAULT);
        assertThat(r.forTarget("api")).isEqualTo(Objectives.NONE);
    }

    @Test
    void objectivesDefaultForEveryoneAndAreReplacedKeyByKeyPerTargetAndComponent() throws Exception {
        ReportConfig r = loader.parseReports("""
                targets:
                  - { name: api, component: Public API, platform: { type: local } }
                  - { name: web, platform: { type: local } }
                status-page: { reports: public }
                reports:
                  precision: 4
                  objectives: { availability: 99.9, cold-start-p95: 5s }
                  targets:
                    api: { availability: 99.95 }
                  components:
                    Public API: { request-p99: 300ms }
                """, "test.yml");
        assertThat(r.access()).isEqualTo(ReportAccess.PUBLIC);
        assertThat(r.precision()).isEqualTo(4);
        assertThat(r.forTarget("api")).isEqualTo(new Objectives(99.95, Map.of("cold-start-p95", Duration.ofSeconds(5))));
        assertThat(r.forTarget("web")).isEqualTo(new Objectives(99.9, Map.of("cold-start-p95", Duration.ofSeconds(5))));
        assertThat(r.forComponent("public-api").latency()).containsExactly(
                Map.entry("cold-start-p95", Duration.ofSeconds(5)), Map.entry("request-p99", Duration.ofMillis(300)));
        assertThat(r.forComponent("public-api").availability()).isEqualTo(99.9);
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        assertThat(Fixture.problems(loader, """
                targets:
                  - { name: api, platform: { type: local } }
                status-page: { reports: everyone }
                reports:
                  precision: 9
                  colour: blue
                  objectives: { availability: 100.5, cold-start-p90: 5s, build-p95: fast }
                  targets:
                    nope: { availability: 99 }
                  components:
                    Nope: {}
                """)).containsExactlyInAnyOrder(
                "status-page.reports: \"everyone\" is not public or admin",
                "reports.colour: unknown key (known: precision, objectives, targets, components)",
                "reports.precision: 9 is not between 0 and 6",
                "reports.objectives.availability: 100.5 is more than 100 (it is a percentage, e.g. 99.9)",
                "reports.objectives.cold-start-p90: unknown key (known: availability, build-p50, build-p95, build-p99, "
                        + "deploy-p50, deploy-p95, deploy-p99, cold-start-p50, cold-start-p95, cold-start-p99, request-p50, "
                        + "request-p95, request-p99)",
                "reports.objectives.build-p95: \"fast\" is not a duration (use e.g. 250ms, 30s, 5m, 2h)",
                "reports.targets.nope: is not a target (targets: api)",
                "reports.components.Nope: is not a component (components: api)");
    }
}
