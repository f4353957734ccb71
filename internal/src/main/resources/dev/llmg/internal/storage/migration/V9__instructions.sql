-- Named, versioned instructions (InstructionService), and the instruction each inference was rendered from.
-- Same SQL on H2 2.x and PostgreSQL 15+: TEXT for JSON, TIMESTAMP WITH TIME ZONE written in UTC and truncated to
-- the microsecond.
--
-- instruction_versions: one row per version, never updated: versions are immutable. tenant is the tenant the
--   instruction belongs to, '' for a shared one (so that it can be part of the key). spec is the version's
--   contents as the JSON of gatewayapi.v1.InstructionVersion (messages, model, parameters, tools, response
--   format, description).
-- instruction_labels: one row per label, pointing at a version of the same instruction; moved by an UPDATE.
-- instruction_revision: one row whose revision moves with every change, so that every replica notices one.

CREATE TABLE instruction_versions (
    tenant     VARCHAR(255)             NOT NULL,
    name       VARCHAR(128)             NOT NULL,
    version    INTEGER                  NOT NULL,
    spec       TEXT                     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by VARCHAR(255)             NOT NULL,
    PRIMARY KEY (tenant, name, version)
);

CREATE TABLE instruction_labels (
    tenant     VARCHAR(255)             NOT NULL,
    name       VARCHAR(128)             NOT NULL,
    label      VARCHAR(64)              NOT NULL,
    version    INTEGER                  NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, name, label)
);

CREATE TABLE instruction_revision (
    id       INTEGER NOT NULL PRIMARY KEY,
    revision BIGINT  NOT NULL
);

INSERT INTO instruction_revision (id, revision) VALUES (1, 0);

ALTER TABLE inferences ADD COLUMN instruction_name VARCHAR(128);
ALTER TABLE inferences ADD COLUMN instruction_version INTEGER;
