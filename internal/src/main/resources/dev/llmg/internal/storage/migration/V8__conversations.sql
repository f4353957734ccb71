-- Conversations whose history llmg keeps (ConversationService), and their messages. Same SQL on H2 2.x and
-- PostgreSQL 15+.
--
-- A conversation belongs to the caller that created it (owner: Caller.id, with its tenant). turn_count is the
-- number of its last turn: the transaction that appends a turn locks the row (SELECT ... FOR UPDATE), takes
-- turn_count + 1 and writes it back, so appends from any number of replicas are ordered by the database and the
-- messages of two turns never interleave.

CREATE TABLE conversations (
    id                 VARCHAR(64)              NOT NULL PRIMARY KEY,
    owner              VARCHAR(255)             NOT NULL,
    tenant             VARCHAR(255),
    title              VARCHAR(500)             NOT NULL,
    system_prompt      TEXT                     NOT NULL,
    model              VARCHAR(255)             NOT NULL,
    end_user_id        VARCHAR(255)             NOT NULL,
    metadata           TEXT                     NOT NULL,
    max_pairs          INTEGER                  NOT NULL,
    max_context_tokens INTEGER                  NOT NULL,
    turn_count         INTEGER                  NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A caller's conversations, newest first, and its keyset condition on (created_at, id).
CREATE INDEX conversations_owner ON conversations (owner, created_at, id);

-- One row per stored message: a turn's own messages have version 0; its answer version 1, and one more for each
-- regenerate, the earlier ones marked superseded. message is the canonical proto JSON of gatewayapi.v1.Message.
CREATE TABLE conversation_messages (
    conversation_id VARCHAR(64)              NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    turn            INTEGER                  NOT NULL,
    version         INTEGER                  NOT NULL,
    position        INTEGER                  NOT NULL,
    superseded      BOOLEAN                  NOT NULL,
    message         TEXT                     NOT NULL,
    inference_id    VARCHAR(64)              NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (conversation_id, turn, position, version)
);
