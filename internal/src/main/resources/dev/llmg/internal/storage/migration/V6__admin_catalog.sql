-- The providers and models managed through the admin API. Same SQL on H2 2.x and PostgreSQL 15+.
--
-- Each row is one entry as config would write it: settings is the JSON object of providers.<name> (type, base_url,
-- api_key as an env:/file: reference, never a key) or of an item of models (provider, provider_model or targets,
-- ...), without its name, which is the key. A disabled entry is kept but left out of the configuration in use.
-- Every change also writes admin_audit and steps admin_revision (V3) in its own transaction; other replicas see
-- the revision move and read these tables again.

CREATE TABLE admin_providers (
    name        VARCHAR(255)             NOT NULL PRIMARY KEY,
    settings    TEXT                     NOT NULL,
    disabled    BOOLEAN                  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE admin_models (
    name        VARCHAR(255)             NOT NULL PRIMARY KEY,
    settings    TEXT                     NOT NULL,
    disabled    BOOLEAN                  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
