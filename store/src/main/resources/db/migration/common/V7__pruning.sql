-- Pruning: a trial stopped early by a rule over its learning curve is PRUNED (it keeps its partial curve), and a
-- question names the rule it uses (none, median, asha).
ALTER TABLE trial DROP CONSTRAINT ck_trial_status;
ALTER TABLE trial ADD CONSTRAINT ck_trial_status
    CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'INTERRUPTED', 'CANCELLED', 'PRUNED'));
ALTER TABLE question ADD COLUMN pruner VARCHAR(64);
