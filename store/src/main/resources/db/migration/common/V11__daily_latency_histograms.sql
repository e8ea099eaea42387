-- Latency histograms per target, UTC day and figure, kept up to date as runs land (in the same
-- transaction as daily_rollups), so that SLA report percentiles over a month or a year never read
-- raw runs: a year of 5-minute runs of 50 targets is 5.3 million rows, read in tens of seconds,
-- against 110,000 small rows. See LatencyHistogram for the buckets and the text form.
CREATE TABLE daily_latency_histograms (
    target  VARCHAR(255)    NOT NULL,
    utc_day DATE            NOT NULL,
    -- build, deploy, cold_start, warm_p50, warm_p95, warm_p99
    figure  VARCHAR(16)     NOT NULL,
    buckets VARCHAR(100000) DEFAULT '' NOT NULL,
    PRIMARY KEY (target, utc_day, figure)
);
