-- 005: the last gaps of the audit log and the case domain.
--   * Refused requests are audited too (directive 2016/680 art. 25 and the
--     police data law ask for access attempts, not only for accesses): the
--     action 'access.denied'. A refusal may concern something that does not
--     exist or has no id (a case not yet created, the national statistics), so
--     such a row may name no entity; every other row still names one.
--   * A case's status and violence type change through the API, with a version
--     for ETag/If-Match: the action 'case.update'.
--   * Officers are provisioned and deactivated by an administrator's command,
--     audited as 'officer.provision' and 'officer.deactivate' on the entity
--     type 'officer'.
-- The lists mirror api/auditAppend.ts and api/assessmentRepository.ts (a spec
-- checks both). Runs on PostgreSQL 15+ and PGlite. The hash chain (002) hashes
-- a NULL entity as '~', as it does every NULL field.

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
  'assessment.create', 'assessment.answer', 'assessment.complete',
  'assessment.read', 'case.assessments.list',
  'case.create', 'case.read', 'case.assign', 'case.update',
  'person.add', 'person.read',
  'plan.create', 'plan.read', 'measure.add', 'measure.update',
  'retention.erase',
  'access.denied',
  'officer.provision', 'officer.deactivate'));
ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_type_check CHECK (entity_type IN (
  'assessment', 'case', 'person', 'plan', 'measure', 'officer'));
ALTER TABLE audit_log
  ALTER COLUMN entity_type DROP NOT NULL,
  ALTER COLUMN entity_id DROP NOT NULL,
  ADD CONSTRAINT audit_log_entity_named CHECK (
    (entity_type IS NULL) = (entity_id IS NULL)
    AND (entity_id IS NOT NULL OR action = 'access.denied'));

-- Bumped by every change of the case's status or violence type; the API's
-- ETag of a case, compared under the row lock. Assignments do not bump it:
-- they do not conflict with a status change.
ALTER TABLE cases
  ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
