-- Sampling parameters a level of the grouping managed through the admin API sets for its callers' requests that
-- set none: a JSON object (temperature, top_p, max_tokens, seed, presence_penalty, frequency_penalty), or NULL
-- for none. Same SQL on H2 2.x and PostgreSQL 15+.

ALTER TABLE admin_levels ADD COLUMN parameters TEXT;
