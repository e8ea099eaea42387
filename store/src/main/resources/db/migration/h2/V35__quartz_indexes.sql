-- Quartz's tables_h2.sql (V2) comes without indexes, so every trigger acquisition, misfire scan
-- and per-job state update read the whole of QRTZ_TRIGGERS: at 10,000 targets the acquisition
-- query alone took half of the monitor's CPU. These are the indexes of Quartz's own PostgreSQL
-- script (postgresql/V2) that the queries run for each fire and each check-in use. (A job's
-- triggers, blocked and released on each fire, are found through H2's foreign-key index.)
-- H2 only (PostgreSQL has them since V2); version 35 is never used by db/migration/common.

-- Acquisition (state = WAITING, next fire time <= now + window) and the misfire scan.
CREATE INDEX IDX_QRTZ_T_NFT_ST ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME);
-- A node's fired triggers, read at each cluster check-in and when a failed node is recovered.
CREATE INDEX IDX_QRTZ_FT_TRIG_INST_NAME ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, INSTANCE_NAME);
-- A job's fired triggers (is it running anywhere?).
CREATE INDEX IDX_QRTZ_FT_J_G ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
