-- 010: the audit log's vocabulary as data. Until now each migration that added
-- an action restated the whole CHECK list on audit_log.action; two changes
-- made side by side would each restate their own list, and the later one
-- would drop the other's actions. Now the actions and entity types an audit
-- row may name are rows of two small tables, which a migration extends with
-- an INSERT of its own additions only; audit_log refers to them. The lists
-- mirror api/auditLog.ts (a spec compares them). Read-only to the app role.
-- Runs on PostgreSQL 15+ and PGlite.

CREATE TABLE audit_actions (action text PRIMARY KEY);
INSERT INTO audit_actions (action) VALUES
  ('assessment.create'),
  ('assessment.answer'),
  ('assessment.complete'),
  ('assessment.discard'),
  ('assessment.read'),
  ('case.assessments.list'),
  ('audit.read'),
  ('case.create'),
  ('case.read'),
  ('case.assign'),
  ('case.update'),
  ('case.break_glass'),
  ('person.add'),
  ('person.read'),
  ('plan.create'),
  ('plan.read'),
  ('measure.add'),
  ('measure.update'),
  ('retention.erase'),
  ('access.denied'),
  ('officer.provision'),
  ('officer.deactivate');

CREATE TABLE audit_entity_types (entity_type text PRIMARY KEY);
INSERT INTO audit_entity_types (entity_type) VALUES
  ('assessment'),
  ('case'),
  ('person'),
  ('plan'),
  ('measure'),
  ('officer');

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_known FOREIGN KEY (action) REFERENCES audit_actions (action);
ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_type_known FOREIGN KEY (entity_type) REFERENCES audit_entity_types (entity_type);

REVOKE ALL ON audit_actions, audit_entity_types FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'bops_app') THEN
    REVOKE ALL ON audit_actions, audit_entity_types FROM bops_app;
    GRANT SELECT ON audit_actions, audit_entity_types TO bops_app;
  END IF;
END
$$;
