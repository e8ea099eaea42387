-- Reads of one target's runs (its recent runs, a run's neighbours in the rollups, a day's range)
-- order by (started_at, id): with id in the index, H2 walks it in that order and stops after the
-- rows it needs instead of sorting the target's whole history. It replaces (target, started_at).
CREATE INDEX idx_probe_runs_target_started_id ON probe_runs (target, started_at, id);
DROP INDEX idx_probe_runs_target_started;
