-- 007: reading an entity's audit trail is itself a consultation: the trail
-- names who did what with a person's assessment, so an auditor's read is
-- recorded as 'audit.read' on the entity read. The action list mirrors
-- api/auditLog.ts (a spec compares them). Runs on PostgreSQL 15+ and PGlite.

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
  'assessment.create', 'assessment.answer', 'assessment.complete', 'assessment.discard',
  'assessment.read', 'case.assessments.list', 'audit.read',
  'case.create', 'case.read', 'case.assign', 'case.update',
  'person.add', 'person.read',
  'plan.create', 'plan.read', 'measure.add', 'measure.update',
  'retention.erase',
  'access.denied',
  'officer.provision', 'officer.deactivate'));
