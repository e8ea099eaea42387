-- Portable SQL (H2 2.x and PostgreSQL): unquoted lower-case names, standard types only.

-- One row per probe run; 'running' until the run finishes or is aborted at the next start.
CREATE TABLE probe_runs (
    id                VARCHAR(100)  NOT NULL PRIMARY KEY,
    target            VARCHAR(255)  NOT NULL,
    platform          VARCHAR(255),
    component         VARCHAR(255),
    node              VARCHAR(255),
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at       TIMESTAMP WITH TIME ZONE,
    outcome           VARCHAR(16)   NOT NULL,
    -- outcome holds for at most hold_ms after started_at in the time-weighted rollups
    hold_ms           BIGINT        NOT NULL,
    failure_phase     VARCHAR(32),
    failure_class     VARCHAR(32),
    failure_message   VARCHAR(4000),
    build_ms          DOUBLE PRECISION,
    deploy_ms         DOUBLE PRECISION,
    cold_start_ms     DOUBLE PRECISION,
    teardown_ms       DOUBLE PRECISION,
    fr_dns_ms         DOUBLE PRECISION,
    fr_connect_ms     DOUBLE PRECISION,
    fr_tls_ms         DOUBLE PRECISION,
    fr_ttfb_ms        DOUBLE PRECISION,
    fr_transfer_ms    DOUBLE PRECISION,
    fr_total_ms       DOUBLE PRECISION,
    fr_status         INTEGER,
    warm_count        INTEGER,
    warm_p50_ms       DOUBLE PRECISION,
    warm_p95_ms       DOUBLE PRECISION,
    warm_p99_ms       DOUBLE PRECISION,
    warm_max_ms       DOUBLE PRECISION,
    wl_fs_ops_per_s   DOUBLE PRECISION,
    wl_cpu_ms         DOUBLE PRECISION,
    wl_outbound_ms    DOUBLE PRECISION,
    nonce_verified    BOOLEAN       NOT NULL,
    canary_started_at TIMESTAMP WITH TIME ZONE,
    -- JSON array of {objective, limit, actual}; NULL when there were none
    slo_breaches      VARCHAR(20000)
);

-- latest / recent / between and the previous/next run of the time-weighting
CREATE INDEX idx_probe_runs_target_started ON probe_runs (target, started_at);
-- abortUnfinished(node)
CREATE INDEX idx_probe_runs_node_outcome ON probe_runs (node, outcome);
-- every run still running, whatever the node
CREATE INDEX idx_probe_runs_outcome ON probe_runs (outcome);

-- One row per target that ever ran: lists targets cheaply and serialises writers of one
-- target (SELECT ... FOR UPDATE), so the previous/next run seen by the rollups is stable.
CREATE TABLE run_targets (
    target VARCHAR(255) NOT NULL PRIMARY KEY
);

-- One target's runs of one UTC day; see DailyRollup.
CREATE TABLE daily_rollups (
    target            VARCHAR(255) NOT NULL,
    utc_day           DATE         NOT NULL,
    run_count         INTEGER      DEFAULT 0 NOT NULL,
    success_count     INTEGER      DEFAULT 0 NOT NULL,
    degraded_count    INTEGER      DEFAULT 0 NOT NULL,
    failed_count      INTEGER      DEFAULT 0 NOT NULL,
    aborted_count     INTEGER      DEFAULT 0 NOT NULL,
    skipped_count     INTEGER      DEFAULT 0 NOT NULL,
    success_ms        BIGINT       DEFAULT 0 NOT NULL,
    degraded_ms       BIGINT       DEFAULT 0 NOT NULL,
    failed_ms         BIGINT       DEFAULT 0 NOT NULL,
    aborted_ms        BIGINT       DEFAULT 0 NOT NULL,
    skipped_ms        BIGINT       DEFAULT 0 NOT NULL,
    build_count       INTEGER      DEFAULT 0 NOT NULL,
    sum_build_ms      DOUBLE PRECISION DEFAULT 0 NOT NULL,
    deploy_count      INTEGER      DEFAULT 0 NOT NULL,
    sum_deploy_ms     DOUBLE PRECISION DEFAULT 0 NOT NULL,
    cold_start_count  INTEGER      DEFAULT 0 NOT NULL,
    sum_cold_start_ms DOUBLE PRECISION DEFAULT 0 NOT NULL,
    max_cold_start_ms DOUBLE PRECISION DEFAULT 0 NOT NULL,
    warm_count        INTEGER      DEFAULT 0 NOT NULL,
    sum_warm_p95_ms   DOUBLE PRECISION DEFAULT 0 NOT NULL,
    PRIMARY KEY (target, utc_day)
);
