-- Public incidents and maintenance windows (portable SQL, as V1). Text columns hold plain text
-- as typed by an admin; every view escapes it.

CREATE TABLE incidents (
    id             VARCHAR(40)  NOT NULL PRIMARY KEY,
    name           VARCHAR(300) NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    impact         VARCHAR(16)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    monitoring_at  TIMESTAMP WITH TIME ZONE,
    resolved_at    TIMESTAMP WITH TIME ZONE,
    -- the component an automatic incident was opened for; NULL when a person opened it
    auto_component VARCHAR(255)
);
-- recent(limit), createdBetween
CREATE INDEX idx_incidents_created ON incidents (created_at);
-- unresolved(), openAutomatic(component)
CREATE INDEX idx_incidents_resolved ON incidents (resolved_at, auto_component);

CREATE TABLE incident_updates (
    id                  VARCHAR(40)    NOT NULL PRIMARY KEY,
    incident_id         VARCHAR(40)    NOT NULL REFERENCES incidents (id),
    status              VARCHAR(16)    NOT NULL,
    body                VARCHAR(20000) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    -- insertion order breaks ties between updates made in the same microsecond
    seq                 INTEGER        NOT NULL,
    -- JSON array of {code, name, old_status, new_status}; NULL when none changed
    affected_components VARCHAR(20000)
);
CREATE INDEX idx_incident_updates_incident ON incident_updates (incident_id, seq);

-- The status each incident sets for each component it names (the latest one given).
CREATE TABLE incident_components (
    incident_id  VARCHAR(40)  NOT NULL REFERENCES incidents (id),
    component_id VARCHAR(255) NOT NULL,
    status       VARCHAR(32)  NOT NULL,
    position     INTEGER      NOT NULL,
    PRIMARY KEY (incident_id, component_id)
);

CREATE TABLE maintenances (
    id              VARCHAR(40)  NOT NULL PRIMARY KEY,
    name            VARCHAR(300) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    scheduled_for   TIMESTAMP WITH TIME ZONE NOT NULL,
    scheduled_until TIMESTAMP WITH TIME ZONE NOT NULL,
    verifying_at    TIMESTAMP WITH TIME ZONE,
    -- completed early or cancelled at
    ended_at        TIMESTAMP WITH TIME ZONE,
    cancelled       BOOLEAN      NOT NULL
);
-- notEndedAt(t), overlapping(from, to), inMaintenance(component, t)
CREATE INDEX idx_maintenances_until ON maintenances (scheduled_until, scheduled_for);
CREATE INDEX idx_maintenances_for ON maintenances (scheduled_for);

CREATE TABLE maintenance_updates (
    id             VARCHAR(40)    NOT NULL PRIMARY KEY,
    maintenance_id VARCHAR(40)    NOT NULL REFERENCES maintenances (id),
    status         VARCHAR(16)    NOT NULL,
    body           VARCHAR(20000) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    seq            INTEGER        NOT NULL
);
CREATE INDEX idx_maintenance_updates_maintenance ON maintenance_updates (maintenance_id, seq);

CREATE TABLE maintenance_components (
    maintenance_id VARCHAR(40)  NOT NULL REFERENCES maintenances (id),
    component_id   VARCHAR(255) NOT NULL,
    position       INTEGER      NOT NULL,
    PRIMARY KEY (maintenance_id, component_id)
);
-- inMaintenance(component, t): from the component to its windows
CREATE INDEX idx_maintenance_components_component ON maintenance_components (component_id, maintenance_id);
