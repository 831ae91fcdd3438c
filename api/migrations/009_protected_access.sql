-- 009: who may see a person with protected identity is need-to-know, not
-- self-service. Assignment lets an officer work a case; it opens the case's
-- protected persons (and the plans protecting them) only when another officer
-- entitled to it — a Bops officer of the case's region — made it
-- ('assigned'), or when the officer opened it themself with a stated reason,
-- an audited break-glass that the case's officers see on the case
-- ('break_glass', action 'case.break_glass'). An assignment an officer makes
-- for themself, as the bot does to save a plan, opens nothing ('none').
-- Assignments made before this migration by someone else keep their access.
-- The action list mirrors api/auditLog.ts (a spec compares them). Runs on
-- PostgreSQL 15+ and PGlite.

ALTER TABLE case_assignments
  ADD COLUMN protected_access text NOT NULL DEFAULT 'none' CHECK (protected_access IN ('none', 'assigned', 'break_glass')),
  ADD COLUMN protected_access_at timestamptz,
  ADD COLUMN break_glass_reason text,
  ADD CONSTRAINT case_assignments_access_dated CHECK ((protected_access = 'none') = (protected_access_at IS NULL)),
  ADD CONSTRAINT case_assignments_break_glass_reasoned CHECK ((protected_access = 'break_glass') = (break_glass_reason IS NOT NULL));

UPDATE case_assignments SET protected_access = 'assigned', protected_access_at = assigned_at WHERE assigned_by <> officer_id;

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
  'assessment.create', 'assessment.answer', 'assessment.complete', 'assessment.discard',
  'assessment.read', 'case.assessments.list', 'audit.read',
  'case.create', 'case.read', 'case.assign', 'case.update', 'case.break_glass',
  'person.add', 'person.read',
  'plan.create', 'plan.read', 'measure.add', 'measure.update',
  'retention.erase',
  'access.denied',
  'officer.provision', 'officer.deactivate'));
