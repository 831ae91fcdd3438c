-- 006: a draft its officer gives up on is discarded, not deleted. Officers
-- start drafts by mistake, on the wrong case or twice; a discarded draft keeps
-- its answers and the officer's reason for discarding it until retention
-- erases it (like a stale draft), no longer counts as open work of its case,
-- and takes no answer or completion. Discarding is audited as
-- 'assessment.discard' (the reason stays on the assessment: it is free text).
-- The action list mirrors api/auditLog.ts (a spec compares them). Runs on
-- PostgreSQL 15+ and PGlite.

ALTER TABLE assessments DROP CONSTRAINT assessments_status_check;
ALTER TABLE assessments ADD CONSTRAINT assessments_status_check CHECK (status IN ('draft', 'completed', 'discarded'));
ALTER TABLE assessments
  ADD COLUMN discarded_at timestamptz,
  ADD COLUMN discard_reason text,
  ADD CONSTRAINT assessments_discarded_at_iff_discarded CHECK ((status = 'discarded') = (discarded_at IS NOT NULL)),
  ADD CONSTRAINT assessments_discard_reason_iff_discarded CHECK ((status = 'discarded') = (discard_reason IS NOT NULL));

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
  'assessment.create', 'assessment.answer', 'assessment.complete', 'assessment.discard',
  'assessment.read', 'case.assessments.list',
  'case.create', 'case.read', 'case.assign', 'case.update',
  'person.add', 'person.read',
  'plan.create', 'plan.read', 'measure.add', 'measure.update',
  'retention.erase',
  'access.denied',
  'officer.provision', 'officer.deactivate'));
