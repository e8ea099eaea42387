-- Portable SQL (H2 2.x and PostgreSQL). The fire a run is for (the scheduler's planned time;
-- NULL outside the scheduler, e.g. the probe command): how late each run started, and, with several nodes, that
-- each fire ran exactly once.
ALTER TABLE probe_runs ADD COLUMN scheduled_at TIMESTAMP WITH TIME ZONE;
