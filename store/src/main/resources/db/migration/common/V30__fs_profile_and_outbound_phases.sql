-- Portable SQL (H2 2.x and PostgreSQL). What the canary measures inside the platform beyond the
-- headline /work/fs figure: the file-system profile (/work/fs-profile, operations per second of
-- each kind) and the outbound call split by phase (milliseconds). Nullable: older runs, and
-- canaries that do not serve the profile, have none.
ALTER TABLE probe_runs ADD COLUMN wl_fs_open_read_per_s    DOUBLE PRECISION;
ALTER TABLE probe_runs ADD COLUMN wl_fs_stat_missing_per_s DOUBLE PRECISION;
ALTER TABLE probe_runs ADD COLUMN wl_fs_create_fsync_per_s DOUBLE PRECISION;
ALTER TABLE probe_runs ADD COLUMN wl_fs_list_per_s         DOUBLE PRECISION;
ALTER TABLE probe_runs ADD COLUMN wl_out_dns_ms            DOUBLE PRECISION;
ALTER TABLE probe_runs ADD COLUMN wl_out_connect_ms        DOUBLE PRECISION;
ALTER TABLE probe_runs ADD COLUMN wl_out_tls_ms            DOUBLE PRECISION;
ALTER TABLE probe_runs ADD COLUMN wl_out_ttfb_ms           DOUBLE PRECISION;
