-- Quartz's tables_h2.sql (V2) comes without indexes, so every trigger acquisition and misfire
-- scan read the whole of QRTZ_TRIGGERS: at 10,000 targets the acquisition query alone took half
-- of the monitor's CPU. This is the index of Quartz's own PostgreSQL script (postgresql/V2) that
-- those queries use. (A job's triggers, blocked and released on each fire, are found through
-- H2's foreign-key index; QRTZ_FIRED_TRIGGERS holds only the fires in progress, a few rows, and
-- each index would be one more map a kill -9 can leave out of step with its table: trap 24.)
-- H2 only (PostgreSQL has it since V2); version 35 is never used by db/migration/common.

-- Acquisition (state = WAITING, next fire time <= now + window) and the misfire scan.
CREATE INDEX IDX_QRTZ_T_NFT_ST ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME);
