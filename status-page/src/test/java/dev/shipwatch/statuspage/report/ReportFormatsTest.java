package dev.shipwatch.statuspage.report;

import dev.shipwatch.config.Objectives;
import dev.shipwatch.store.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSV and JSON shapes are a contract (spreadsheets and scripts read them): these golden
 * strings change only on purpose. One day in UTC: 18 h up, 6 h down; cold starts 100, 300, 200 ms.
 */
class ReportFormatsTest {
    private static ReportDb db;
    private static SlaReport report;

    @BeforeAll
    static void seed() {
        db = new ReportDb();
        Duration hold = Duration.ofHours(12);
        db.run("api", "2026-06-01T00:00:00Z", Outcome.SUCCESS, hold, 100.0)
                .run("api", "2026-06-01T06:00:00Z", Outcome.FAILED, hold, null)
                .run("api", "2026-06-01T12:00:00Z", Outcome.SUCCESS, hold, 300.0)
                .run("api", "2026-06-01T18:00:00Z", Outcome.SUCCESS, hold, 200.0)
                .run("api", "2026-06-02T00:00:00Z", Outcome.SUCCESS, hold, 100.0);
        Reports reports = db.reports(ZoneOffset.UTC, List.of(ReportDb.target("api", "API, public")),
                ReportDb.config(new Objectives(99.9, Map.of("cold-start-p95", Duration.ofMillis(250))), Map.of()),
                Instant.parse("2026-07-01T00:00:00Z"));
        report = reports.report(ReportPeriod.days(LocalDate.parse("2026-06-01"), LocalDate.parse("2026-06-02"), ZoneOffset.UTC), null);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void csv() {
        assertThat(ReportFormats.csv(report)).isEqualTo(GOLDEN_CSV.replace("\n", "\r\n"));
    }

    @Test
    void json() {
        assertThat(ReportFormats.json(report)).isEqualTo(GOLDEN_JSON);
    }

    @Test
    void table() {
        String table = ReportFormats.table(report);
        assertThat(table).contains("UTC: 2026-06-01T00:00:00Z to 2026-06-02T00:00:00Z (24 h)");
        assertThat(table).containsPattern("API, public +75\\.000 +360\\.0 +0\\.0 +0\\.0 +4 +1 ");
        assertThat(table).containsPattern("cold-start-p95 +<= 250 ms +300\\.0 ms +missed");
        assertThat(table).contains("  3. Availability = up / (up + down)");
        assertThat(table).contains("inside the platform, medians")
                .containsPattern("  api +1987 +59572 +400749 +200 +8000 +20\\.1\n");
    }

    /** The golden report with another site name and row names: the hostile text these tests need. */
    private static SlaReport named(String site, String... rowNames) {
        List<SlaReport.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < rowNames.length; i++) {
            SlaReport.Row r = report.rows().get(i % report.rows().size());
            rows.add(new SlaReport.Row(r.kind(), r.id(), rowNames[i], r.component(), r.times(), r.availability(), r.runs(),
                    r.failedRuns(), r.incidents(), r.latency(), r.objectives(), r.budget(), r.inside()));
        }
        return new SlaReport(site, report.period(), report.end(), report.generatedAt(), report.precision(), report.rules(), rows);
    }

    /** The cells of one CSV row as the golden test writes them: this report has no quoted commas after the name. */
    private static String nameCell(String csv, int row) {
        String[] lines = csv.split("\r\n");
        int header = 0;
        while (lines[header].startsWith("# ")) {
            header++;
        }
        String line = lines[header + 1 + row];
        return line.substring(line.indexOf(',', line.indexOf(',') + 1) + 1, line.lastIndexOf(",api-public,"));
    }

