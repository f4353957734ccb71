-- Structured output (JSON asked for, tool calls' arguments): how each call's answer was checked, and each
-- attempt's. Same SQL on H2 2.x and PostgreSQL 15+ (one ADD COLUMN per statement: H2 and PostgreSQL spell a
-- list of them differently).
--
-- inferences (InferenceRecord):
--   structured_status      valid, repaired or invalid: the answer passed on (for a failed call, its last
--                          checked attempt's answer); NULL when the call asked for no JSON and had no tool calls.
--   structured_policy      validate, repair, retry or strict: the policy applied; NULL as structured_status.
--   structured_repairs     what was mended, the lower-case repair names of every check of that answer
--                          (e.g. code_fence,trailing_comma), each once, comma-separated; NULL when none.
--   structured_corrections how many correction turns the call asked for; NULL as structured_status.
--
-- inference_attempts (AttemptRecord):
--   structured_status      valid, repaired or invalid: this attempt's answer; NULL when it was not checked
--                          (it failed, or its call asked for no JSON).
--   structured_errors      the validator's messages about this attempt's answer, one per line (a line break
--                          inside a message is written as a space); NULL when none.

ALTER TABLE inferences ADD COLUMN structured_status VARCHAR(16);
ALTER TABLE inferences ADD COLUMN structured_policy VARCHAR(16);
ALTER TABLE inferences ADD COLUMN structured_repairs VARCHAR(255);
ALTER TABLE inferences ADD COLUMN structured_corrections INTEGER;
-- Listing filtered by structured_status over a time range (ListInferencesRequest.structured_status).
CREATE INDEX inferences_structured_status ON inferences (structured_status, started_at);

ALTER TABLE inference_attempts ADD COLUMN structured_status VARCHAR(16);
ALTER TABLE inference_attempts ADD COLUMN structured_errors TEXT;
