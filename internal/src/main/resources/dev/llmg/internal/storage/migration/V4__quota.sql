-- Quotas shared by every replica on this database (package dev.llmg.internal.quota). Same SQL on H2 2.x and
-- PostgreSQL 15+.
--
-- quota_counters: one row per scope, kind and fixed UTC window.
--   scope         the scope id, e.g. tenant:acme or key:1a2b3c4d
--   kind          requests (units leased to instances in a minute), tokens (charged in a minute),
--                 spend_day / spend_month (nano-USD charged in a UTC day / month), or slots: a row per scope
--                 (window_start 0, used unused) whose lock serializes concurrency grants for that scope
--   window_start  the epoch second the window starts at
--   used          the count: request units, tokens or nano-USD
-- Rows of ended windows count no more and are purged by the instances.
CREATE TABLE quota_counters (
    scope        VARCHAR(255) NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    window_start BIGINT       NOT NULL,
    used         BIGINT       NOT NULL,
    PRIMARY KEY (scope, kind, window_start)
);
-- Purging ended windows by kind.
CREATE INDEX quota_counters_window ON quota_counters (kind, window_start);

-- quota_slots: the concurrency slots each instance holds per scope, and when it last beat (epoch millis);
-- rows whose beat is older than a few seconds (a crashed instance) no longer count.
CREATE TABLE quota_slots (
    scope    VARCHAR(255) NOT NULL,
    instance VARCHAR(64)  NOT NULL,
    held     INTEGER      NOT NULL,
    beat_at  BIGINT       NOT NULL,
    PRIMARY KEY (scope, instance)
);
-- Heartbeats and leaving touch every row of one instance.
CREATE INDEX quota_slots_instance ON quota_slots (instance);
