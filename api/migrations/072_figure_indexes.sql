-- 072: indexes the figures (issue 16, item 5) read by: a case's plans and
-- re-assessments (looked up per case), and completed assessments by case and
-- level. Runs on PostgreSQL 15+ and PGlite.
CREATE INDEX protection_plans_case_idx ON protection_plans (case_id);
CREATE INDEX reassessments_case_idx ON reassessments (case_id) WHERE status = 'planned';
CREATE INDEX assessments_completed_case_level_idx ON assessments (case_id, level) INCLUDE (completed_at, instrument_id) WHERE status = 'completed';
