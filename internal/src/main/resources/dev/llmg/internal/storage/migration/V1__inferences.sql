-- One row per call (InferenceRecord) and one per provider attempt (AttemptRecord).
-- Written to run unchanged on H2 2.x and PostgreSQL 15+:
--   * TEXT is unbounded on PostgreSQL and CHARACTER VARYING(1000000) on H2, so captured bodies must stay
--     under a million characters (tracking caps them far below that).
--   * Times are TIMESTAMP WITH TIME ZONE, written in UTC; PostgreSQL keeps microseconds, so the store
--     truncates instants to the microsecond on the way in.
--   * "group" is a reserved word: the routed group is model_group.

CREATE TABLE inferences (
    id                  VARCHAR(64)              NOT NULL PRIMARY KEY,
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    tenant              VARCHAR(255),
    caller              VARCHAR(255)             NOT NULL,
    surface             VARCHAR(32)              NOT NULL,
    operation           VARCHAR(32)              NOT NULL,
    requested_model     VARCHAR(255)             NOT NULL,
    rule                VARCHAR(255),
    model_group         VARCHAR(255),
    provider            VARCHAR(255),
    model               VARCHAR(255),
    streamed            BOOLEAN                  NOT NULL,
    status              VARCHAR(32)              NOT NULL,
    error_kind          VARCHAR(64),
    error_message       TEXT,
    latency_micros      BIGINT                   NOT NULL,
    first_piece_micros  BIGINT,
    overhead_micros     BIGINT                   NOT NULL,
    input_tokens        INTEGER,
    output_tokens       INTEGER,
    cached_input_tokens INTEGER,
    reasoning_tokens    INTEGER,
    tokens_estimated    BOOLEAN                  NOT NULL,
    cost_usd            NUMERIC(20, 10),
    finish_reason       VARCHAR(64),
    trace_id            VARCHAR(64),
    conversation_id     VARCHAR(255),
    request_body        TEXT,
    response_body       TEXT
);

-- Newest-first listing and its keyset condition on (started_at, id); purge by age.
CREATE INDEX inferences_started_at ON inferences (started_at, id);
-- Listing and usage filtered by one column over a time range.
CREATE INDEX inferences_requested_model ON inferences (requested_model, started_at);
CREATE INDEX inferences_provider ON inferences (provider, started_at);
CREATE INDEX inferences_status ON inferences (status, started_at);
CREATE INDEX inferences_caller ON inferences (caller, started_at);
CREATE INDEX inferences_tenant ON inferences (tenant, started_at);

CREATE TABLE inference_attempts (
    inference_id        VARCHAR(64)  NOT NULL REFERENCES inferences (id) ON DELETE CASCADE,
    number              INTEGER      NOT NULL,
    provider            VARCHAR(255) NOT NULL,
    model               VARCHAR(255) NOT NULL,
    outcome             VARCHAR(32)  NOT NULL,
    error_kind          VARCHAR(64),
    error_reason        TEXT,
    latency_micros      BIGINT       NOT NULL,
    backoff_micros      BIGINT       NOT NULL,
    provider_status     INTEGER      NOT NULL,
    provider_request_id VARCHAR(255),
    PRIMARY KEY (inference_id, number)
);
