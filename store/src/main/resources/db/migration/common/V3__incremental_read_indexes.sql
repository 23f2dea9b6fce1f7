-- The loop brings a question's history up to date by reading rows from an id on
-- (QuestionHistory): these make that a range scan instead of a scan of the whole question.
CREATE INDEX ix_proposal_question_id ON proposal (question_id, id);
CREATE INDEX ix_trial_question_id ON trial (question_id, id);
