-- 049: the officer's own re-assessment date (issue 14, point 8). The method
-- derives the date from the most urgent summary judgement; the officer may set
-- an earlier one, or a later one, but only with a written reason
-- (ruleOnOwnDate, methodology/reassessmentDue.ts). The re-assessment keeps the
-- date the plan was made with (derived_due_on) beside the one in force
-- (due_on), and the reason for any difference; a difference without a reason
-- cannot be stored. The change is audited as 'reassessment.date' (entity: the
-- plan; the reason stays in its table). Runs on PostgreSQL 15+ and PGlite.

ALTER TABLE reassessments ADD COLUMN derived_due_on date NULL;
UPDATE reassessments SET derived_due_on = due_on;
ALTER TABLE reassessments ALTER COLUMN derived_due_on SET NOT NULL;
ALTER TABLE reassessments ADD COLUMN own_date_reason text NULL;
ALTER TABLE reassessments ADD CONSTRAINT reassessments_own_date_has_reason
  CHECK (due_on = derived_due_on OR (own_date_reason IS NOT NULL AND btrim(own_date_reason) <> ''));
INSERT INTO audit_actions (action) VALUES ('reassessment.date');
