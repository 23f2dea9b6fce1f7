-- One active question per plugin and text, also when two controllers start the same question at the same
-- moment: active_key is a hash of (plugin_id, text) while the question is ACTIVE and NULL once it is DONE, and
-- both databases allow any number of NULLs in a unique index. Questions active before this migration keep a
-- NULL key; they are still found (and continued) by plugin and text.
ALTER TABLE question ADD COLUMN active_key VARCHAR(64);
CREATE UNIQUE INDEX uq_question_active_key ON question (active_key);

-- Why a trial ended when it did not complete: whose fault it was decides whether it counts as an attempt.
ALTER TABLE trial ADD COLUMN end_cause VARCHAR(32);