    @Test
    void csvTextThatASpreadsheetWouldRunIsNeutralisedButNumbersStayNumbers() {
        String csv = ReportFormats.csv(named("Example", "=HYPERLINK(\"http://evil/\",\"x\")", "+1+1", "-1", "@SUM(A1)",
                "\tx", "\rx", "a=b", "-"));

        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7)).extracting(i -> nameCell(csv, i)).containsExactly(
                "\"'=HYPERLINK(\"\"http://evil/\"\",\"\"x\"\")\"", "\"'+1+1\"", "\"'-1\"", "\"'@SUM(A1)\"",
                "\"'\tx\"", "\"'\rx\"", "a=b", "\"'-\"");
        assertThat(csv).as("a negative number is a number, not text to neutralise").contains(",-24900.0,");
    }

    @Test
    void csvCellsNeutraliseOnlyText() {
        assertThat(ReportFormats.csvCell(new java.math.BigDecimal("-1.5"))).isEqualTo("-1.5");
        assertThat(ReportFormats.csvCell(-3)).isEqualTo("-3");
        assertThat(ReportFormats.csvCell("-1.5")).isEqualTo("\"'-1.5\"");
        assertThat(ReportFormats.csvCell("")).isEmpty();
        assertThat(ReportFormats.csvCell(null)).isEmpty();
    }

    @Test
    void csvCommentLinesNeverBreakWhateverTheSiteName() {
        String csv = ReportFormats.csv(named("Evil\r\nkind,id\r\n=cmd|' /C calc'!A0\u001b", "API, public", "api"));

        List<String> lines = List.of(csv.split("\r\n", -1));
        assertThat(lines.get(0)).isEqualTo("# SLA report 2026-06-01..2026-06-02 - Evil\\r\\nkind,id\\r\\n=cmd|' /C calc'!A0\\u001b");
        assertThat(lines).as("no CR or LF inside a line").allSatisfy(l -> assertThat(l).doesNotContain("\r", "\n"));
        int header = lines.indexOf(lines.stream().filter(l -> !l.startsWith("# ")).findFirst().orElseThrow());
        assertThat(header).as("the header and rule lines").isGreaterThanOrEqualTo(12);
        assertThat(lines.get(header)).startsWith("kind,id,name,");
    }

    @Test
    void jsonWritesMarkupCharactersAsUnicodeEscapes() throws Exception {
        String json = ReportFormats.json(named("<script>alert('x')</script> & co", "</script><b>API</b>", "api"));

        assertThat(json).doesNotContain("<", ">", "&", "'")
                .contains("\"site\" : \"\\u003Cscript\\u003Ealert(\\u0027x\\u0027)\\u003C/script\\u003E \\u0026 co\"");
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(tree.path("site").asText()).as("the text itself is unchanged").isEqualTo("<script>alert('x')</script> & co");
        assertThat(tree.path("rows").path(0).path("name").asText()).isEqualTo("</script><b>API</b>");
    }

    @Test
    void theTableShowsControlCharactersAsEscapesNeverRaw() {
        String table = ReportFormats.table(named("Status\u001b]0;pwned\u0007", "API\u001b[2J\rX", "api"));

        assertThat(table.chars().filter(c -> c != '\n' && Character.isISOControl(c))).as("control characters but newlines").isEmpty();
        assertThat(table).contains("SLA report 2026-06-01..2026-06-02 - Status\\u001b]0;pwned\\u0007\n")
                .containsPattern("API\\\\u001b\\[2J\\\\rX +75\\.000");
    }

    static final String GOLDEN_CSV = """
            # SLA report 2026-06-01..2026-06-02 - Example
            # period: 2026-06-01T00:00:00Z to 2026-06-02T00:00:00Z (Z)
            # UTC: 2026-06-01T00:00:00Z to 2026-06-02T00:00:00Z (24 h)
            # generated at 2026-07-01T00:00:00Z
            # rule 1: Time is weighted: each run's outcome holds from its start until the next run's start, at most twice the target's schedule interval; time beyond that is no data.
            # rule 2: Up is success and degraded time, down is failed time. Skipped runs' time and the component's maintenance windows are maintenance. Aborted runs (the monitor stopped) and time without runs are no data.
            # rule 3: Availability = up / (up + down): maintenance and no data are left out of the denominator and reported apart; shown with 3 decimals, rounded down.
            # rule 4: Downtime is down time; failed runs and runs are counted by start time. A component adds up the time of its targets.
            # rule 5: Error budget: allowed downtime = (100 % - objective) x (up + down); used = downtime; left = (allowed - used) / allowed, rounded down.
            # rule 6: Latency percentiles are nearest-rank over the runs started in the period that measured the figure, read from histograms of 32 buckets per doubling: within 1.1 % of the exact value, never outside the smallest and largest value measured. Warm request pN is over each run's own pN of its warm requests.
            # rule 7: Incidents: those naming the component that were open during the period, their time clipped to the period; MTTR is the mean time from creation to resolution of those resolved in it.
            # rule 8: Periods are in the page's time zone; the bounds below are exact UTC instants, start inclusive, end exclusive.
            # rule 9: Inside the platform: the medians (p50, from the same histograms) of what the canary measured there over the runs started in the period that measured it: file-system operations per second (its /work/fs cycle; opening small files, stats of missing paths, writes with fsync and directory listings), CPU work and its outbound call by phase in milliseconds.
            kind,id,name,component,availability_percent,up_min,degraded_min,downtime_min,maintenance_min,no_data_min,runs,failed_runs,incidents,incident_total_min,incident_longest_min,mttr_min,build_p50_ms,build_p95_ms,build_p99_ms,deploy_p50_ms,deploy_p95_ms,deploy_p99_ms,cold_start_p50_ms,cold_start_p95_ms,cold_start_p99_ms,request_p50_ms,request_p95_ms,request_p99_ms,budget_allowed_min,budget_used_min,budget_left_percent,objectives,fs_ops_p50_per_s,fs_open_read_p50_per_s,fs_stat_missing_p50_per_s,fs_create_fsync_p50_per_s,fs_list_p50_per_s,cpu_p50_ms,outbound_p50_ms,outbound_dns_p50_ms,outbound_connect_p50_ms,outbound_tls_p50_ms,outbound_ttfb_p50_ms
            component,api-public,"API, public",api-public,75.000,1080.0,0.0,360.0,0.0,0.0,4,1,0,0.0,0.0,,1000.0,1000.0,1000.0,200.0,200.0,200.0,200.0,300.0,300.0,1.0,2.0,3.0,1.4,360.0,-24900.0,availability=missed cold-start-p95=missed,1987,59572,400749,200,8000,20.1,,,,,
            target,api,api,api-public,75.000,1080.0,0.0,360.0,0.0,0.0,4,1,0,0.0,0.0,,1000.0,1000.0,1000.0,200.0,200.0,200.0,200.0,300.0,300.0,1.0,2.0,3.0,1.4,360.0,-24900.0,availability=missed cold-start-p95=missed,1987,59572,400749,200,8000,20.1,,,,,
            """;

    static final String GOLDEN_JSON = """
            {
              "site" : "Example",
              "period" : {
                "label" : "2026-06-01..2026-06-02",
                "time_zone" : "Z",
                "start" : "2026-06-01T00:00:00Z",
                "end" : "2026-06-02T00:00:00Z",
                "start_utc" : "2026-06-01T00:00:00Z",
                "end_utc" : "2026-06-02T00:00:00Z",
                "minutes" : 1440,
                "figures_until_utc" : "2026-06-02T00:00:00Z",
                "partial" : false
              },
              "generated_at" : "2026-07-01T00:00:00Z",
              "precision" : 3,
              "rules" : [ "Time is weighted: each run\\u0027s outcome holds from its start until the next run\\u0027s start, at most twice the target\\u0027s schedule interval; time beyond that is no data.", "Up is success and degraded time, down is failed time. Skipped runs\\u0027 time and the component\\u0027s maintenance windows are maintenance. Aborted runs (the monitor stopped) and time without runs are no data.", "Availability = up / (up + down): maintenance and no data are left out of the denominator and reported apart; shown with 3 decimals, rounded down.", "Downtime is down time; failed runs and runs are counted by start time. A component adds up the time of its targets.", "Error budget: allowed downtime = (100 % - objective) x (up + down); used = downtime; left = (allowed - used) / allowed, rounded down.", "Latency percentiles are nearest-rank over the runs started in the period that measured the figure, read from histograms of 32 buckets per doubling: within 1.1 % of the exact value, never outside the smallest and largest value measured. Warm request pN is over each run\\u0027s own pN of its warm requests.", "Incidents: those naming the component that were open during the period, their time clipped to the period; MTTR is the mean time from creation to resolution of those resolved in it.", "Periods are in the page\\u0027s time zone; the bounds below are exact UTC instants, start inclusive, end exclusive.", "Inside the platform: the medians (p50, from the same histograms) of what the canary measured there over the runs started in the period that measured it: file-system operations per second (its /work/fs cycle; opening small files, stats of missing paths, writes with fsync and directory listings), CPU work and its outbound call by phase in milliseconds." ],
              "rows" : [ {
                "kind" : "component",
                "id" : "api-public",
                "name" : "API, public",
                "component" : "api-public",
                "availability_percent" : 75.000,
                "minutes" : {
                  "up" : 1080.0,
                  "degraded" : 0.0,
                  "down" : 360.0,
                  "maintenance" : 0.0,
                  "no_data" : 0.0
                },
                "runs" : 4,
                "failed_runs" : 1,
                "incidents" : {
                  "count" : 0,
                  "total_min" : 0.0,
                  "longest_min" : 0.0,
                  "mttr_min" : null
                },
                "latency_ms" : {
                  "build" : {
                    "p50" : 1000.0,
                    "p95" : 1000.0,
                    "p99" : 1000.0
                  },
                  "deploy" : {
                    "p50" : 200.0,
                    "p95" : 200.0,
                    "p99" : 200.0
                  },
                  "cold_start" : {
                    "p50" : 200.0,
                    "p95" : 300.0,
                    "p99" : 300.0
                  },
                  "request" : {
                    "p50" : 1.0,
                    "p95" : 2.0,
                    "p99" : 3.0
                  }
                },
                "objectives" : [ {
                  "key" : "availability",
                  "objective" : 99.9,
                  "actual" : 75.000,
                  "compliance" : "missed"
                }, {
                  "key" : "cold-start-p95",
                  "objective" : 250,
                  "actual" : 300.0,
                  "compliance" : "missed"
                } ],
                "error_budget" : {
                  "allowed_min" : 1.4,
                  "used_min" : 360.0,
                  "left_percent" : -24900.0
                },
                "inside_p50" : {
                  "fs_ops_per_s" : 1987,
                  "fs_open_read_per_s" : 59572,
                  "fs_stat_missing_per_s" : 400749,
                  "fs_create_fsync_per_s" : 200,
                  "fs_list_per_s" : 8000,
                  "cpu_ms" : 20.1,
                  "outbound_ms" : null,
                  "outbound_dns_ms" : null,
                  "outbound_connect_ms" : null,
                  "outbound_tls_ms" : null,
                  "outbound_ttfb_ms" : null
                }
              }, {
                "kind" : "target",
                "id" : "api",
                "name" : "api",
                "component" : "api-public",
                "availability_percent" : 75.000,
                "minutes" : {
                  "up" : 1080.0,
                  "degraded" : 0.0,
                  "down" : 360.0,
                  "maintenance" : 0.0,
                  "no_data" : 0.0
                },
                "runs" : 4,
                "failed_runs" : 1,
                "incidents" : {
                  "count" : 0,
                  "total_min" : 0.0,
                  "longest_min" : 0.0,
                  "mttr_min" : null
                },
                "latency_ms" : {
                  "build" : {
                    "p50" : 1000.0,
                    "p95" : 1000.0,
                    "p99" : 1000.0
                  },
                  "deploy" : {
                    "p50" : 200.0,
                    "p95" : 200.0,
                    "p99" : 200.0
                  },
                  "cold_start" : {
                    "p50" : 200.0,
                    "p95" : 300.0,
                    "p99" : 300.0
                  },
                  "request" : {
                    "p50" : 1.0,
                    "p95" : 2.0,
                    "p99" : 3.0
                  }
                },
                "objectives" : [ {
                  "key" : "availability",
                  "objective" : 99.9,
                  "actual" : 75.000,
                  "compliance" : "missed"
                }, {
                  "key" : "cold-start-p95",
                  "objective" : 250,
                  "actual" : 300.0,
                  "compliance" : "missed"
                } ],
                "error_budget" : {
                  "allowed_min" : 1.4,
                  "used_min" : 360.0,
                  "left_percent" : -24900.0
                },
                "inside_p50" : {
                  "fs_ops_per_s" : 1987,
                  "fs_open_read_per_s" : 59572,
                  "fs_stat_missing_per_s" : 400749,
                  "fs_create_fsync_per_s" : 200,
                  "fs_list_per_s" : 8000,
                  "cpu_ms" : 20.1,
                  "outbound_ms" : null,
                  "outbound_dns_ms" : null,
                  "outbound_connect_ms" : null,
                  "outbound_tls_ms" : null,
                  "outbound_ttfb_ms" : null
                }
              } ]
            }
            """;
}
