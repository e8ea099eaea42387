-- Alerting decides "the platform is unreachable" from the platform's newest runs across its
-- targets: one walk of this index instead of one read per target.
CREATE INDEX idx_probe_runs_platform_started_id ON probe_runs (platform, started_at, id);
