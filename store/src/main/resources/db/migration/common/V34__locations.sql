-- Portable SQL (H2 2.x and PostgreSQL). Probe locations (issue 10).

-- Where a run ran (its node's location); NULL for runs stored before locations existed.
ALTER TABLE probe_runs ADD COLUMN location VARCHAR(63);

-- One schedule in force per Quartz scheduler: each location's nodes write their own targets'
-- jobs (scheduler "shipwatch" for the default location and for configs naming no location,
-- "shipwatch@<location>" otherwise). The existing row is the "shipwatch" scheduler's.
ALTER TABLE schedule_state ADD COLUMN scheduler VARCHAR(255) DEFAULT 'shipwatch' NOT NULL;
CREATE UNIQUE INDEX idx_schedule_state_scheduler ON schedule_state (scheduler);
