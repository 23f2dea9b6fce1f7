-- A plugin's template question is suggested once, also when several controllers reach the checkpoint at the same
-- moment: suggestion_key is a hash of (plugin_id, text) on questions the checkpoint suggested, cleared when one is
-- dropped (so that it may be suggested again); both databases allow any number of NULLs in a unique index.
ALTER TABLE question ADD COLUMN suggestion_key VARCHAR(64);
CREATE UNIQUE INDEX uq_question_suggestion_key ON question (suggestion_key);
