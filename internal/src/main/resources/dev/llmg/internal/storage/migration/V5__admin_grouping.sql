-- The grouping managed through the admin API (AdminService's levels and keys). Same SQL on H2 2.x and
-- PostgreSQL 15+: TEXT for JSON (no vendor JSON type), TIMESTAMP WITH TIME ZONE written in UTC and truncated to
-- the microsecond.
--
-- admin_levels: one row per tenant, team, group or endpoint the admin API created, or per config level it adds
--   settings to (same path: the database's settings win). path is the level's place, e.g. acme/search/backend;
--   kind tenant, team, group or endpoint; parent_path NULL for a tenant. allowlist is a JSON array of model
--   names, or NULL to inherit the nearest level's; tags a JSON object of labels; limits a JSON object
--   (requests_per_minute, tokens_per_minute, concurrent_requests, spend_per_day, spend_per_month; absent or 0:
--   unlimited).
-- admin_keys: one row per key the admin API issued. Only the key's hash (sha256:<64 hex>) is kept, never the
--   key; hint is the hash's first 8 hex digits, enough to tell keys apart. revoked_at in the future means the key
--   works until then (a rotation's grace period).

CREATE TABLE admin_levels (
    path        VARCHAR(1000)            NOT NULL PRIMARY KEY,
    kind        VARCHAR(16)              NOT NULL,
    parent_path VARCHAR(1000),
    name        VARCHAR(64)              NOT NULL,
    alias       VARCHAR(255),
    upstream    VARCHAR(255),
    allowlist   TEXT,
    tags        TEXT                     NOT NULL,
    limits      TEXT                     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE admin_keys (
    id            VARCHAR(64)              NOT NULL PRIMARY KEY,
    hash          VARCHAR(80)              NOT NULL UNIQUE,
    hint          VARCHAR(8)               NOT NULL,
    endpoint_path VARCHAR(1000)            NOT NULL,
    name          VARCHAR(255)             NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    limits        TEXT                     NOT NULL
);

-- Listing and deleting the keys of an endpoint.
CREATE INDEX admin_keys_endpoint ON admin_keys (endpoint_path);
