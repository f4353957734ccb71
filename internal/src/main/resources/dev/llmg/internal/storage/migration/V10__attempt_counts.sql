-- What the usage report sums about routing, kept with each call so that a report reads one table. Same SQL on
-- H2 2.x and PostgreSQL 15+.
--
-- attempt_count: the call's provider attempts (its rows in inference_attempts); 0 when it was refused before any.
--   Rows written before this migration are counted from inference_attempts here.
-- fell_back: whether the call's last attempt (the one that answered, or the last that failed) went to a target of
--   a fallback of the model routing started with (RoutingDecision.fallbacks not empty). Which model each attempt
--   was reached through was never recorded before, so older rows say FALSE.

ALTER TABLE inferences ADD COLUMN attempt_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE inferences ADD COLUMN fell_back BOOLEAN DEFAULT FALSE NOT NULL;

UPDATE inferences SET attempt_count = (SELECT COUNT(*) FROM inference_attempts a WHERE a.inference_id = inferences.id);
